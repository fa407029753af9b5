import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTemporaryDatabase } from "@/lib/testing/database";
import { LoginThrottle } from "./login-throttle";

// The counters live in the rate_limits table (lib/limits/store.ts).
let db: ReturnType<typeof useTemporaryDatabase>;
beforeAll(() => {
  db = useTemporaryDatabase();
});
afterAll(() => db.cleanup());

describe("login throttle", () => {
  const policy = { freeFailures: 3, baseDelayMs: 1_000, maxDelayMs: 8_000, windowMs: 60_000 };

  it("lets the first failures through, then doubles the wait up to the cap", () => {
    const throttle = new LoginThrottle("test.doubling", policy);
    const t0 = 1_000_000;
    for (let i = 0; i < 3; i += 1) throttle.fail("ada", t0);
    expect(throttle.waitFor("ada", t0)).toBe(0);
    const waits = [];
    for (let i = 0; i < 6; i += 1) {
      throttle.fail("ada", t0);
      waits.push(throttle.waitFor("ada", t0));
    }
    expect(waits).toEqual([1_000, 2_000, 4_000, 8_000, 8_000, 8_000]);
    expect(throttle.waitFor("someone-else", t0)).toBe(0);
  });

  it("forgives after a success or once the window has passed", () => {
    const throttle = new LoginThrottle("test.forgiving", policy);
    for (let i = 0; i < 5; i += 1) throttle.fail("ada", 0);
    expect(throttle.waitFor("ada", 0)).toBeGreaterThan(0);
    expect(throttle.waitFor("ada", 61_000)).toBe(0);
    for (let i = 0; i < 5; i += 1) throttle.fail("bob", 0);
    throttle.succeed("bob");
    expect(throttle.waitFor("bob", 0)).toBe(0);
  });
});
