/**
 * Issue #15, Shared cache: two server processes of the same build on one
 * database (two instances, as on two machines that share the data: separate
 * processes, separate ports, nothing shared but the database). A correction
 * and a withdrawal published through one are what the other serves on its
 * very next request, the page cache and the tagged data cache alike
 * (lib/cache/handler.mjs). With each process's own memory cache, the second
 * kept serving the old verdict.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { APIRequestContext, Browser, Page } from "@playwright/test";
import { runScriptAsync } from "@/lib/testing/run-script";
import { createClaim, createUser, expect, signIn, test, uniqueTag, type TestUser } from "./fixtures";
import { startOwnServer, type OwnServer } from "./support/own-server";
import { Workspace } from "./support/workspace";

// Two more servers start and sign-ins cost seconds each on two cores.
test.describe.configure({ timeout: 240_000 });

let dir = "";
let servers: OwnServer[] = [];

test.afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function signedInOn(browser: Browser, server: OwnServer, user: TestUser): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.baseURL });
  const page = await context.newPage();
  await signIn(page, user);
  return page;
}

/** Whether `body` has `text`, as a short failure message rather than a page of HTML. */
function has(body: string, text: string): boolean {
  return body.includes(text);
}

/** GETs `url` signed out: its status, whether Next answered from its cache, and the body. */
async function read(
  request: APIRequestContext,
  url: string,
): Promise<{ status: number; cache: string | undefined; body: string }> {
  const response = await request.get(url);
  return { status: response.status(), cache: response.headers()["x-nextjs-cache"], body: await response.text() };
}

test("a correction and a withdrawal published through one server process show on the next request to another", async ({
  browser,
  request,
}) => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "claimtrail-shared-cache-"));
  const shared = { databaseUrl: path.join(dir, "shared.db"), secret: randomBytes(32).toString("base64url") };
  // Migrated before either server starts, as the cluster's first process does (issue #15, item 1).
  await runScriptAsync("scripts/migrate.ts", [], {
    env: { DATABASE_URL: shared.databaseUrl, NEXTAUTH_SECRET: shared.secret },
  });
  servers = await Promise.all([startOwnServer(shared), startOwnServer(shared)]);
  const [serverA, serverB] = servers;
  if (!serverA || !serverB) throw new Error("Two servers should have started.");

  const on = { databaseUrl: shared.databaseUrl };
  const [reviewer, editor] = await Promise.all([
    createUser({ role: "reviewer" }, on),
    createUser({ role: "editor" }, on),
  ]);
  const tag = uniqueTag();
  const firstRationale = `Erdogan did speak to parliament that month (${tag}).`;
  // Published by the script before any page was asked for, so no cache holds the unpublished state.
  const claim = await createClaim(
    {
      sentence: "parliament",
      summary: `Erdogan criticised the West in parliament (${tag})`,
      articleTitle: `Shared cache ${tag}`,
      verdict: { status: "sourced", by: reviewer, rationale: firstRationale },
      publishBy: editor,
    },
    on,
  );
  const claimPath = `/claims/${claim.slug}`;
  const onA = (p: string) => `${serverA.baseURL}${p}`;
  const onB = (p: string) => `${serverB.baseURL}${p}`;

  await test.step("each process serves the published verdict, the second request from the cache", async () => {
    for (const url of [onA(claimPath), onB(claimPath)]) {
      const first = await read(request, url);
      expect(first.status, url).toBe(200);
      expect(has(first.body, firstRationale), `${url} shows the verdict's rationale`).toBe(true);
      const again = await read(request, url);
      expect(again.cache, `${url} the second time`).toBe("HIT");
      expect(has(again.body, firstRationale)).toBe(true);
    }
    expect(has((await read(request, onB("/"))).body, claimPath), "B's home page lists the claim").toBe(true);
    // The article page marks its one claim with its status.
    const article = await read(request, onB(`/articles/${claim.articleSlug}`));
    expect(has(article.body, 'data-status="sourced"'), "B's article page shows Sourced").toBe(true);
    expect((await read(request, onB(`/articles/${claim.articleSlug}`))).cache).toBe("HIT");
  });

  // The reviewer works on B, the editor publishes on A: both processes write to the one desk.
  const [reviewerPage, editorPage] = await Promise.all([
    signedInOn(browser, serverB, reviewer),
    signedInOn(browser, serverA, editor),
  ]);
  const reviewerWorkspace = await new Workspace(reviewerPage, claim.slug).open();
  await reviewerWorkspace.addEvidence({
    url: "https://www.tbmm.gov.tr/",
    title: "Grand National Assembly: record of the session",
    publisher: "TBMM",
    quotedPassage: "The session was held in October.",
    stance: "contradicts",
  });
  const secondRationale = `The parliamentary record dates the speech to October (${tag}).`;
  await reviewerWorkspace.setVerdict("disputed", secondRationale);
  const reason = `The speech was in October, not last month (${tag}).`;
  await (await new Workspace(editorPage, claim.slug).open()).publishCorrection(reason);

  await test.step("the other process's very next request shows the correction", async () => {
    const page = await read(request, onB(claimPath));
    expect(page.status).toBe(200);
    expect(has(page.body, secondRationale), "B's claim page shows the new rationale").toBe(true);
    expect(has(page.body, reason), "and the correction's reason").toBe(true);
    expect(has(page.body, firstRationale), "and not the old rationale").toBe(false);
    const article = await read(request, onB(`/articles/${claim.articleSlug}`));
    expect(has(article.body, 'data-status="disputed"'), "B's article page shows Disputed").toBe(true);
    expect(has(article.body, 'data-status="sourced"'), "and not Sourced").toBe(false);
  });

  await test.step("and after a withdrawal through the first, the second finds nothing", async () => {
    // Cached again on B with the correction, so the withdrawal has something to expire.
    expect((await read(request, onB(claimPath))).cache).toBe("HIT");
    await new Workspace(editorPage, claim.slug)
      .open()
      .then((w) => w.unpublish(`Withdrawn pending a new check (${tag}).`));
    expect((await read(request, onB(claimPath))).status).toBe(404);
    expect((await read(request, onB(`/articles/${claim.articleSlug}`))).status).toBe(404);
    expect(has((await read(request, onB("/"))).body, claimPath), "B's home page no longer lists it").toBe(false);
    expect((await read(request, onA(claimPath))).status).toBe(404);
  });

  await test.step("both processes keep one cache in the database", async () => {
    // A page B rendered is a hit on A's first request for it.
    const methodologyOnB = await read(request, onB("/methodology"));
    expect(methodologyOnB.status).toBe(200);
    expect((await read(request, onA("/methodology"))).cache).toBe("HIT");
  });
});
