import { describe, expect, it } from "vitest";
import { authSecret, configuredSecret, MIN_SECRET_LENGTH } from "./secret";

describe("the session secret", () => {
  it.each(["x", "short-secret", "a".repeat(MIN_SECRET_LENGTH - 1), `   ${"b".repeat(20)}   `])(
    "refuses %j with a message that says what to do",
    (value) => {
      expect(() => authSecret({ NEXTAUTH_SECRET: value })).toThrow(/at least 32 characters/);
      expect(() => authSecret({ AUTH_SECRET: value })).toThrow(/NEXTAUTH_SECRET \(or AUTH_SECRET\)/);
    },
  );

  it("takes a long enough one, trimmed, NEXTAUTH_SECRET first", () => {
    const long = "c".repeat(MIN_SECRET_LENGTH);
    expect(authSecret({ NEXTAUTH_SECRET: ` ${long} ` })).toBe(long);
    expect(configuredSecret({ NEXTAUTH_SECRET: long, AUTH_SECRET: "d".repeat(40) })).toBe(long);
    expect(configuredSecret({ AUTH_SECRET: "d".repeat(40) })).toBe("d".repeat(40));
    expect(configuredSecret({})).toBeUndefined();
  });
});
