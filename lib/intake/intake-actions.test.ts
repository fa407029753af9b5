import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { getConnection } from "@/db/client";
import type { SessionUser } from "@/lib/auth/principal";
import { useTemporaryDatabase } from "@/lib/testing/database";
import { page, startTestServer } from "@/lib/evidence/test-server";
import { makeUser } from "@/lib/testing/fixtures";
import { intakeArticle } from "./intake";
import { listArticleSuggestions } from "./suggestions";

// The article intake's server actions, called the way Next calls them, as a
// signed-out visitor and as a reviewer. The session is the one thing faked.
const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/session", () => ({ currentUser: async () => session.user }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, updateTag: () => undefined }));
class Redirected extends Error {
  constructor(readonly url: string) {
    super(`redirect to ${url}`);
  }
}
vi.mock("next/navigation", () => ({
  redirect: (url: string) => {
    throw new Redirected(url);
  },
}));

const actions = await import("@/app/(review)/review/articles/actions");

let db: ReturnType<typeof useTemporaryDatabase>;
let reviewer: SessionUser;

beforeAll(async () => {
  db = useTemporaryDatabase();
  reviewer = await makeUser("reviewer");
});
afterAll(() => db.cleanup());
beforeEach(() => {
  session.user = null;
});

const IDLE = null;

function form(fields: Record<string, string | number>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, String(value));
  return data;
}

