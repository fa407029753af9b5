import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTemporaryDatabase } from "@/lib/testing/database";
import { budgetMessage, FetchBudget } from "./fetch-budget";

// The fetches taken live in the rate_limits table (lib/limits/store.ts).
let db: ReturnType<typeof useTemporaryDatabase>;
beforeAll(() => {
  db = useTemporaryDatabase();
});
afterAll(() => db.cleanup());

describe("FetchBudget", () => {
  it("allows the limit within the window, then says how long to wait, per person", () => {
    const budget = new FetchBudget(3, 60_000);
    expect([0, 1_000, 2_000].map((t) => budget.take("rita", t))).toEqual([0, 0, 0]);
    expect(budget.take("rita", 3_000)).toBe(57_000);
    expect(budget.take("ravi", 3_000)).toBe(0);
    // The first fetch leaves the window at 60 s: one more is allowed, then the wait is to the second's exit.
    expect(budget.take("rita", 60_000)).toBe(0);
    expect(budget.take("rita", 60_500)).toBe(500);
  });

  it("says the wait in whole seconds", () => {
    expect(budgetMessage(1_200)).toMatch(/try again in 2 s/);
  });
});
