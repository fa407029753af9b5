import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getConnection } from "@/db/client";
import { createArticle } from "@/lib/articles/articles";
import type { SessionUser } from "@/lib/auth/principal";
import { SYSTEM_PRINCIPAL } from "@/lib/auth/principal";
import { addEvidence, removeEvidence } from "@/lib/claims/evidence";
import { createClaim, setClaimStatus } from "@/lib/claims/claims";
import { publishClaim, unpublishClaim } from "@/lib/claims/publication";
import { isAppError } from "@/lib/errors";
import { linkDuplicate, unlinkDuplicate } from "@/lib/intake/duplicates";
import { intakeArticle } from "@/lib/intake/intake";
import { acceptSuggestion, createClaimFromSpan, rejectSuggestion } from "@/lib/intake/suggestions";
import { useTemporaryDatabase } from "@/lib/testing/database";
import { makeDemoClaim, makeUser } from "@/lib/testing/fixtures";
import { authenticate, createUser, resetPassword, setUserDisabled, setUserRole } from "@/lib/users/users";

// DESIGN.md, Security rules: every input from outside is parsed; bad input gets
// a clear message and changes nothing. Random and hostile values go through
// every write in lib/ as a signed-in admin (so authorisation passes and only
// validation stands between the input and the database).

let db: ReturnType<typeof useTemporaryDatabase>;
let admin: SessionUser;

beforeAll(async () => {
  db = useTemporaryDatabase();
  admin = await makeUser("admin");
  makeDemoClaim("death-toll");
});
afterAll(() => db.cleanup());

const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.constantFrom(
    "",
    " ",
    "\u0000",
    "a\u0000b",
    "'; DROP TABLE claims; --",
    '" OR 1=1 --',
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "\u202Egnp.exe",
    "e\u0301",
    "\uFEFF",
    "🏳️‍🌈",
    "%00",
    "../../etc/passwd",
    "NaN",
    "-1",
    "0",
    "1e309",
    "x".repeat(300_000),
  ),
);
const hostileValue = fc.oneof(
  hostileString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.object({ maxDepth: 1 }),
);
const hostileRecord = (keys: string[]) => fc.record(Object.fromEntries(keys.map((k) => [k, hostileValue])), { requiredKeys: [] });

function tableCounts() {
  const { sqlite } = getConnection();
  const n = (table: string) => (sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
  return {
    audit: n("audit_events"),
    users: n("users"),
    articles: n("articles"),
    claims: n("claims"),
    evidence: n("evidence"),
    suggestions: n("suggestions where state = 'open'"),
  };
}

/** Runs `call`; it may succeed only on input that is valid, and may fail only with an AppError. */
async function expectCleanOutcome(call: () => unknown): Promise<"ok" | "refused"> {
  try {
    await call();
    return "ok";
  } catch (error) {
    if (!isAppError(error)) throw error;
    expect(error.message.length).toBeGreaterThan(0);
    expect(error.message).not.toMatch(/SQLITE|at \w+ \(|node_modules/);
    return "refused";
  }
}

const writes: [string, string[], (input: Record<string, unknown>) => unknown][] = [
  ["createArticle", ["title", "outlet", "url", "author", "publishedAt", "body"], (i) => createArticle({ ...i, by: admin })],
  ["createClaim", ["articleId", "spanStart", "spanEnd", "summary", "claimant", "reportedBy"], (i) => createClaim({ ...i, by: admin })],
  ["setClaimStatus", ["claimId", "expectedVersion", "status", "rationale"], (i) => setClaimStatus({ ...i, by: admin })],
  ["addEvidence", ["claimId", "url", "title", "publisher", "quotedPassage", "stance", "accessedAt"], (i) => addEvidence({ ...i, by: admin })],
  ["removeEvidence", ["evidenceId", "reason"], (i) => removeEvidence({ ...i, by: admin })],
  ["publishClaim", ["claimId", "expectedVersion", "reason"], (i) => publishClaim({ ...i, by: admin })],
  ["unpublishClaim", ["claimId", "reason"], (i) => unpublishClaim({ ...i, by: admin })],
  ["intakeArticle", ["title", "outlet", "url", "author", "publishedAt", "body"], (i) => intakeArticle({ ...i, by: admin })],
  ["acceptSuggestion", ["suggestionId", "summary", "text", "claimant", "reportedBy"], (i) => acceptSuggestion({ ...i, by: admin })],
  ["rejectSuggestion", ["suggestionId"], (i) => rejectSuggestion({ ...i, by: admin })],
  ["createClaimFromSpan", ["articleId", "spanStart", "spanEnd", "summary", "claimant", "reportedBy"], (i) => createClaimFromSpan({ ...i, by: admin })],
  ["linkDuplicate", ["claimId", "duplicateOfId", "expectedVersion"], (i) => linkDuplicate({ ...i, by: admin })],
  ["unlinkDuplicate", ["claimId", "expectedVersion"], (i) => unlinkDuplicate({ ...i, by: admin })],
  ["createUser", ["email", "name", "role", "password"], (i) => createUser({ ...i, by: SYSTEM_PRINCIPAL })],
  ["setUserRole", ["email", "role"], (i) => setUserRole({ email: i.email, role: i.role, by: SYSTEM_PRINCIPAL })],
  ["setUserDisabled", ["email"], (i) => setUserDisabled({ email: i.email, disabled: true, by: SYSTEM_PRINCIPAL })],
  ["resetPassword", ["email", "password"], (i) => resetPassword({ email: i.email, password: i.password, by: SYSTEM_PRINCIPAL })],
  ["authenticate", ["email", "password"], (i) => authenticate({ email: i.email, password: i.password })],
];

describe("hostile input to every write in lib/", () => {
  for (const [name, keys, call] of writes) {
    it(`${name}: refuses with a message and writes nothing, or takes only valid input`, async () => {
      await fc.assert(
        fc.asyncProperty(hostileRecord(keys), async (input) => {
          const before = tableCounts();
          const outcome = await expectCleanOutcome(() => call(input));
          // authenticate audits every attempt; every other refusal must leave the database as it was.
          if (outcome === "refused" && name !== "authenticate") expect(tableCounts()).toEqual(before);
        }),
        { numRuns: name === "createUser" || name === "resetPassword" || name === "authenticate" ? 40 : 150 },
      );
    }, 120_000);
  }
});
