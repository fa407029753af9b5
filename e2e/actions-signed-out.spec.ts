import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { z } from "zod";
import { expect, test } from "./fixtures";
import { NATO_SUPPORT, Workspace } from "./support/workspace";

// `next build` lists every server action here: { node: { [actionId]: { workers, filename, exportedName } }, edge: {...} }.
const manifestFile = path.join(process.cwd(), ".next", "server", "server-reference-manifest.json");
const manifestSchema = z.object({
  node: z.record(z.string(), z.object({ exportedName: z.string().optional(), filename: z.string().optional() })),
  edge: z.record(z.string(), z.unknown()).optional(),
});

function actionIds(): string[] {
  const manifest = manifestSchema.parse(JSON.parse(fs.readFileSync(manifestFile, "utf8")));
  return [...new Set([...Object.keys(manifest.node), ...Object.keys(manifest.edge ?? {})])];
}

interface DatabaseState {
  auditEvents: number;
  evidence: number;
  publications: number;
  comments: number;
  users: number;
  claim: unknown;
}

/** Reads the e2e database through a read-only connection beside the running server. */
function readDatabase<T>(read: (db: Database.Database) => T): T {
  const file = path.resolve((process.env.DATABASE_URL ?? "").replace(/^file:/, ""));
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

function databaseState(claimId: number): DatabaseState {
  return readDatabase((db) => {
    const count = (table: string) => z.object({ n: z.number() }).parse(db.prepare(`select count(*) as n from ${table}`).get()).n;
    return {
      auditEvents: count("audit_events"),
      evidence: count("evidence"),
      publications: count("publications"),
      comments: count("comments"),
      users: count("users"),
      claim: db
        .prepare("select status, rationale, version, published_at, published_status, status_set_by, updated_at from claims where id = ?")
        .get(claimId),
    };
  });
}

/** Every field name an action of ours might read, with values that would pass its schema. */
function plausibleFields(claimId: number, evidenceId: number): [string, string][] {
  return [
    ["claimId", String(claimId)],
    ["expectedVersion", "1"],
    ["version", "1"],
    ["status", "sourced"],
    ["rationale", "Signed-out attempt: must not be saved."],
    ["url", "https://example.org/evidence"],
    ["title", "Signed-out evidence"],
    ["publisher", "Nobody"],
    ["quotedPassage", "Nothing."],
    ["stance", "supports"],
    ["evidenceId", String(evidenceId)],
    ["reason", "Signed-out attempt."],
    ["body", "Signed-out comment."],
    ["slug", "signed-out"],
  ];
}

/**
 * The three shapes a browser sends a server action in: the React client with
 * (prevState, formData) or (formData) arguments, and a no-JavaScript form post.
 * The JS shapes put the root field "0" last: Next decodes the body as it streams.
 */
function requestBodies(id: string, fields: [string, string][], origin: string) {
  const withState = new FormData();
  const formOnly = new FormData();
  const noScript = new FormData();
  for (const [name, value] of fields) {
    withState.append(`_1_${name}`, value);
    formOnly.append(`_1_${name}`, value);
    noScript.append(name, value);
  }
  withState.append("0", JSON.stringify([null, "$K1"]));
  formOnly.append("0", JSON.stringify(["$K1"]));
  noScript.append(`$ACTION_ID_${id}`, "");
  const js = { "Next-Action": id, Origin: origin, Accept: "text/x-component" };
  return [
    { headers: js, multipart: withState },
    { headers: js, multipart: formOnly },
    { headers: { Origin: origin }, multipart: noScript },
  ];
}

test("a signed-out POST to any server action changes nothing", async ({ createUser, createClaim, newSession, playwright, baseURL }) => {
  const ids = actionIds();
  // Fails loudly if Next changes the manifest's shape instead of testing nothing.
  expect(ids.length).toBeGreaterThan(0);

  // A claim with evidence and a verdict, so removal, publish and unpublish all have something to act on.
  const claim = await createClaim();
  const reviewer = await createUser({ role: "reviewer" });
  const workspace = await new Workspace(await newSession(reviewer), claim.slug).open();
  await workspace.addEvidence(NATO_SUPPORT);
  await workspace.setVerdict("sourced", "NATO's statement backs it.");
  const evidenceId = readDatabase(
    (db) => z.object({ id: z.number() }).parse(db.prepare("select id from evidence where claim_id = ?").get(claim.id)).id,
  );

  const before = databaseState(claim.id);
  const origin = new URL(baseURL ?? "").origin;
  // No storage state: the request carries no session cookie.
  const anonymous = await playwright.request.newContext({ baseURL });
  const targets = [`/review/claims/${claim.slug}`, "/", `/claims/${claim.slug}`];
  // Proof the requests reach the actions rather than a redirect or a 404: each refuses at least once with its error state.
  const refused = new Set<string>();
  try {
    for (const id of ids) {
      for (const target of targets) {
        for (const body of requestBodies(id, plausibleFields(claim.id, evidenceId), origin)) {
          // With no cookie proxy.ts redirects /review/* (and Next forwards actions to their page's path);
          // a made-up session cookie gets past that optimistic redirect, so the action itself must refuse.
          for (const cookie of [null, "next-auth.session-token=forged"]) {
            const headers = cookie ? { ...body.headers, Cookie: cookie } : body.headers;
            const response = await anonymous.post(target, { headers, multipart: body.multipart, maxRedirects: 0, failOnStatusCode: false });
            const isFlight = (response.headers()["content-type"] ?? "").startsWith("text/x-component");
            if (response.status() === 200 && isFlight && (await response.text()).includes('"ok":false')) refused.add(id);
          }
        }
      }
    }
  } finally {
    await anonymous.dispose();
  }

  expect(databaseState(claim.id)).toEqual(before);
  expect(ids.filter((id) => !refused.has(id)), "server actions the requests never reached").toEqual([]);
});
