import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getConnection } from "@/db/client";
import { addEvidence } from "@/lib/claims/evidence";
import { getClaimWorkspace } from "@/lib/claims/workspace";
import { getPublishedClaim } from "@/lib/public/published-claim";
import { publishClaim } from "@/lib/claims/publication";
import { setClaimStatus } from "@/lib/claims/claims";
import { useTemporaryDatabase } from "@/lib/testing/database";
import * as articleRoute from "@/app/api/v1/articles/[slug]/route";
import * as claimRoute from "@/app/api/v1/claims/[slug]/route";
import * as claimsRoute from "@/app/api/v1/claims/route";
import * as openApiRoute from "@/app/api/v1/openapi.json/route";
import { articleSchema, claimListSchema, claimSchema, claimsQuerySchema, decodeCursor, encodeCursor, errorSchema, MAX_LIMIT, type ClaimSummary } from "./api";
import { CACHE_CONTROL } from "./http";
import { HOSTILE_SUMMARY, seedPublicDesk, type PublicDesk } from "@/lib/testing/public-desk";
import { HOSTILE_QUERIES } from "@/lib/testing/hostile-queries";

let db: ReturnType<typeof useTemporaryDatabase>;
let desk: PublicDesk;

beforeAll(async () => {
  db = useTemporaryDatabase();
  desk = await seedPublicDesk();
});
afterAll(() => db.cleanup());

const BASE = "http://localhost:3000";

function listClaims(query = "", init?: RequestInit) {
  return claimsRoute.GET(new Request(`${BASE}/api/v1/claims${query}`, init));
}
function getClaim(slug: string, init?: RequestInit) {
  return claimRoute.GET(new Request(`${BASE}/api/v1/claims/${encodeURIComponent(slug)}`, init), { params: Promise.resolve({ slug }) });
}
function getArticle(slug: string, init?: RequestInit) {
  return articleRoute.GET(new Request(`${BASE}/api/v1/articles/${encodeURIComponent(slug)}`, init), { params: Promise.resolve({ slug }) });
}

async function expectBadParameter(response: Response, parameter: string) {
  expect(response.status).toBe(400);
  expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
  expect(response.headers.get("cache-control")).toBe("no-store");
  const body = errorSchema.parse(await response.json());
  expect(body.error.parameter).toBe(parameter);
  expect(body.error.message).toContain(parameter);
}

async function allPages(query: string, limit: number): Promise<ClaimSummary[]> {
  const items: ClaimSummary[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 100; pages += 1) {
    const separator = query ? "&" : "?";
    const response = await listClaims(`${query}${separator}limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`);
    expect(response.status).toBe(200);
    const page = claimListSchema.parse(await response.json());
    expect(page.data.length).toBeLessThanOrEqual(limit);
    items.push(...page.data);
    cursor = page.nextCursor;
    if (!cursor) return items;
  }
  throw new Error("pagination did not end");
}

