import { describe, expect, it } from "vitest";
import { claimantOf, reportedByOf, shorten } from "./labels";

describe("shorten", () => {
  it("keeps a short sentence whole, on one line", () => {
    expect(shorten("  Turkey asked\nHaniyeh to leave.  ", 75)).toBe("Turkey asked Haniyeh to leave.");
  });

  it("cuts a long sentence at a word boundary, within the limit, with an ellipsis", () => {
    const sentence =
      "The Biden administration has expressed skepticism about these figures, noting that the ministry does not distinguish between civilian and combatant deaths.";
    const summary = shorten(sentence, 75);
    expect(summary.length).toBeLessThanOrEqual(75);
    expect(summary).toBe("The Biden administration has expressed skepticism about these figures…");
    expect(sentence.startsWith(summary.slice(0, -1))).toBe(true);
  });

  it("keeps a word that ends exactly at the limit", () => {
    expect(shorten("aaaa bbbb cccc", 10)).toBe("aaaa bbbb…");
    expect(shorten("aaaa bbbb cccc", 9)).toBe("aaaa…");
  });

  it("cuts inside a word only when there is no boundary at all", () => {
    expect(shorten("x".repeat(100), 75)).toBe(`${"x".repeat(74)}…`);
  });
});

describe("claimantOf and reportedByOf", () => {
  it("finds the speaker of a quote", () => {
    expect(claimantOf('"Turkey was a prime target of Iranian overtures," Taleblu said.')).toBe("Taleblu");
    expect(claimantOf('"It has long been the name of the game," said Behnam Ben Taleblu, a senior fellow.')).toBe("Behnam Ben Taleblu");
  });

  it("leaves the claimant empty when the sentence does not name one plainly", () => {
    expect(claimantOf("Erdogan said Turkey would keep talking to Hamas.")).toBeNull();
    expect(claimantOf("The majority of NATO allies have supported Israel.")).toBeNull();
  });

  it("finds who reported it", () => {
    expect(reportedByOf("They tried this in 2009 and 2010, as reported by Al-Monitor.")).toBe("Al-Monitor");
    expect(reportedByOf("It was reported by the Times of Israel on Monday.")).toBe("Times of Israel");
    expect(reportedByOf("Nobody reported anything.")).toBeNull();
  });
});
