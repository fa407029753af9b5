import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "@/lib/auth/principal";
import { AppError } from "@/lib/errors";
import { page, startTestServer, type TestServer } from "@/lib/evidence/test-server";
import { importArticleFromUrl, NO_ARTICLE_TEXT } from "./import-url";

// Importing an article by its address, against pages this test serves on
// 127.0.0.1. The pages are our own: a harbour story with the furniture news
// sites put around one, a front page of links, and things that are not pages.

const STORY = [
  "The port authority said on Thursday that container traffic through the eastern terminal fell by 18 per cent in February, the third monthly fall in a row.",
  "Its chief executive, Tomas Lindqvist, told the city council that dredging work had closed one of the two deep-water berths for most of the month.",
  "Shipping agents disputed that account, saying two of the largest lines had already moved their weekly calls to a rival port before the dredging began.",
  "The authority expects both berths to reopen by the end of April and has forecast that traffic will return to last year's level by the summer.",
];

const ARTICLE = `<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Harbour traffic falls for third month - Harbour Ledger</title>
<meta property="og:site_name" content="Harbour Ledger">
<meta property="og:title" content="Harbour traffic falls for third month">
<meta property="article:published_time" content="2026-03-06T00:40:00+01:00">
<script>window.analytics = { page: "story" };</script>
</head><body>
<div class="consent-banner">This site uses cookies. Accept all</div>
<header><a href="/">Harbour Ledger</a><nav><a href="/news">News</a> <a href="/shipping">Shipping</a></nav></header>
<main><article>
<h1>Harbour traffic falls for third month</h1>
<p class="byline">By <a href="/staff/priya">Priya Natarajan</a></p>
<div class="share-tools"><a href="/share/mail">Email</a> <a href="/share/print">Print</a></div>
${STORY.map((p) => `<p>${p}</p>`).join("\n")}
</article>
<div class="most-read"><h3>Most read</h3><a href="/x">Ferry timetable changes</a></div>
</main>
<footer><p>© 2026 Harbour Ledger</p></footer>
</body></html>`;

// The same story dated only by JSON-LD, with its author there too, and no site name.
const JSON_LD_ARTICLE = ARTICLE.replace(/<meta property="(og:site_name|article:published_time)"[^>]*>\n/g, "")
  .replace('<p class="byline">By <a href="/staff/priya">Priya Natarajan</a></p>', "")
  .replace(
    "</head>",
    '<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Harbour traffic falls for third month","datePublished":"2026-03-05","author":{"@type":"Person","name":"Priya Natarajan"}}</script></head>',
  );