describe("GET /api/v1/claims", () => {
  it("answers JSON with caching, CORS and an ETag", async () => {
    const response = await listClaims();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe(CACHE_CONTROL);
    expect(response.headers.get("cache-control")).toBe("public, max-age=60, s-maxage=300, stale-while-revalidate=600");
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("etag")).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    const body = claimListSchema.parse(await response.json());
    expect(body.data.length).toBe(desk.published.length);
    expect(body.nextCursor).toBeNull();
  });

  it("pages through every published claim exactly once, in a stable order", async () => {
    for (const limit of [1, 2, 3, 7, MAX_LIMIT]) {
      const items = await allPages("", limit);
      const slugs = items.map((c) => c.slug);
      expect(slugs.length, `limit ${limit}`).toBe(desk.published.length);
      expect(new Set(slugs).size).toBe(slugs.length);
      expect([...slugs].sort()).toEqual([...desk.published].sort());
      const keys = items.map((c) => `${c.publishedAt} ${c.slug}`);
      expect([...keys].sort().reverse()).toEqual(keys);
    }
  });

  it("pages with filters too, including q", async () => {
    const erdogan = await allPages("?claimant=Recep%20Tayyip%20Erdogan", 1);
    expect(erdogan).toHaveLength(3);
    expect(erdogan.every((c) => c.claimant === "Recep Tayyip Erdogan")).toBe(true);
    const searched = await allPages("?q=erdogan", 1);
    expect(searched.length).toBeGreaterThanOrEqual(3);
    const disputed = await allPages("?status=disputed", 1);
    expect(disputed.every((c) => c.status === "disputed")).toBe(true);
    expect(await allPages(`?article=${desk.articleSlug}`, 4)).toHaveLength(desk.published.length);
  });

  it("never returns drafts, withdrawn claims or anything but published fields", async () => {
    const body = claimListSchema.parse(await (await listClaims(`?limit=${MAX_LIMIT}`)).json());
    const slugs = body.data.map((c) => c.slug);
    for (const hidden of [...desk.drafts, desk.withdrawn]) expect(slugs).not.toContain(hidden);
    const text = JSON.stringify(body);
    expect(text).not.toMatch(/@claimtrail\.test|password|"id":/);
    // claimListSchema is strict about shape: no extra keys slipped in.
    expect(Object.keys(body.data[0] ?? {}).sort()).toEqual(
      ["apiUrl", "article", "claimant", "firstPublishedAt", "publishedAt", "slug", "status", "summary", "url"].sort(),
    );
    const hostile = body.data.find((c) => c.slug === desk.hostile);
    expect(hostile?.summary).toBe(HOSTILE_SUMMARY);
    expect(hostile?.url).toBe(`${BASE}/claims/${desk.hostile}`);
  });

  it("filters by updatedSince", async () => {
    const all = claimListSchema.parse(await (await listClaims(`?limit=${MAX_LIMIT}`)).json()).data;
    const newest = all[0];
    if (!newest) throw new Error("no claims");
    const since = claimListSchema.parse(await (await listClaims(`?updatedSince=${encodeURIComponent(newest.publishedAt)}`)).json()).data;
    expect(since.map((c) => c.slug)).toContain(newest.slug);
    expect(since.every((c) => c.publishedAt >= newest.publishedAt)).toBe(true);
    const offset = claimListSchema.parse(await (await listClaims("?updatedSince=2000-01-01T02:00:00%2B02:00")).json()).data;
    expect(offset).toHaveLength(all.length);
    expect(claimListSchema.parse(await (await listClaims("?updatedSince=2999-01-01T00:00:00Z")).json()).data).toEqual([]);
  });

  it("refuses bad parameters with 400 naming the parameter", async () => {
    await expectBadParameter(await listClaims("?status=true"), "status");
    await expectBadParameter(await listClaims("?status=Sourced"), "status");
    for (const limit of ["0", "101", "-1", "abc", "1.5", "1e1", "0x10"]) await expectBadParameter(await listClaims(`?limit=${limit}`), "limit");
    for (const cursor of ["abc", "!!!", encodeURIComponent("eyJ9"), Buffer.from('["not a date","x"]').toString("base64url"), Buffer.from("{}").toString("base64url")]) {
      await expectBadParameter(await listClaims(`?cursor=${cursor}`), "cursor");
    }
    for (const since of ["yesterday", "2024-01-01", "2024-01-01T00:00:00", "2024-13-01T00:00:00Z"]) {
      await expectBadParameter(await listClaims(`?updatedSince=${encodeURIComponent(since)}`), "updatedSince");
    }
    await expectBadParameter(await listClaims("?article=Not%20a%20slug"), "article");
    await expectBadParameter(await listClaims(`?q=${"x".repeat(201)}`), "q");
    await expectBadParameter(await listClaims("?sort=newest"), "sort");
    await expectBadParameter(await listClaims("?page=2"), "page");
    await expectBadParameter(await listClaims("?status=sourced&status=disputed"), "status");
    await expectBadParameter(await listClaims("?__proto__=x"), "__proto__");
  });

  it("treats empty parameters as absent", async () => {
    expect((await listClaims("?status=&q=&claimant=&article=&limit=&cursor=&updatedSince=")).status).toBe(200);
  });

  it("answers 200 to hostile FTS syntax in q", async () => {
    // A lone surrogate cannot be URL-encoded; its raw bytes are among the cases below.
    const encodable = HOSTILE_QUERIES.filter((q) => q.length <= 200 && !/[\uD800-\uDFFF]/.test(q.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, "")));
    const raw = ["%ED%A0%80", "%00", "%", "%%22", "%22%22%22", "%E2%80%A8", "O%27Brien", "a%2Bb", "NEAR%28%29", "%FF%FE"];
    for (const q of [...encodable.map(encodeURIComponent), ...raw]) {
      const response = await listClaims(`?q=${q}`);
      expect(response.status, q).toBe(200);
      claimListSchema.parse(await response.json());
    }
  });

  it("answers 304 to a matching If-None-Match, and 200 once the data changes", async () => {
    const first = await listClaims("?limit=5");
    const etag = first.headers.get("etag") ?? "";
    const again = await listClaims("?limit=5", { headers: { "If-None-Match": etag } });
    expect(again.status).toBe(304);
    expect(again.body).toBeNull();
    expect(again.headers.get("etag")).toBe(etag);
    expect(again.headers.get("cache-control")).toBe(CACHE_CONTROL);
    expect((await listClaims("?limit=5", { headers: { "If-None-Match": `W/${etag}, "other"` } })).status).toBe(304);
    expect((await listClaims("?limit=5", { headers: { "If-None-Match": '"other"' } })).status).toBe(200);
    expect((await listClaims("?limit=4", { headers: { "If-None-Match": etag } })).status).toBe(200);
  });

  it("answers a CORS preflight and refuses other methods", async () => {
    const preflight = claimsRoute.OPTIONS();
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    expect(preflight.headers.get("access-control-allow-methods")).toBe("GET, OPTIONS");
    for (const handler of [claimsRoute.POST, claimsRoute.PUT, claimsRoute.PATCH, claimsRoute.DELETE, claimRoute.POST, articleRoute.DELETE, openApiRoute.PUT]) {
      const response = handler();
      expect(response.status).toBe(405);
      expect(response.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
      errorSchema.parse(await response.json());
    }
  });

  it("shows a claim on the very next request after it is published, whatever ETag the client holds", async () => {
    const [draft] = desk.drafts;
    if (!draft) throw new Error("no draft");
    const before = await listClaims();
    const ws = getClaimWorkspace({ by: desk.reviewer, slug: draft });
    if (!ws) throw new Error("draft vanished");
    addEvidence({ by: desk.reviewer, claimId: ws.id, url: "https://example.org/now", title: "Now", stance: "supports" });
    const set = setClaimStatus({ by: desk.reviewer, claimId: ws.id, expectedVersion: ws.version + 1, status: "sourced", rationale: "Now checked." });
    publishClaim({ by: desk.editor, claimId: ws.id, expectedVersion: set.version });
    const after = await listClaims("", { headers: { "If-None-Match": before.headers.get("etag") ?? "" } });
    expect(after.status).toBe(200);
    expect(claimListSchema.parse(await after.json()).data[0]?.slug).toBe(draft);
    desk.published.push(draft);
    desk.drafts.shift();
  });
});

