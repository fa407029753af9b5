import { describe, expect, it } from "vitest";
import { parsePlainText, plainWords, safeHref } from "./plain-text";

describe("parsePlainText", () => {
  it("splits paragraphs on blank lines and keeps single line breaks inside one", () => {
    expect(parsePlainText("One.\nStill one.\r\n\r\n  \nTwo.\n\n\n")).toEqual([
      [[{ text: "One." }], [{ text: "Still one." }]],
      [[{ text: "Two." }]],
    ]);
    expect(parsePlainText("  \n\n ")).toEqual([]);
  });

  it("turns [words](target) into links to this site or http(s) only", () => {
    expect(
      parsePlainText(
        "See [our method](/methodology#ask-heading) and [IFCN](https://ifcncodeofprinciples.poynter.org/).",
      ),
    ).toEqual([
      [
        [
          { text: "See " },
          { text: "our method", href: "/methodology#ask-heading" },
          { text: " and " },
          { text: "IFCN", href: "https://ifcncodeofprinciples.poynter.org/" },
          { text: "." },
        ],
      ],
    ]);
  });

  it("leaves a link to anywhere else as the text that was typed", () => {
    for (const target of [
      "javascript:alert(1)",
      "//evil.example/x",
      "data:text/html,hi",
      "/\\evil.example",
      "mailto:a@b.example",
    ]) {
      const typed = `Click [here](${target}) now`;
      expect(parsePlainText(typed)).toEqual([[[{ text: typed }]]]);
    }
  });

  it("keeps markup as text: nothing typed becomes HTML", () => {
    const typed = '<script>alert(1)</script> <a href="x">y</a>';
    expect(parsePlainText(typed)).toEqual([[[{ text: typed }]]]);
  });
});

describe("safeHref and plainWords", () => {
  it("accepts site paths and http(s) addresses only", () => {
    expect(safeHref("/corrections")).toBe("/corrections");
    expect(safeHref("https://example.org/a b")).toBe("https://example.org/a%20b");
    expect(safeHref("ftp://example.org")).toBeNull();
    expect(safeHref("corrections")).toBeNull();
  });

  it("drops the link markup and keeps the words", () => {
    expect(plainWords("Read [our policy](/about#corrections).\nThanks.\n\nBye.")).toBe(
      "Read our policy. Thanks.\n\nBye.",
    );
  });
});