// A short story (under Readability's 500 characters, so it reads the page a second,
// looser time): it keeps the printed byline as the story's first line.
const PLAIN_BYLINE = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Harbour traffic falls for third month</title>
<meta property="og:site_name" content="Harbour Ledger"><meta property="article:published_time" content="2026-03-06T09:00:00+00:00"></head>
<body><article><h1>Harbour traffic falls for third month</h1><p class="byline">By Priya Natarajan</p>
${STORY.slice(0, 2).map((p) => `<p>${p}</p>`).join("\n")}</article></body></html>`;

const FRONT_PAGE = `<!DOCTYPE html><html><head><title>Harbour Ledger: news from the docks</title></head><body>
<header><a href="/">Harbour Ledger</a></header>
<ul class="headlines">
<li><a href="/a">Harbour traffic falls</a></li><li><a href="/b">Ferry timetable changes</a></li><li><a href="/c">New crane arrives</a></li>
</ul></body></html>`;

// A page built in the browser: nothing but a script until JavaScript runs.
const SCRIPT_ONLY = `<!DOCTYPE html><html><head><title>Loading…</title></head><body><div id="root"></div><script src="/app.js"></script></body></html>`;

let server: TestServer;
let users = 0;

/** A reviewer of their own per test: each person's fetches come out of their own budget. */
function reviewer(): SessionUser {
  users += 1;
  return { kind: "user", id: 10_000 + users, name: `Reviewer ${users}`, email: `reviewer${users}@example.test`, role: "reviewer" };
}

function importFrom(path: string, options: { allowPrivate?: boolean; maxBytes?: number } = {}) {
  return importArticleFromUrl({
    by: reviewer(),
    sourceUrl: `${server.origin}${path}`,
    fetchOptions: { allowPrivate: options.allowPrivate ?? true, maxBytes: options.maxBytes, ports: "any" },
  });
}

/** The refusal an import ends in: its message and field errors. */
async function refusal(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("Expected the import to be refused.");
}

beforeAll(async () => {
  server = await startTestServer((path) => {
    switch (path) {
      case "/2026/03/harbour-traffic":
        return page(ARTICLE);
      case "/2026/03/harbour-traffic-json-ld":
        return page(JSON_LD_ARTICLE);
      case "/moved":
        return (_request, response) => {
          response.writeHead(301, { location: "/2026/03/harbour-traffic" }).end();
        };
      case "/2026/03/harbour-traffic-plain":
        return page(PLAIN_BYLINE);
      case "/":
        return page(FRONT_PAGE);
      case "/app":
        return page(SCRIPT_ONLY);
      case "/report.pdf":
        return page(Buffer.from("%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n"), "application/pdf");
      case "/api/story.json":
        return page(JSON.stringify({ headline: "Harbour traffic falls", body: STORY.join(" ") }), "application/json");
      default:
        return undefined;
    }
  });
});
afterAll(() => server.close());

describe("importArticleFromUrl", () => {
  it("reads the title, byline, outlet, publication day and the story's text, without the page furniture", async () => {
    const article = await importFrom("/2026/03/harbour-traffic");
    expect(article).toEqual({
      requestedUrl: `${server.origin}/2026/03/harbour-traffic`,
      url: `${server.origin}/2026/03/harbour-traffic`,
      title: "Harbour traffic falls for third month",
      author: "Priya Natarajan",
      outlet: "Harbour Ledger",
      // 00:40 in UTC+1 is still 5 March in UTC; the page dates its story the 6th.
      publishedAt: "2026-03-06",
      body: STORY.join("\n\n"),
      truncated: false,
    });
  });

  it("takes the date and author from JSON-LD, and leaves the outlet empty when the page does not name it", async () => {
    const article = await importFrom("/2026/03/harbour-traffic-json-ld");
    expect(article).toMatchObject({
      title: "Harbour traffic falls for third month",
      author: "Priya Natarajan",
      outlet: null,
      publishedAt: "2026-03-05",
      body: STORY.join("\n\n"),
    });
  });

  it("leaves the printed byline out of the text when it fills the Author field", async () => {
    const article = await importFrom("/2026/03/harbour-traffic-plain");
    expect(article.author).toBe("Priya Natarajan");
    expect(article.body).toBe(STORY.slice(0, 2).join("\n\n"));
  });

  it("records where the page was read after a redirect", async () => {
    const article = await importFrom("/moved");
    expect(article.requestedUrl).toBe(`${server.origin}/moved`);
    expect(article.url).toBe(`${server.origin}/2026/03/harbour-traffic`);
    expect(article.title).toBe("Harbour traffic falls for third month");
  });

  it("says plainly when a page has no article text: a front page, or one built by JavaScript", async () => {
    for (const path of ["/", "/app"]) {
      const error = await refusal(importFrom(path));
      expect(error.message).toBe(NO_ARTICLE_TEXT);
      expect(error.message).toMatch(/^That page has no article text we could read/);
      expect(error.fieldErrors).toEqual({});
    }
  });

  it("refuses a PDF and a JSON document, naming what the address serves", async () => {
    const pdf = await refusal(importFrom("/report.pdf"));
    expect(pdf.message).toBe(
      "That address serves application/pdf, not a web page, so it cannot be read as an article. You can paste the article's text below instead.",
    );
    const json = await refusal(importFrom("/api/story.json"));
    expect(json.message).toMatch(/^That address serves application\/json, not a web page/);
  });

  it("reports an HTTP error instead of reading the error page", async () => {
    const error = await refusal(importFrom("/gone"));
    expect(error.message).toBe(
      "The page answered with HTTP 404 (Not Found) instead of the page. You can paste the article's text below instead.",
    );
    expect(error.code).toBe("rule");
  });

  it("refuses a private address as a field error that does not say what the address is", async () => {
    const before = server.requests.length;
    const error = await refusal(importFrom("/2026/03/harbour-traffic", { allowPrivate: false }));
    expect(error.fieldErrors.sourceUrl).toEqual([
      "That address, or one it redirected to, is not on the public internet, so the desk will not fetch it.",
    ]);
    expect(error.message).not.toContain("127.0.0.1");
    expect(error.message).not.toMatch(/loopback/);
    expect(server.requests.length).toBe(before);
  });

  it.each([
    ["ftp://example.com/story.html", "Enter a full web address starting with https:// or http://."],
    ["javascript:alert(1)", "Enter a full web address starting with https:// or http://."],
    ["harbour-ledger.example/story", "Enter a full web address starting with https:// or http://."],
    ["   ", "Enter the article's address."],
  ])("refuses %j as a field error, before any request", async (sourceUrl, message) => {
    const before = server.requests.length;
    const error = await refusal(importArticleFromUrl({ by: reviewer(), sourceUrl }));
    expect(error.fieldErrors).toEqual({ sourceUrl: [message] });
    expect(server.requests.length).toBe(before);
  });

  it("refuses a user name in the address as a field error", async () => {
    const error = await refusal(
      importArticleFromUrl({ by: reviewer(), sourceUrl: "https://editor:secret@harbour-ledger.example/story" }),
    );
    expect(error.fieldErrors.sourceUrl?.[0]).toMatch(/user name or password/);
  });

  it("reads the beginning of a page longer than the fetcher takes, and says it was cut", async () => {
    const article = await importFrom("/2026/03/harbour-traffic", { maxBytes: ARTICLE.indexOf("</article>") });
    expect(article.truncated).toBe(true);
    expect(article.title).toBe("Harbour traffic falls for third month");
    expect(article.body.startsWith(STORY[0] ?? "")).toBe(true);
  });

  it("asks who is importing before fetching anything", async () => {
    const before = server.requests.length;
    const signedOut = await refusal(
      importArticleFromUrl({ by: null, sourceUrl: `${server.origin}/2026/03/harbour-traffic` }),
    );
    expect(signedOut.message).toBe("Please sign in to do that.");
    expect(server.requests.length).toBe(before);
  });
});
