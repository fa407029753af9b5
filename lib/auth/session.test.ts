import { describe, expect, it } from "vitest";
import { SESSION_ABSOLUTE_SECONDS, SESSION_IDLE_SECONDS } from "./options";
import { sessionExpired } from "./session";

describe("session lifetimes", () => {
  it("ends a session 12 hours after sign-in however busy it was, and idles out sooner", () => {
    const signedInAt = 1_800_000_000;
    expect(sessionExpired(signedInAt, (signedInAt + SESSION_ABSOLUTE_SECONDS - 60) * 1000)).toBe(false);
    expect(sessionExpired(signedInAt, (signedInAt + SESSION_ABSOLUTE_SECONDS + 1) * 1000)).toBe(true);
    expect(SESSION_IDLE_SECONDS).toBeLessThan(SESSION_ABSOLUTE_SECONDS);
  });
});
