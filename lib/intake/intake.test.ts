import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getConnection } from "@/db/client";
import { verifyAuditChain } from "@/lib/audit/events";
import type { SessionUser } from "@/lib/auth/principal";
import { getClaimWorkspace } from "@/lib/claims/workspace";

import { useTemporaryDatabase } from "@/lib/testing/database";
import { makeUser } from "@/lib/testing/fixtures";
import { labelledArticle } from "@/lib/testing/labelled-articles";
import { DuplicateArticleError, intakeArticle, titleFromBody } from "./intake";
import { acceptSuggestion, createClaimFromSpan, listArticleSuggestions, rejectSuggestion } from "./suggestions";
import { expectAppError } from "@/lib/testing/app-error";

let db: ReturnType<typeof useTemporaryDatabase>;
let reviewer: SessionUser;
let editor: SessionUser;

beforeAll(async () => {
  db = useTemporaryDatabase();
  reviewer = await makeUser("reviewer", "Rita Reviewer");
  editor = await makeUser("editor", "Eddie Editor");
});
afterAll(() => db.cleanup());

function counts() {
  const { sqlite } = getConnection();
  const n = (table: string) => (sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
  return { audit: n("audit_events"), articles: n("articles"), claims: n("claims"), suggestions: n("suggestions") };
}

function auditSince(id: number) {
  return getConnection()
    .sqlite.prepare("select action, entity_type, entity_id, actor_id, after from audit_events where id > ? order by id")
    .all(id) as {
    action: string;
    entity_type: string;
    entity_id: string;
    actor_id: number | null;
    after: string | null;
  }[];
}

function lastAuditId(): number {
  return (getConnection().sqlite.prepare("select coalesce(max(id), 0) as id from audit_events").get() as { id: number })
    .id;
}

function suggestionRow(id: number) {
  return getConnection()
    .sqlite.prepare("select state, claim_id, decided_by, decided_at from suggestions where id = ?")
    .get(id) as {
    state: string;
    claim_id: number | null;
    decided_by: number | null;
    decided_at: string | null;
  };
}

let tag = 0;
/** A short article of its own per test, so duplicate checks never trip over another test's text. */
function article(extra = "") {
  tag += 1;
  return [
    "Sign in",
    "Harbour dredging finishes early",
    "",
    `The port authority said on Tuesday that dredging of the outer harbour finished 14 days ahead of schedule (story ${tag}).`,
    `"We moved 1.2 million cubic metres of silt," said Dana Okafor, the authority's chief engineer.`,
    "The harbour is a pleasant place to walk on a summer evening.",
    extra,
  ].join("\n");
}

describe("intake validation", () => {
  it("refuses an empty or oversized text, a bad URL and a bad date with field errors, and changes nothing", () => {
    const before = counts();
    const empty = expectAppError(() => intakeArticle({ by: reviewer, title: "T", body: "   \n " }), "invalid");
    expect(empty.fieldErrors.body).toEqual(["Paste the article text."]);
    const long = expectAppError(() => intakeArticle({ by: reviewer, body: "x".repeat(200_001) }), "invalid");
    expect(long.fieldErrors.body?.[0]).toMatch(/longer than 200,000 characters/);
    const bad = expectAppError(
      () => intakeArticle({ by: reviewer, body: article(), url: "not a url", publishedAt: "15/11/2023" }),
      "invalid",
    );
    expect(Object.keys(bad.fieldErrors).sort()).toEqual(["publishedAt", "url"]);
    expect(bad.fieldErrors.url).toEqual(["Enter a full http(s) URL."]);
    expectAppError(() => intakeArticle({ by: reviewer, body: article(), url: "javascript:alert(1)" }), "invalid");
    expect(counts()).toEqual(before);
  });

  it("accepts a body of exactly 200,000 characters", () => {
    const body = `${article()}\n${"Filler words without any claim in them. ".repeat(5000)}`.slice(0, 200_000);
    expect(body.length).toBe(200_000);
    const result = intakeArticle({ by: reviewer, title: "Very long article", body });
    expect(result.article.title).toBe("Very long article");
  });

  it("refuses signed-out callers on every write and read, changing nothing", () => {
    const before = counts();
    for (const call of [
      () => intakeArticle({ by: null, body: article() }),
      () => acceptSuggestion({ by: null, suggestionId: 1, summary: "x" }),
      () => rejectSuggestion({ by: null, suggestionId: 1 }),
      () => createClaimFromSpan({ by: null, articleId: 1, spanStart: 0, spanEnd: 5, summary: "x" }),
      () => listArticleSuggestions({ by: null, articleId: 1 }),
    ]) {
      expect(expectAppError(call, "unauthenticated").message).toBe("Please sign in to do that.");
    }
    expect(counts()).toEqual(before);
  });
});

describe("intake", () => {
  it("takes the title from the first line that is not page furniture", () => {
    expect(titleFromBody(article())).toBe("Harbour dredging finishes early");
    expect(titleFromBody("Advertisement\n\n")).toBe("Untitled article");
    const long = titleFromBody(`${"word ".repeat(60)}\nsecond line`);
    expect(long.length).toBeLessThanOrEqual(120);
    expect(long.endsWith("word…")).toBe(true);
    const result = intakeArticle({ by: reviewer, title: "  ", body: article() });
    expect(result.article.title).toBe("Harbour dredging finishes early");
    expect(result.article.slug).toMatch(/^harbour-dredging-finishes-early/);
  });

  it("stores every check sentence of a labelled article as an open suggestion, at its offsets, audited", () => {
    const { body, labels } = labelledArticle("economy-report");
    const from = lastAuditId();
    const result = intakeArticle({ by: reviewer, title: "Eastland jobs report", outlet: labels.outlet, body });
    const stored = listArticleSuggestions({ by: reviewer, articleId: result.article.id });
    const checks = labels.sentences.filter((s) => s.label === "check");
    expect(checks).toHaveLength(12);
    for (const s of checks) {
      const found = stored.find((x) => x.spanStart === s.start && x.spanEnd === s.end);
      expect(found, `sentence ${s.n}`).toBeDefined();
      expect(found?.text).toBe(body.slice(s.start, s.end));
      expect(found?.state).toBe("open");
      expect(found?.reasons.length).toBeGreaterThan(0);
      expect(found?.reasons[0]?.label).toEqual(expect.any(String));
    }
    for (const s of labels.sentences.filter((x) => x.label === "skip")) {
      const found = stored.find((x) => x.spanStart === s.start && x.spanEnd === s.end);
      expect(found?.label, `sentence ${s.n} is labelled skip`).not.toBe("check");
    }
    expect(stored.every((s) => s.label === "check" || s.label === "maybe")).toBe(true);
    // Ranked best first.
    expect(stored.map((s) => s.score)).toEqual([...stored.map((s) => s.score)].sort((a, b) => b - a));
    expect(result.suggested.check + result.suggested.maybe).toBe(stored.length);
    expect(stored.some((s) => s.claimant === "Okafor")).toBe(true);

    const events = auditSince(from);
    expect(events.map((e) => e.action)).toEqual(["article.created", "article.claims_suggested"]);
    expect(events.every((e) => e.entity_type === "article" && e.entity_id === String(result.article.id))).toBe(true);
    expect(events.every((e) => e.actor_id === reviewer.id)).toBe(true);
    const after = JSON.parse(events[1]?.after ?? "{}") as { suggestions: unknown[] };
    expect(after.suggestions).toHaveLength(stored.length);
  });

  it("keeps line breaks as pasted, though a browser submits them as CR LF", () => {
    const { body, labels } = labelledArticle("economy-report");
    const sentence = labels.sentences.find((s) => s.label === "check" && s.start > 1000);
    if (!sentence) throw new Error("no check sentence late in the labelled article");
    const headline = "Line breaks as pasted";
    const pasted = `${headline}\n\n${body}`;
    const { article: made } = intakeArticle({ by: reviewer, body: pasted.replace(/\n/g, "\r\n") });
    const stored = getConnection().sqlite.prepare("select body from articles where id = ?").get(made.id) as {
      body: string;
    };
    expect(stored.body).toBe(pasted);
    const shift = headline.length + 2;
    const found = listArticleSuggestions({ by: reviewer, articleId: made.id }).find(
      (s) => s.spanStart === sentence.start + shift,
    );
    expect(found?.text).toBe(sentence.text);
    // The same text again, with the line breaks a file has, is the same article.
    expect(() => intakeArticle({ by: reviewer, body: pasted })).toThrow(DuplicateArticleError);
  });

  it("catches the same text twice and points to the article already there, changing nothing", () => {
    const body = article();
    const first = intakeArticle({ by: reviewer, title: "First copy", body });
    const before = counts();
    const error = expectAppError(() => intakeArticle({ by: editor, title: "Second copy", body }), "conflict");
    expect(error).toBeInstanceOf(DuplicateArticleError);
    expect((error as DuplicateArticleError).existing).toEqual(first.article);
    expect(error.fieldErrors.body?.[0]).toMatch(/already brought in/);
    expect(counts()).toEqual(before);
  });

  it("catches the same URL twice, even with a #fragment, and points to the article already there", () => {
    const first = intakeArticle({ by: reviewer, body: article(), url: "https://news.example.org/harbour?id=7" });
    const before = counts();
    const error = expectAppError(
      () =>
        intakeArticle({
          by: reviewer,
          body: article("A different text."),
          url: " https://NEWS.example.org/harbour?id=7#comments ",
        }),
      "conflict",
    );
    expect((error as DuplicateArticleError).existing.slug).toBe(first.article.slug);
    expect(error.fieldErrors.url?.[0]).toMatch(/already brought in/);
    expect(counts()).toEqual(before);
    // Another page on the same site is another article.
    expect(() =>
      intakeArticle({ by: reviewer, body: article(), url: "https://news.example.org/harbour?id=8" }),
    ).not.toThrow();
  });
});

describe("suggestions", () => {
  function fresh() {
    const body = article();
    const { article: made } = intakeArticle({ by: reviewer, body });
    const open = listArticleSuggestions({ by: reviewer, articleId: made.id });
    const dredging = open.find((s) => s.text.startsWith("The port authority said"));
    if (!dredging) throw new Error("the dredging sentence was not suggested");
    return { body, article: made, open, dredging };
  }

  it("accepting creates an unverified claim at the suggestion's offsets, marks the suggestion and audits both", () => {
    const { body, dredging } = fresh();
    const from = lastAuditId();
    const claim = acceptSuggestion({
      by: reviewer,
      suggestionId: dredging.id,
      summary: "Harbour dredging finished 14 days early",
      text: dredging.text,
      claimant: "port authority",
      reportedBy: "",
    });
    const workspace = getClaimWorkspace({ by: reviewer, slug: claim.slug });
    expect(workspace).toMatchObject({
      status: "unverified",
      spanStart: dredging.spanStart,
      spanEnd: dredging.spanEnd,
      text: body.slice(dredging.spanStart, dredging.spanEnd),
      summary: "Harbour dredging finished 14 days early",
      claimant: "port authority",
      reportedBy: null,
    });
    expect(suggestionRow(dredging.id)).toMatchObject({
      state: "accepted",
      claim_id: claim.id,
      decided_by: reviewer.id,
    });
    expect(auditSince(from).map((e) => `${e.action} ${e.entity_type}`)).toEqual([
      "claim.created claim",
      "suggestion.accepted suggestion",
    ]);
  });

  it("refuses to accept a suggestion twice, or one already rejected, changing nothing", () => {
    const { dredging, open } = fresh();
    acceptSuggestion({ by: reviewer, suggestionId: dredging.id, summary: "Dredging done early" });
    const before = counts();
    expect(
      expectAppError(() => acceptSuggestion({ by: editor, suggestionId: dredging.id, summary: "Again" }), "conflict")
        .message,
    ).toMatch(/already accepted as “Dredging done early”/);
    const other = open.find((s) => s.id !== dredging.id);
    if (!other) throw new Error("expected a second suggestion");
    rejectSuggestion({ by: reviewer, suggestionId: other.id });
    const afterReject = counts();
    expectAppError(() => acceptSuggestion({ by: reviewer, suggestionId: other.id, summary: "Late" }), "conflict");
    expectAppError(() => rejectSuggestion({ by: reviewer, suggestionId: dredging.id }), "conflict");
    expect(counts()).toEqual({ ...before, audit: afterReject.audit, suggestions: before.suggestions });
    expect(afterReject.audit).toBe(before.audit + 1);
  });

  it("rejecting is audited and takes the suggestion off the open list", () => {
    const { article: made, dredging } = fresh();
    const from = lastAuditId();
    rejectSuggestion({ by: editor, suggestionId: dredging.id });
    expect(suggestionRow(dredging.id)).toMatchObject({ state: "rejected", claim_id: null, decided_by: editor.id });
    expect(auditSince(from).map((e) => `${e.action} by ${e.actor_id}`)).toEqual([
      `suggestion.rejected by ${editor.id}`,
    ]);
    expect(listArticleSuggestions({ by: reviewer, articleId: made.id }).map((s) => s.id)).not.toContain(dredging.id);
    expect(listArticleSuggestions({ by: reviewer, articleId: made.id, state: "rejected" }).map((s) => s.id)).toEqual([
      dredging.id,
    ]);
  });

  it("takes an edited text as the article's words it keeps, and refuses a reworded one", () => {
    const { body, dredging } = fresh();
    const kept = "dredging of the outer harbour finished 14 days ahead of schedule";
    const before = counts();
    const reworded = expectAppError(
      () =>
        acceptSuggestion({
          by: reviewer,
          suggestionId: dredging.id,
          summary: "Early",
          text: "Dredging finished two weeks early",
        }),
      "invalid",
    );
    expect(reworded.fieldErrors.text?.[0]).toMatch(/article's own words/);
    expect(counts()).toEqual(before);
    const claim = acceptSuggestion({ by: reviewer, suggestionId: dredging.id, summary: "Early", text: `  ${kept} ` });
    const workspace = getClaimWorkspace({ by: reviewer, slug: claim.slug });
    const start = body.indexOf(kept);
    expect(workspace).toMatchObject({ spanStart: start, spanEnd: start + kept.length, text: kept });
  });

  it("refuses a summary over 75 characters with a field error and changes nothing", () => {
    const { dredging } = fresh();
    const before = counts();
    const error = expectAppError(
      () => acceptSuggestion({ by: reviewer, suggestionId: dredging.id, summary: "x".repeat(76) }),
      "invalid",
    );
    expect(error.fieldErrors.summary?.[0]).toMatch(/75 characters/);
    expect(counts()).toEqual(before);
    expect(suggestionRow(dredging.id).state).toBe("open");
  });
});

describe("the audit chain", () => {
  it("stays verifiable after every intake, accept and reject above", () => {
    expect(verifyAuditChain(getConnection().sqlite)).toMatchObject({ ok: true });
  });
});

describe("claims from a selected span", () => {
  it("makes a claim of any span, trimmed to its words, and closes a suggestion over the same words", () => {
    const body = article();
    const { article: made } = intakeArticle({ by: reviewer, body });
    const words = "The harbour is a pleasant place to walk on a summer evening.";
    const start = body.indexOf(words);
    const from = lastAuditId();
    const claim = createClaimFromSpan({
      by: reviewer,
      articleId: made.id,
      spanStart: String(start - 1),
      spanEnd: String(start + words.length + 1),
      summary: "The harbour is pleasant",
    });
    expect(getClaimWorkspace({ by: reviewer, slug: claim.slug })).toMatchObject({
      spanStart: start,
      spanEnd: start + words.length,
      text: words,
    });
    expect(auditSince(from).map((e) => e.action)).toEqual(["claim.created"]);

    const quote = listArticleSuggestions({ by: reviewer, articleId: made.id }).find((s) =>
      s.text.includes("1.2 million"),
    );
    if (!quote) throw new Error("the quotation was not suggested");
    const second = createClaimFromSpan({
      by: reviewer,
      articleId: made.id,
      spanStart: quote.spanStart,
      spanEnd: quote.spanEnd,
      summary: "1.2m cubic metres moved",
    });
    expect(suggestionRow(quote.id)).toMatchObject({ state: "accepted", claim_id: second.id });
  });

  it("refuses missing or impossible offsets with field errors and changes nothing", () => {
    const { article: made } = intakeArticle({ by: reviewer, body: article() });
    const before = counts();
    const missing = expectAppError(
      () => createClaimFromSpan({ by: reviewer, articleId: made.id, spanStart: "", spanEnd: "", summary: "S" }),
      "invalid",
    );
    expect(Object.keys(missing.fieldErrors).sort()).toEqual(["spanEnd", "spanStart"]);
    expectAppError(
      () => createClaimFromSpan({ by: reviewer, articleId: made.id, spanStart: 5, spanEnd: 999_999, summary: "S" }),
      "invalid",
    );
    expectAppError(
      () => createClaimFromSpan({ by: reviewer, articleId: made.id, spanStart: 9, spanEnd: 3, summary: "S" }),
      "invalid",
    );
    expectAppError(
      () => createClaimFromSpan({ by: reviewer, articleId: 999_999, spanStart: 0, spanEnd: 3, summary: "S" }),
      "not_found",
    );
    expect(counts()).toEqual(before);
  });
});
