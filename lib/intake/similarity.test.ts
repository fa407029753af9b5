import { describe, expect, it } from "vitest";
import { claimNumbers, claimWords, compareClaims, isLikelyDuplicate, shortlistTerms } from "./similarity";

describe("claim similarity", () => {
  it("reads numbers in one canonical form", () => {
    expect(claimNumbers("More than 11,000 people, 1.5 percent, on Oct. 7, 2023.")).toEqual([
      "1.5",
      "11000",
      "2023",
      "7",
    ]);
    expect(claimNumbers("11000 and 11,000 are one number")).toEqual(["11000"]);
    expect(claimNumbers("No figures here.")).toEqual([]);
  });

  it("keeps content words only, lower-cased, without punctuation or plural s", () => {
    expect(claimWords("The Ministry's officials said deaths rose.")).toEqual(["ministry", "official", "death", "rose"]);
  });

  it("finds the same claim retold with other punctuation and attribution", () => {
    const a = "The Gaza Health Ministry says more than 11,000 Palestinians have been killed.";
    const b = "More than 11000 Palestinians have been killed, according to the Gaza health ministry";
    expect(compareClaims(a, b)).toMatchObject({ numbersAgree: true });
    expect(compareClaims(a, b).similarity).toBeGreaterThan(0.9);
    expect(isLikelyDuplicate(a, b)).toBe(true);
  });

  it("never matches claims whose numbers differ, however alike the words", () => {
    const a = "The Gaza Health Ministry says more than 11,000 Palestinians have been killed.";
    const b = "The Gaza Health Ministry says more than 12,000 Palestinians have been killed.";
    expect(compareClaims(a, b)).toMatchObject({ numbersAgree: false });
    expect(isLikelyDuplicate(a, b)).toBe(false);
    expect(isLikelyDuplicate(a, "The Gaza Health Ministry says Palestinians have been killed.")).toBe(false);
  });

  it("does not match claims that only share a topic", () => {
    expect(
      isLikelyDuplicate("Turkey's president visited Tehran in January.", "Iran's president visited Ankara in January."),
    ).toBe(false);
    expect(compareClaims("", "anything").similarity).toBe(0);
  });

  it("looks claims up by their numbers first, else by their longest words", () => {
    expect(shortlistTerms("About 1,200 homes and 7 schools were flooded in 2024.")).toEqual({
      numbers: ["1,200", "2024", "7"],
      words: ["flooded", "schools", "homes"],
    });
    expect(shortlistTerms("The minister resigned after the scandal.").numbers).toEqual([]);
  });
});