function snapshot() {
  const { sqlite } = getConnection();
  const n = (table: string) => (sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
  return {
    audit: n("audit_events"),
    articles: n("articles"),
    claims: n("claims"),
    open: n("suggestions where state = 'open'"),
  };
}

let counter = 0;
function body() {
  counter += 1;
  return `Rail fares rise\n\nThe operator said fares will rise by 4.9 percent in March, the largest increase since 2012 (item ${counter}).\nA spokesperson declined to comment further.`;
}

describe("article intake server actions", () => {
  it("refuse a signed-out caller on every action and change nothing", async () => {
    const before = snapshot();
    const calls = {
      intakeArticleAction: form({ body: body() }),
      fetchArticleAction: form({ sourceUrl: "https://news.example/story" }),
      decideSuggestionAction: form({ suggestionId: 1, summary: "x", intent: "accept" }),
      bulkDecideAction: form({ suggestionId: 1, intent: "accept" }),
      createSpanClaimAction: form({ articleId: 1, words: "Rail", summary: "x" }),
      duplicateLinkAction: form({ claimId: 1, duplicateOfId: 2, expectedVersion: 1, intent: "link" }),
    };
    expect(Object.keys(actions).sort()).toEqual(Object.keys(calls).sort());
    for (const [name, data] of Object.entries(calls)) {
      const state = await actions[name as keyof typeof calls](IDLE, data);
      expect(state, name).toMatchObject({ ok: false, message: "Please sign in to do that." });
    }
    expect(snapshot()).toEqual(before);
  });

  it("bring an article in and open it, or hand back the field errors and what was typed", async () => {
    session.user = reviewer;
    const text = body();
    await expect(actions.intakeArticleAction(IDLE, form({ body: text, title: "", url: "" }))).rejects.toMatchObject({
      url: expect.stringMatching(/^\/review\/articles\/rail-fares-rise/),
    });
    const refused = await actions.intakeArticleAction(
      IDLE,
      form({ body: "", title: "Kept title", publishedAt: "yesterday" }),
    );
    expect(refused).toMatchObject({
      ok: false,
      fieldErrors: { body: ["Paste the article text."], publishedAt: [expect.any(String)] },
      values: { title: "Kept title" },
    });
    const again = await actions.intakeArticleAction(IDLE, form({ body: text }));
    expect(again).toMatchObject({
      ok: false,
      details: { slug: expect.stringMatching(/^rail-fares-rise/), title: "Rail fares rise" },
    });
  });

  it("fetch an article by its address into the form's fields, saving nothing, or refuse with a field error", async () => {
    session.user = reviewer;
    vi.stubEnv("EVIDENCE_FETCH_ALLOW_PRIVATE", "1");
    vi.stubEnv("EVIDENCE_FETCH_PORTS", "any");
    const paragraphs = [
      "The rail operator said on Monday that fares on its commuter lines would rise by 4.9 percent in March.",
      "A spokesperson said the rise followed two years in which fares had been frozen while energy costs doubled.",
      "Passenger groups said the figure was the largest increase since 2012 and called for the freeze to be restored.",
    ];
    const server = await startTestServer((path) =>
      path === "/fares"
        ? page(
            `<html><head><title>Rail fares to rise</title><meta property="og:site_name" content="Line Times"></head><body><article><h1>Rail fares to rise</h1>${paragraphs.map((p) => `<p>${p}</p>`).join("")}</article></body></html>`,
          )
        : undefined,
    );
    try {
      const before = snapshot();
      const fetched = await actions.fetchArticleAction(IDLE, form({ sourceUrl: `${server.origin}/fares` }));
      expect(fetched).toMatchObject({
        ok: true,
        message: expect.stringMatching(/^Read “Rail fares to rise” from 127\.0\.0\.1:\d+\. Check the fields below/),
        data: { title: "Rail fares to rise", outlet: "Line Times", body: paragraphs.join("\n\n") },
      });
      const refused = await actions.fetchArticleAction(IDLE, form({ sourceUrl: "news.example/fares" }));
      expect(refused).toMatchObject({
        ok: false,
        fieldErrors: { sourceUrl: ["Enter a full web address starting with https:// or http://."] },
        values: { sourceUrl: "news.example/fares" },
      });
      expect(snapshot()).toEqual(before);
    } finally {
      vi.unstubAllEnvs();
      await server.close();
    }
  });

  it("accept, reject and make claims from a span for a reviewer", async () => {
    session.user = reviewer;
    const text = body();
    const { article } = intakeArticle({ by: reviewer, body: text });
    const [first] = listArticleSuggestions({ by: reviewer, articleId: article.id });
    if (!first) throw new Error("nothing suggested");
    const before = snapshot();
    const accepted = await actions.decideSuggestionAction(
      IDLE,
      form({
        suggestionId: first.id,
        summary: "Fares up 4.9 percent",
        intent: "accept",
        text: first.text,
        claimant: "",
        reportedBy: "",
      }),
    );
    expect(accepted).toMatchObject({ ok: true, message: "Claim “Fares up 4.9 percent” created, unverified." });
    expect(snapshot()).toMatchObject({ claims: before.claims + 1, open: before.open - 1 });
    const twice = await actions.decideSuggestionAction(
      IDLE,
      form({ suggestionId: first.id, summary: "Again", intent: "reject" }),
    );
    expect(twice).toMatchObject({
      ok: false,
      message: "This suggestion was already accepted as “Fares up 4.9 percent”.",
    });
    const span = await actions.createSpanClaimAction(
      IDLE,
      form({ articleId: article.id, words: "A spokesperson", summary: "Spokesperson", claimant: "", reportedBy: "" }),
    );
    expect(span).toMatchObject({ ok: true });
    const bad = await actions.createSpanClaimAction(
      IDLE,
      form({ articleId: article.id, words: "a bus driver", summary: "" }),
    );
    expect(bad).toMatchObject({
      ok: false,
      fieldErrors: { summary: [expect.any(String)] },
      values: { words: "a bus driver" },
    });
    const missing = await actions.createSpanClaimAction(
      IDLE,
      form({ articleId: article.id, words: "a bus driver", summary: "Bus" }),
    );
    expect(missing).toMatchObject({ ok: false, fieldErrors: { words: [expect.stringMatching(/not in the article/)] } });
  });

  it("accept or reject several at once, the ticked ones or every check one, reporting the refused by sentence", async () => {
    session.user = reviewer;
    const { article } = intakeArticle({ by: reviewer, body: body() });
    const open = listArticleSuggestions({ by: reviewer, articleId: article.id });
    const [first] = open;
    if (!first) throw new Error("nothing suggested");
    const before = snapshot();
    const rejected = await actions.bulkDecideAction(IDLE, form({ intent: "reject", suggestionId: first.id }));
    expect(rejected).toMatchObject({ ok: true, message: "1 suggestion rejected.", data: [] });
    const data = new FormData();
    data.set("intent", "accept-check");
    for (const s of open) data.append("checkId", String(s.id));
    const accepted = await actions.bulkDecideAction(IDLE, data);
    expect(accepted).toMatchObject({
      ok: true,
      message: `${open.length - 1 === 1 ? "1 suggestion" : `${open.length - 1} suggestions`} accepted as unverified claims. 1 was refused, listed below.`,
      data: [{ suggestionId: first.id, text: first.text, message: "This suggestion was already rejected." }],
    });
    expect(snapshot()).toMatchObject({ claims: before.claims + open.length - 1, open: before.open - open.length });
    const none = await actions.bulkDecideAction(IDLE, form({ intent: "accept" }));
    expect(none).toMatchObject({ ok: false, message: "Tick at least one suggestion." });
  });
});
