import { describe, expect, it } from "vitest";
import { uncoveredParts } from "./segments";

describe("uncoveredParts", () => {
  const span = (spanStart: number, spanEnd: number) => ({ spanStart, spanEnd });

  it("keeps a span no claim touches whole", () => {
    expect(uncoveredParts(span(10, 20), [span(0, 5), span(20, 30)])).toEqual([span(10, 20)]);
  });

  it("cuts out the claims inside it, however they overlap", () => {
    expect(uncoveredParts(span(10, 40), [span(25, 30), span(5, 15), span(28, 35)])).toEqual([
      span(15, 25),
      span(35, 40),
    ]);
  });

  it("leaves nothing of a span a claim covers entirely", () => {
    expect(uncoveredParts(span(10, 20), [span(10, 20)])).toEqual([]);
    expect(uncoveredParts(span(10, 20), [span(0, 12), span(12, 25)])).toEqual([]);
  });
});