describe("GET /api/v1/claims/{slug}", () => {
  it("gives the published verdict, evidence as published, article and history", async () => {
    const response = await getClaim(desk.corrected);
    expect(response.status).toBe(200);
    const claim = claimSchema.parse(await response.json());
    const published = getPublishedClaim(desk.corrected);
    expect(claim).toMatchObject({
      slug: desk.corrected,
      url: `${BASE}/claims/${desk.corrected}`,
      apiUrl: `${BASE}/api/v1/claims/${desk.corrected}`,
      status: "disputed",
      corrected: true,
      summary: published?.verdict.summary,
      rationale: published?.verdict.rationale,
      article: { slug: desk.articleSlug, url: `${BASE}/articles/${desk.articleSlug}`, sourceUrl: null, publishedAt: "2023-11-15" },
    });
    expect(claim.history.map((h) => h.kind)).toEqual(["correction", "published"]);
    expect(claim.history[0]).toMatchObject({ status: "disputed", previousStatus: "sourced", reason: "The U.N. revised its statement." });
    expect(claim.evidence.map((e) => e.stance).sort()).toEqual(["contradicts", "supports"]);
    expect(response.headers.get("etag")).toBeTruthy();
  });

  it("never shows evidence added after publication", async () => {
    const claim = claimSchema.parse(await (await getClaim(desk.editedAfterPublication)).json());
    expect(claim.evidence.map((e) => e.title)).not.toContain(desk.unpublishedEvidenceTitle);
    expect(JSON.stringify(claim)).not.toMatch(/@claimtrail\.test|Public Reviewer|Public Editor|"id":/);
  });

  it("answers 404 JSON for drafts, withdrawn and unknown claims", async () => {
    for (const slug of [desk.drafts[0] ?? "", desk.withdrawn, "no-such-claim", "../etc/passwd", "x".repeat(300)]) {
      const response = await getClaim(slug);
      expect([404, 400], slug).toContain(response.status);
      if (slug.length <= 200) expect(response.status).toBe(404);
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(errorSchema.parse(await response.json()).error.message).toBeTruthy();
    }
  });

  it("refuses query parameters it does not take, and answers 304 for its ETag", async () => {
    const response = await claimRoute.GET(new Request(`${BASE}/api/v1/claims/${desk.corrected}?expand=all`), {
      params: Promise.resolve({ slug: desk.corrected }),
    });
    await expectBadParameter(response, "expand");
    const etag = (await getClaim(desk.corrected)).headers.get("etag") ?? "";
    expect((await getClaim(desk.corrected, { headers: { "If-None-Match": etag } })).status).toBe(304);
  });
});

