import { describe, expect, it } from "vitest";
import { SOURCE_CHECK_RESULTS } from "@/db/schema";
import { fetchSnapshot, type FetchSnapshotResult } from "./safe-fetch";
import { compareSnapshot, passageFound, sha256 } from "./snapshot";
import { startTestServer } from "./test-server";

describe("sha256", () => {
  it("is the hex SHA-256 of the text's UTF-8 bytes", () => {
    expect(sha256("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(sha256("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(sha256("é")).not.toBe(sha256("e\u0301"));
  });
});

describe("passageFound", () => {
  const text =
    "The ministry said 1,200 people were affected — a figure the agency called “broadly reliable”.\nOfficials did not comment.";

  it.each([
    ["the exact words", "1,200 people were affected"],
    ["different case", "THE MINISTRY SAID"],
    ["straight quotes for curly ones", 'the agency called "broadly reliable"'],
    ["single curly quotes for double straight ones", "called 'broadly reliable'"],
    ["different spacing and a line break", "  reliable”.   officials\tdid not "],
    ["a hyphen for the em dash", "affected - a figure"],
    ["a no-break space", "1,200\u00a0people"],
    ["an ellipsis for an omission", "The ministry said … called “broadly reliable”"],
    ["three dots in brackets", "The ministry said [...] did not comment"],
    ["a blank passage", "  "],
  ])("finds the passage written with %s", (_how, passage) => {
    expect(passageFound(passage, text)).toBe(true);
  });

  it.each([
    ["a changed figure", "1,300 people were affected"],
    ["a word dropped", "the agency called reliable"],
    ["omitted parts in the wrong order", "did not comment … The ministry said"],
  ])("does not find %s", (_how, passage) => {
    expect(passageFound(passage, text)).toBe(false);
  });
});

const ok = (text: string, truncated = false): FetchSnapshotResult => ({
  ok: true,
  finalUrl: "https://news.example/article",
  status: 200,
  contentType: "text/html",
  text,
  sha256: sha256(text),
  fetchedAt: "2024-05-03T10:00:00.000Z",
  truncated,
});

describe("compareSnapshot", () => {
  const snapshotText = "Casualty figures\n\nThe ministry said 34,500 people had been killed.\n\nCritics disagree.";
  const snapshot = { snapshotText, snapshotHash: sha256(snapshotText), quotedPassage: "34,500 people had been killed" };

  it("uses exactly the result names the database stores", () => {
    const results = [
      compareSnapshot({ ...snapshot, current: ok(snapshotText) }).result,
      compareSnapshot({ ...snapshot, current: ok(`${snapshotText}\nUpdated.`) }).result,
      compareSnapshot({ ...snapshot, current: ok("Casualty figures\n\nThe story was removed.") }).result,
      compareSnapshot({
        ...snapshot,
        current: { ok: false, reason: "network", error: "The server name news.example could not be found." },
      }).result,
    ];
    expect(results).toEqual([...SOURCE_CHECK_RESULTS]);
  });

  it("matches when the text is unchanged", () => {
    expect(compareSnapshot({ ...snapshot, current: ok(snapshotText) })).toEqual({
      result: "match",
      detail: "The page's text is exactly what it was when the evidence was cited.",
    });
  });

  it("computes the snapshot's hash when none was stored", () => {
    expect(compareSnapshot({ ...snapshot, snapshotHash: null, current: ok(snapshotText) }).result).toBe("match");
  });

  it("reports a change that keeps the quoted passage", () => {
    const edited = snapshotText.replace(
      "Critics disagree.",
      "Critics disagree. Updated at 14:00 with comment from the agency.",
    );
    expect(compareSnapshot({ ...snapshot, current: ok(edited) })).toEqual({
      result: "changed",
      detail: "The page's text has changed since the evidence was cited, but the quoted passage is still there.",
    });
  });

  it("finds the passage despite quote, case and spacing differences", () => {
    const current = ok("THE MINISTRY SAID 34,500   PEOPLE HAD BEEN KILLED, “OFFICIALLY”.");
    const result = compareSnapshot({
      ...snapshot,
      quotedPassage: 'said 34,500 people had been killed, "officially"',
      current,
    });
    expect(result.result).toBe("changed");
  });

  it("reports a change when there is no passage to look for", () => {
    for (const quotedPassage of [null, "", "   "]) {
      expect(compareSnapshot({ ...snapshot, quotedPassage, current: ok("Something else entirely.") })).toEqual({
        result: "changed",
        detail: "The page's text has changed since the evidence was cited; no quoted passage was recorded to look for.",
      });
    }
  });

  it("reports a missing passage, with a note when only the start of the page was read", () => {
    const rewritten = snapshotText.replace("34,500", "35,000");
    expect(compareSnapshot({ ...snapshot, current: ok(rewritten) })).toEqual({
      result: "passage-missing",
      detail: "The quoted passage is no longer on the page.",
    });
    const truncated = compareSnapshot({ ...snapshot, current: ok(rewritten, true) });
    expect(truncated.result).toBe("passage-missing");
    expect(truncated.detail).toMatch(/longer than the fetch limit/);
  });

  it("reports an unreachable source and carries the fetch error", () => {
    const error = "The page answered with HTTP 404 (Not Found) instead of the page.";
    expect(compareSnapshot({ ...snapshot, current: { ok: false, reason: "status", error } })).toEqual({
      result: "unreachable",
      detail: `The source could not be fetched again. ${error}`,
    });
  });

  it("checks a hand-pasted passage when there is no stored text", () => {
    const manual = { snapshotText: null, snapshotHash: null, quotedPassage: "34,500 people had been killed" };
    expect(compareSnapshot({ ...manual, current: ok(snapshotText) }).result).toBe("changed");
    expect(compareSnapshot({ ...manual, current: ok("Nothing here.") }).result).toBe("passage-missing");
  });
});

describe("a cited page that drifts", () => {
  it("goes from match to changed to passage-missing to unreachable", async () => {
    let body: string | null = `<html><head><title>Report</title></head><body><article>
      <h1>Casualty report</h1><p>The ministry said 34,500 people had been killed.</p><p>Critics disagree.</p>
      </article><footer>Updated 09:00</footer></body></html>`;
    const server = await startTestServer(() => (_request, response) => {
      if (body === null) response.writeHead(404, { "content-type": "text/plain" }).end("gone");
      else response.writeHead(200, { "content-type": "text/html" }).end(body);
    });
    try {
      const url = `${server.origin}/report`;
      const cited = await fetchSnapshot(url, { allowPrivate: true, ports: "any" });
      if (!cited.ok) throw new Error(cited.error);
      const stored = {
        snapshotText: cited.text,
        snapshotHash: cited.sha256,
        quotedPassage: "34,500 people had been killed",
      };
      const recheck = async () =>
        compareSnapshot({ ...stored, current: await fetchSnapshot(url, { allowPrivate: true, ports: "any" }) });

      body = body.replace("Updated 09:00", "Updated 11:00");
      expect((await recheck()).result).toBe("match");

      body = body.replace("Critics disagree.", "Critics disagree. The agency has responded.");
      expect((await recheck()).result).toBe("changed");

      body = body.replace("34,500", "35,000");
      expect(await recheck()).toEqual({
        result: "passage-missing",
        detail: "The quoted passage is no longer on the page.",
      });

      body = null;
      expect(await recheck()).toEqual({
        result: "unreachable",
        detail:
          "The source could not be fetched again. The page answered with HTTP 404 (Not Found) instead of the page.",
      });
    } finally {
      await server.close();
    }
  });
});
