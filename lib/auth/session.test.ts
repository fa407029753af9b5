import { describe, expect, it } from "vitest";
import { SESSION_ABSOLUTE_SECONDS, SESSION_IDLE_SECONDS } from "./options";
import { sessionExpired, sessionTokenFrom } from "./session";

describe("session lifetimes", () => {
  it("ends a session 12 hours after sign-in however busy it was, and idles out sooner", () => {
    const signedInAt = 1_800_000_000;
    expect(sessionExpired(signedInAt, (signedInAt + SESSION_ABSOLUTE_SECONDS - 60) * 1000)).toBe(false);
    expect(sessionExpired(signedInAt, (signedInAt + SESSION_ABSOLUTE_SECONDS + 1) * 1000)).toBe(true);
    expect(SESSION_IDLE_SECONDS).toBeLessThan(SESSION_ABSOLUTE_SECONDS);
  });
});

describe("sessionTokenFrom", () => {
  const plain = "next-auth.session-token";
  const secure = "__Secure-next-auth.session-token";

  it("takes the token under next-auth's name, the __Secure- one over https only", () => {
    const sent = [
      { name: "other", value: "x" },
      { name: plain, value: "plain-token" },
    ];
    expect(sessionTokenFrom(sent, false)).toBe("plain-token");
    expect(sessionTokenFrom(sent, true)).toBeUndefined();
    expect(sessionTokenFrom([{ name: secure, value: "secure-token" }], true)).toBe("secure-token");
    expect(sessionTokenFrom([{ name: secure, value: "secure-token" }], false)).toBeUndefined();
  });

  it("joins a split token's chunks in their order, whatever order they came in", () => {
    const sent = [
      { name: `${plain}.2`, value: "C" },
      { name: `${plain}.0`, value: "A" },
      { name: `${plain}.x`, value: "junk" },
      { name: `${plain}.1`, value: "B" },
      { name: `${plain}x.3`, value: "junk" },
    ];
    expect(sessionTokenFrom(sent, false)).toBe("ABC");
  });

  it("finds nothing when no session cookie was sent", () => {
    expect(sessionTokenFrom([], false)).toBeUndefined();
    expect(sessionTokenFrom([{ name: "next-auth.csrf-token", value: "t" }], false)).toBeUndefined();
  });
});
