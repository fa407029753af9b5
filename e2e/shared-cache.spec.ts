/**
 * Issue #15, Shared cache: two instances of the same build on one database,
 * as on two machines that share the data (separate process groups, separate
 * ports, nothing shared but the database), the second a cluster of two server
 * processes like `npm start`. A correction and a withdrawal published through
 * the first are what every process of the second serves on its very next
 * request, the page cache and the tagged data cache alike
 * (lib/cache/handler.mjs). With each process's own memory cache, the second
 * instance kept serving the old verdict.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "@playwright/test";
import { runScriptAsync } from "@/lib/testing/run-script";
import { createClaim, createUser, expect, signIn, test, uniqueTag, type TestUser } from "./fixtures";
import { startOwnServer, type OwnServer } from "./support/own-server";
import { Workspace } from "./support/workspace";

// Two more servers (three processes) start, and sign-ins cost seconds each on two cores.
test.describe.configure({ timeout: 240_000 });

const WORKERS_ON_B = 2;

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

interface Answer {
  status: number;
  /** x-nextjs-cache: HIT when Next answered from its cache. */
  cache: string | undefined;
  body: string;
}

/**
 * GETs `url` signed out on a connection of its own. The cluster hands each new
 * connection to its workers in turn, so a few reads in a row reach every one.
 */
function read(url: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent: false }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => {
        const cache = response.headers["x-nextjs-cache"];
        resolve({ status: response.statusCode ?? 0, cache: typeof cache === "string" ? cache : undefined, body });
      });
      response.on("error", reject);
    });
    request.on("error", reject);
  });
}

/** Reads `url` enough times, each on a new connection, for every worker of B to answer at least once. */
async function readOnEveryWorker(url: string): Promise<Answer[]> {
  const answers: Answer[] = [];
  for (let i = 0; i < WORKERS_ON_B * 2; i++) answers.push(await read(url));
  return answers;
}

/** Whether `body` has `text`, as a short failure message rather than a page of HTML. */
function has(body: string, text: string): boolean {
  return body.includes(text);
}

test("a correction and a withdrawal published through one instance show on the next request to every process of another", async ({
  browser,
}) => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "claimtrail-shared-cache-"));
  const shared = { databaseUrl: path.join(dir, "shared.db"), secret: randomBytes(32).toString("base64url") };
  // Migrated before either starts: each instance's primary migrates (scripts/start/serve.ts), and two at once would race.
  await runScriptAsync("scripts/migrate.ts", [], {
    env: { DATABASE_URL: shared.databaseUrl, NEXTAUTH_SECRET: shared.secret },
  });
  servers = await Promise.all([startOwnServer({ shared }), startOwnServer({ shared, workers: WORKERS_ON_B })]);
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
  // Only for the last step: nobody asks for its page before then.
  const otherClaim = await createClaim(
    {
      sentence: "nato-allies",
      summary: `NATO allies backed Israel's self-defence (${tag})`,
      articleTitle: `Shared cache, another article ${tag}`,
      verdict: { status: "sourced", by: reviewer },
      publishBy: editor,
    },
    on,
  );
  const claimPath = `/claims/${claim.slug}`;
  const articlePath = `/articles/${claim.articleSlug}`;
  const onA = (p: string) => `${serverA.baseURL}${p}`;
  const onB = (p: string) => `${serverB.baseURL}${p}`;

  await test.step("every process serves the published verdict, then from its cache", async () => {
    const first = await read(onA(claimPath));
    expect(first.status).toBe(200);
    expect(has(first.body, firstRationale), "A's claim page shows the verdict's rationale").toBe(true);
    for (const path of [claimPath, articlePath]) {
      for (const answer of await readOnEveryWorker(onB(path))) {
        expect(answer.status, `B's ${path}`).toBe(200);
        expect(has(answer.body, claim.slug), `B's ${path} shows the claim`).toBe(true);
      }
      for (const answer of await readOnEveryWorker(onB(path))) expect(answer.cache, `B's ${path} again`).toBe("HIT");
    }
    for (const answer of await readOnEveryWorker(onB(claimPath))) {
      expect(has(answer.body, firstRationale), "B's claim page shows the verdict's rationale").toBe(true);
    }
    // The article page marks its one claim with its status.
    for (const answer of await readOnEveryWorker(onB(articlePath))) {
      expect(has(answer.body, 'data-status="sourced"'), "B's article page shows Sourced").toBe(true);
    }
    for (const answer of await readOnEveryWorker(onB("/"))) {
      expect(has(answer.body, claimPath), "B's home page lists the claim").toBe(true);
    }
  });

  // Both work on A: nothing that happens on B itself could tell it the page changed.
  const [reviewerPage, editorPage] = await Promise.all([
    signedInOn(browser, serverA, reviewer),
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

  await test.step("every process of the other instance shows the correction on its next request", async () => {
    for (const answer of await readOnEveryWorker(onB(claimPath))) {
      expect(answer.status).toBe(200);
      expect(has(answer.body, secondRationale), "B's claim page shows the new rationale").toBe(true);
      expect(has(answer.body, reason), "and the correction's reason").toBe(true);
      expect(has(answer.body, firstRationale), "and not the old rationale").toBe(false);
    }
    for (const answer of await readOnEveryWorker(onB(articlePath))) {
      expect(has(answer.body, 'data-status="disputed"'), "B's article page shows Disputed").toBe(true);
      expect(has(answer.body, 'data-status="sourced"'), "and not Sourced").toBe(false);
    }
  });

  await test.step("and after a withdrawal through the first, none of them finds it", async () => {
    // Cached again with the correction, so the withdrawal has something to expire.
    expect((await read(onB(claimPath))).cache).toBe("HIT");
    await new Workspace(editorPage, claim.slug)
      .open()
      .then((w) => w.unpublish(`Withdrawn pending a new check (${tag}).`));
    for (const answer of await readOnEveryWorker(onB(claimPath))) expect(answer.status).toBe(404);
    for (const answer of await readOnEveryWorker(onB(articlePath))) expect(answer.status).toBe(404);
    for (const answer of await readOnEveryWorker(onB("/"))) {
      expect(has(answer.body, claimPath), "B's home page no longer lists it").toBe(false);
    }
    expect((await read(onA(claimPath))).status).toBe(404);
  });

  await test.step("both instances keep one cache in the database", async () => {
    // A page one instance rendered is a hit on the other's first request for it.
    const otherPath = `/claims/${otherClaim.slug}`;
    const rendered = await read(onB(otherPath));
    expect(rendered.status).toBe(200);
    expect(rendered.cache).toBe("MISS");
    expect((await read(onA(otherPath))).cache).toBe("HIT");
  });
});
