import { describe, expect, it } from "vitest";
import { HOSTILE_QUERIES } from "@/lib/testing/hostile-queries";
import { paramsOf, parseSearchQuery, searchFromSegment, searchHref, searchSegment } from "./search-query";

const search = (text: string) => parseSearchQuery(paramsOf(new URLSearchParams(text)));

describe("searchSegment and searchFromSegment", () => {
  it("name a search by one path segment and read it back", () => {
    const query = search("q=hospital&status=disputed&claimant=Maya+Garcia&article=some-slug&page=3&pageSize=50");
    const segment = searchSegment(query);
    expect(segment).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(searchFromSegment(segment ?? "")).toEqual(query);
  });

  it("keep slashes, percent signs, quotes and any script out of the segment and bring them back whole", () => {
    for (const q of ["a/b", "100% of aid", '"too weak"', "Zürich – 5 000 €", "..%2F..", ...HOSTILE_QUERIES]) {
      const query = search(new URLSearchParams({ q }).toString());
      const segment = searchSegment(query);
      if (segment === null) {
        // Only a search that is nothing once control characters and blanks are dropped.
        expect(query.q).toBe("");
        continue;
      }
      expect(segment, q).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(searchFromSegment(segment)?.q, q).toBe(query.q);
    }
  });

  it("give the plain home page no segment, whatever defaults its address spells out", () => {
    expect(searchSegment(search(""))).toBeNull();
    expect(searchSegment(search("page=1&pageSize=20&status="))).toBeNull();
    expect(searchSegment(search("status=not-a-status"))).toBeNull();
  });

  it("give two spellings of one search the same segment, so it is kept once", () => {
    const a = searchSegment(search("status=sourced&q=water&page=1"));
    const b = searchSegment(search("q=water&status=sourced&claimant="));
    expect(a).not.toBeNull();
    expect(a).toBe(b);
    expect(searchHref(search("status=sourced&q=water&page=1"))).toBe("/?q=water&status=sourced");
  });

  it("refuse any segment that is not the one its search gives", () => {
    const segment = searchSegment(search("q=water")) ?? "";
    // The same search spelled out differently, then padded, then not base64url at all.
    const longhand = btoa("status=&q=water").replaceAll("=", "");
    expect(searchFromSegment(longhand)).toBeNull();
    expect(searchFromSegment(`${segment}==`)).toBeNull();
    expect(searchFromSegment("not/base64")).toBeNull();
    expect(searchFromSegment("")).toBeNull();
    expect(searchFromSegment(btoa("page=1"))).toBeNull();
    expect(searchFromSegment("A".repeat(5000))).toBeNull();
  });
});