describe("GET /api/v1/articles/{slug}", () => {
  it("gives the article with its published claims only", async () => {
    const response = await getArticle(desk.articleSlug);
    expect(response.status).toBe(200);
    const article = articleSchema.parse(await response.json());
    const slugs = article.claims.map((c) => c.slug);
    expect([...slugs].sort()).toEqual([...desk.published].sort());
    for (const hidden of [...desk.drafts, desk.withdrawn]) expect(slugs).not.toContain(hidden);
    for (const claim of article.claims) expect(article.body.slice(claim.spanStart, claim.spanEnd).length).toBeGreaterThan(0);
    const etag = response.headers.get("etag") ?? "";
    expect((await getArticle(desk.articleSlug, { headers: { "If-None-Match": etag } })).status).toBe(304);
  });

  it("answers 404 JSON for unknown articles", async () => {
    const response = await getArticle("no-such-article");
    expect(response.status).toBe(404);
    expect(errorSchema.parse(await response.json()).error.message).toMatch(/article/);
  });
});

describe("GET /api/v1/openapi.json", () => {
  it("describes every path, parameter and response, with resolvable references", async () => {
    const response = await openApiRoute.GET(new Request(`${BASE}/api/v1/openapi.json`));
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe(CACHE_CONTROL);
    const doc = (await response.json()) as Record<string, unknown> & {
      openapi: string;
      servers: { url: string }[];
      paths: Record<string, Record<string, { parameters?: unknown[]; responses?: Record<string, unknown> }>>;
      components: { parameters: Record<string, { name: string }> };
    };
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.servers[0]?.url).toBe(`${BASE}/api/v1`);
    expect(Object.keys(doc.paths).sort()).toEqual(["/articles/{slug}", "/claimreview.json", "/claims", "/claims/{slug}", "/openapi.json"]);
    for (const [path, item] of Object.entries(doc.paths)) {
      expect(item.get?.responses?.["200"], path).toBeDefined();
      expect(item.get?.responses?.["304"], path).toBeDefined();
      expect(item.options, path).toBeDefined();
    }
    expect(doc.paths["/claims"]?.get?.responses?.["400"]).toBeDefined();
    expect(doc.paths["/claims/{slug}"]?.get?.responses?.["404"]).toBeDefined();
    const names = Object.values(doc.components.parameters).map((p) => p.name);
    for (const name of ["q", "status", "claimant", "article", "updatedSince", "limit", "cursor", "slug"]) expect(names).toContain(name);
    expect(JSON.stringify(doc)).toContain(CACHE_CONTROL);

    // Every $ref points at something that exists.
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/([^"]+)"/g)].map((m) => m[1] ?? "");
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) {
      const target = ref.split("/").reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], doc);
      expect(target, ref).toBeDefined();
    }
  });

  it("documents exactly the query parameters the listing accepts", async () => {
    const doc = (await (await openApiRoute.GET(new Request(`${BASE}/api/v1/openapi.json`))).json()) as {
      components: { parameters: Record<string, { name: string; in: string }> };
    };
    const documented = Object.values(doc.components.parameters)
      .filter((p) => p.in === "query")
      .map((p) => p.name);
    expect(documented.sort()).toEqual(Object.keys(claimsQuerySchema.shape).sort());
    for (const name of documented) expect((await listClaims(`?${name}=`)).status, name).toBe(200);
  });

  it("has a cursor format that survives a round trip", () => {
    const cursor = { at: "2024-01-01T00:00:00.000Z", slug: "a-slug" };
    expect(encodeCursor(cursor)).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    expect(decodeCursor("")).toBeNull();
  });
});

describe("cursor pagination when publication times tie", () => {
  it("breaks ties by slug, so every claim still comes exactly once", async () => {
    getConnection().sqlite.prepare("update claims set published_at = '2024-05-01T12:00:00.000Z' where published_at is not null").run();
    for (const limit of [1, 2, 5]) {
      for (const query of ["", "?q=erdogan"]) {
        const items = await allPages(query, limit);
        const slugs = items.map((c) => c.slug);
        expect(new Set(slugs).size, `${query} limit ${limit}`).toBe(slugs.length);
        expect(slugs).toEqual([...slugs].sort().reverse());
        if (!query) expect([...slugs].sort()).toEqual([...desk.published].sort());
      }
    }
  });
});
