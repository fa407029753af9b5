import { describe, expect, it } from "vitest";
import { cleanText, furnitureKind } from "./clean";

describe("furnitureKind", () => {
  it.each([
    ["Login", "sign-in prompt"],
    ["Sign in", "sign-in prompt"],
    ["SIGN UP", "sign-in prompt"],
    ["Subscribe", "subscription prompt"],
    ["Subscribe now »", "subscription prompt"],
    ["Sign up for our weekly health newsletter", "subscription prompt"],
    ["Advertisement", "advertisement"],
    ["Share", "share buttons"],
    ["Share this article", "share buttons"],
    ["Facebook Twitter Email", "share buttons"],
    ["Read more", "link to other stories"],
    ["Read more: How the fuel subsidy works", "link to other stories"],
    ["Related", "link to other stories"],
    ["Related: How flood warnings work", "link to other stories"],
    [
      "We use cookies to personalise content and ads. By continuing to browse, you agree to our cookie policy.",
      "cookie notice",
    ],
    ["This site uses cookies. Accept all cookies | Manage preferences", "cookie notice"],
    ["Click here to get the app", "call to action"],
    ["CLICK HERE FOR MORE COVERAGE", "call to action"],
    ["By Hannah Reyes", "byline"],
    ["By Priya Nandakumar and Tom Ellery", "byline"],
    ["By Hannah Reyes, Economics Correspondent", "byline"],
    ["Hannah Reyes is the economics correspondent for the Eastland Courier.", "author note"],
    ["Daniel Osei is a health reporter at the Northbridge Herald. Follow him on X @danosei.", "author note"],
    ["@hreyes_econ", "social handle"],
    ["Follow us on Instagram", "social handle"],
    ["Copyright © 2025 Eastland Courier. All rights reserved.", "copyright notice"],
    ["© 2025 Riverside Gazette", "copyright notice"],
    ["Published Jan. 14, 2025, 9:30 a.m.", "timestamp"],
    ["Updated 2 hours ago", "timestamp"],
    ["Menu", "navigation"],
  ])("%s is page furniture (%s)", (line, kind) => {
    expect(furnitureKind(line)).toBe(kind);
  });

  it.each([
    "The ministry said 40 people died.",
    "Share prices fell 4 percent on Monday.",
    "Related research found a similar effect in 2019.",
    "By Tuesday, officials had left the city.",
    "Published in 2019, the report found that flows had risen.",
    "Evan Doe is a reporter for the Daily Star who was detained in 2023.",
    "Subscriptions rose 12 percent, the company said.",
    "Login attempts were blocked 3,000 times, the bank said.",
  ])("keeps article text: %s", (line) => {
    expect(furnitureKind(line)).toBeNull();
  });
});

describe("cleanText", () => {
  const text = "Login\r\n\r\n  The ministry said 40 people died.  \nAdvertisement\n\nOfficials disagreed.\nBy Jane Roe";

  it("returns ranges into the original text, without changing it", () => {
    const { ranges } = cleanText(text);
    expect(ranges.map((r) => text.slice(r.start, r.end))).toEqual([
      "The ministry said 40 people died.",
      "Officials disagreed.",
    ]);
    expect(ranges[0]).toEqual({ start: text.indexOf("The ministry"), end: text.indexOf("died.") + "died.".length });
  });

  it("lists the furniture lines it left out, with their offsets and kind", () => {
    const { furniture } = cleanText(text);
    expect(furniture.map((f) => [f.text, f.kind])).toEqual([
      ["Login", "sign-in prompt"],
      ["Advertisement", "advertisement"],
      ["By Jane Roe", "byline"],
    ]);
    for (const line of furniture) expect(text.slice(line.start, line.end)).toBe(line.text);
  });

  it("puts empty and blank lines in neither list", () => {
    expect(cleanText("\n \n\t\n")).toEqual({ ranges: [], furniture: [] });
  });
});
