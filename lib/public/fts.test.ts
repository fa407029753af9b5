import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MATCH_CLOSE, MATCH_OPEN, segmentsFromHighlight, toFtsQuery } from "./fts";
import { HOSTILE_QUERIES } from "@/lib/testing/hostile-queries";

describe("toFtsQuery", () => {
  it("quotes every word and makes the last one a prefix", () => {
    expect(toFtsQuery("health ministry")).toBe('"health" "ministry"*');
    expect(toFtsQuery("  ministry  ")).toBe('"ministry"*');
  });

  it("keeps a word with an apostrophe or comma together as a phrase", () => {
    expect(toFtsQuery("O'Brien")).toBe('"O Brien"*');
    expect(toFtsQuery("11,000 killed")).toBe('"11 000" "killed"*');
  });

  it("keeps balanced quotes as a phrase without a prefix, and ignores an unbalanced quote", () => {
    expect(toFtsQuery('"too weak"')).toBe('"too weak"');
    expect(toFtsQuery('"too weak" west')).toBe('"too weak" "west"*');
    expect(toFtsQuery('say "too weak')).toBe('"say" "too" "weak"*');
    expect(toFtsQuery("“too weak”")).toBe('"too weak"');
  });

  it("reads FTS5 operators as words", () => {
    expect(toFtsQuery("NOT ministry")).toBe('"NOT" "ministry"*');
    expect(toFtsQuery("NEAR(a b)")).toBe('"NEAR a" "b"*');
    expect(toFtsQuery("summary:x -y z*")).toBe('"summary x" "y" "z"*');
  });

  it("returns null when nothing searchable is left", () => {
    for (const q of ["", "   ", "-", "*", '""', "😀", "\u0000", "()", "'"]) expect(toFtsQuery(q)).toBeNull();
  });

  it("caps the number of terms", () => {
    expect(toFtsQuery("a ".repeat(300))?.split(" ")).toHaveLength(16);
  });

  describe("against a real FTS5 table", () => {
    let db: Database.Database;
    beforeAll(() => {
      db = new Database(":memory:");
      db.exec("create virtual table t using fts5(a, tokenize = 'unicode61 remove_diacritics 2')");
      const insert = db.prepare("insert into t (rowid, a) values (?, ?)");
      insert.run(1, "Mr O'Brien said 11,000 people were killed, the ministry said.");
      insert.run(2, "The West is too weak to demand a ceasefire.");
      insert.run(3, "Crème brûlée near the café");
    });
    afterAll(() => db.close());
    const search = (q: string) => {
      const expression = toFtsQuery(q);
      return expression === null ? [] : db.prepare("select rowid from t where t match ? order by rowid").pluck().all(expression);
    };

    it("never raises a syntax error, whatever is typed", () => {
      for (const q of HOSTILE_QUERIES) expect(() => search(q), JSON.stringify(q)).not.toThrow();
    });

    it("finds what a reader means", () => {
      expect(search("o'brien")).toEqual([1]);
      expect(search("O'Bri")).toEqual([1]);
      expect(search("11,000")).toEqual([1]);
      expect(search('"too weak"')).toEqual([2]);
      expect(search('"weak too"')).toEqual([]);
      expect(search("creme cafe")).toEqual([3]);
      expect(search("NEAR")).toEqual([3]);
      expect(search("minis")).toEqual([1]);
      expect(search("ＭＩＮＩＳＴＲＹ")).toEqual([1]);
    });
  });
});

describe("segmentsFromHighlight", () => {
  const mark = (s: string) => s.replaceAll("[", MATCH_OPEN).replaceAll("]", MATCH_CLOSE);

  it("splits marked text into plain and matched segments", () => {
    expect(segmentsFromHighlight(mark("The [health] [ministry] said"), "The health ministry said")).toEqual([
      { text: "The ", match: false },
      { text: "health", match: true },
      { text: " ", match: false },
      { text: "ministry", match: true },
      { text: " said", match: false },
    ]);
    expect(segmentsFromHighlight(mark("[all]"), "all")).toEqual([{ text: "all", match: true }]);
    expect(segmentsFromHighlight("", "")).toEqual([]);
  });

  it("does not trust markers when the text itself contains one", () => {
    const original = `odd ${MATCH_OPEN} text`;
    expect(segmentsFromHighlight(mark(`odd ${MATCH_OPEN} [text]`), original)).toEqual([{ text: original, match: false }]);
  });

  it("falls back to plain text if the marked text differs from the original", () => {
    expect(segmentsFromHighlight(mark("[other]"), "text")).toEqual([{ text: "text", match: false }]);
  });
});
