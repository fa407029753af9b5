import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getConnection } from "@/db/client";
import { createArticle } from "@/lib/articles/articles";
import { SYSTEM_PRINCIPAL, type SessionUser } from "@/lib/auth/principal";
import { addEvidence } from "@/lib/claims/evidence";
import { createClaim, setClaimStatus } from "@/lib/claims/claims";
import { getClaimWorkspace } from "@/lib/claims/workspace";
import { publishClaim } from "@/lib/claims/publication";
import { ConflictError } from "@/lib/errors";
import { useTemporaryDatabase } from "@/lib/testing/database";
import { makeUser } from "@/lib/testing/fixtures";
import {
  findDuplicateCandidates,
  getLinkedClaims,
  linkDuplicate,
  RECENT_CLAIMS_WINDOW,
  unlinkDuplicate,
} from "./duplicates";
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

const TOLL = "The Gaza Health Ministry said more than 11,000 Palestinians have been killed since Oct. 7.";

let counter = 0;
/** An article of its own holding `sentence`, and a claim on that sentence. */
function claimIn(sentence: string, summary = "Ministry toll") {
  counter += 1;
  const body = `Report number ${counter} from the desk.\n\n${sentence}\n\nMore reporting follows.`;
  const article = createArticle({ by: SYSTEM_PRINCIPAL, title: `Article ${counter}`, body });
  const start = body.indexOf(sentence);
  const claim = createClaim({
    by: SYSTEM_PRINCIPAL,
    articleId: article.id,
    spanStart: start,
    spanEnd: start + sentence.length,
    summary,
  });
  return { article, claim };
}

function row(id: number) {
  return getConnection()
    .sqlite.prepare("select version, updated_at, duplicate_of_id from claims where id = ?")
    .get(id) as {
    version: number;
    updated_at: string;
    duplicate_of_id: number | null;
  };
}

function lastAudit() {
  return getConnection()
    .sqlite.prepare("select action, entity_id, actor_id, before, after from audit_events order by id desc limit 1")
    .get() as {
    action: string;
    entity_id: string;
    actor_id: number | null;
    before: string;
    after: string;
  };
}


describe("duplicate candidates", () => {
  it("finds the same claim in another article, and not one with a different number or in the same article", () => {
    const first = claimIn(TOLL);
    const retold = claimIn(
      "More than 11000 Palestinians have been killed since Oct. 7, the Gaza health ministry said.",
    );
    const otherNumber = claimIn(
      "The Gaza Health Ministry said more than 12,000 Palestinians have been killed since Oct. 7.",
    );
    const unrelated = claimIn("Turkey's president met Iran's president in Ankara to discuss trade.");

    const found = findDuplicateCandidates({ by: reviewer, claimId: first.claim.id });
    expect(found.map((c) => c.id)).toEqual([retold.claim.id]);
    expect(found[0]).toMatchObject({
      slug: retold.claim.slug,
      status: "unverified",
      published: false,
      article: { slug: retold.article.slug },
    });
    expect(found[0]?.similarity).toBeGreaterThanOrEqual(0.7);
    expect(findDuplicateCandidates({ by: reviewer, claimId: otherNumber.claim.id })).toEqual([]);
    expect(findDuplicateCandidates({ by: reviewer, claimId: unrelated.claim.id })).toEqual([]);

    // A text not yet a claim (a suggestion), in an article that holds the original: the original's article is skipped.
    expect(findDuplicateCandidates({ by: reviewer, text: TOLL, articleId: first.article.id }).map((c) => c.id)).toEqual(
      [retold.claim.id],
    );
  });

  it("offers the original instead of a claim already linked to it", () => {
    const sentence = "Officials said 4,321 households lost power during the storm on Friday night.";
    const original = claimIn(sentence, "Storm outage");
    const copy = claimIn(sentence, "Storm outage copy");
    linkDuplicate({ by: reviewer, claimId: copy.claim.id, duplicateOfId: original.claim.id, expectedVersion: 1 });
    const third = claimIn(sentence, "Storm outage third");
    expect(findDuplicateCandidates({ by: reviewer, claimId: third.claim.id }).map((c) => c.id)).toEqual([
      original.claim.id,
    ]);
  });

  it("still finds an older published claim through the index of published verdicts", () => {
    const sentence = "The ministry said 987,654 vaccine doses were delivered to clinics in the north.";
    const old = claimIn(sentence, "Vaccine doses");
    addEvidence({
      by: reviewer,
      claimId: old.claim.id,
      url: "https://example.org/doses",
      title: "Delivery report",
      stance: "supports",
    });
    setClaimStatus({
      by: reviewer,
      claimId: old.claim.id,
      expectedVersion: 2,
      status: "sourced",
      rationale: "The delivery report lists them.",
    });
    publishClaim({ by: editor, claimId: old.claim.id, expectedVersion: 3 });
    // Push it out of the window of recent claims that are searched by their words.
    const { sqlite } = getConnection();
    const articleId = old.article.id;
    const insert = sqlite.prepare(
      "insert into claims (slug, article_id, text, summary, span_start, span_end, created_at, updated_at) values (?, ?, 'Filler claim', 'Filler', 0, 5, '2020-01-01', '2020-01-01')",
    );
    sqlite.transaction(() => {
      for (let i = 0; i <= RECENT_CLAIMS_WINDOW; i += 1) insert.run(`filler-${i}`, articleId);
    })();
    const fresh = claimIn(sentence, "Vaccine doses again");
    expect(findDuplicateCandidates({ by: reviewer, claimId: fresh.claim.id }).map((c) => [c.id, c.published])).toEqual([
      [old.claim.id, true],
    ]);
  });

  it("refuses signed-out callers and bad queries", () => {
    expectAppError(() => findDuplicateCandidates({ by: null, text: TOLL, articleId: 1 }), "unauthenticated");
    expectAppError(() => getLinkedClaims({ by: null, claimId: 1 }), "unauthenticated");
    expectAppError(
      () => linkDuplicate({ by: null, claimId: 1, duplicateOfId: 2, expectedVersion: 1 }),
      "unauthenticated",
    );
    expectAppError(() => unlinkDuplicate({ by: null, claimId: 1, expectedVersion: 1 }), "unauthenticated");
    expectAppError(() => findDuplicateCandidates({ by: reviewer, text: TOLL }), "invalid");
    expectAppError(() => findDuplicateCandidates({ by: reviewer, claimId: 999_999 }), "not_found");
  });
});

describe("linking duplicates", () => {
  it("links a claim to its original, bumping its version, audited, and shows the link both ways", () => {
    const original = claimIn(TOLL, "Toll original");
    const copy = claimIn(TOLL, "Toll copy");
    const before = row(copy.claim.id);
    const result = linkDuplicate({
      by: reviewer,
      claimId: String(copy.claim.id),
      duplicateOfId: String(original.claim.id),
      expectedVersion: "1",
    });
    expect(result).toEqual({ version: 2 });
    const after = row(copy.claim.id);
    expect(after).toMatchObject({ version: 2, duplicate_of_id: original.claim.id });
    expect(after.updated_at >= before.updated_at).toBe(true);
    expect(row(original.claim.id)).toMatchObject({ version: 1, duplicate_of_id: null });
    const audit = lastAudit();
    expect(audit).toMatchObject({
      action: "claim.duplicate_linked",
      entity_id: String(copy.claim.id),
      actor_id: reviewer.id,
    });
    expect(JSON.parse(audit.before)).toEqual({ duplicateOfId: null, version: 1 });
    expect(JSON.parse(audit.after)).toEqual({ duplicateOfId: original.claim.id, version: 2 });

    expect(getLinkedClaims({ by: reviewer, claimId: copy.claim.id })).toEqual({
      original: expect.objectContaining({
        id: original.claim.id,
        summary: "Toll original",
        article: { slug: original.article.slug, title: original.article.title },
      }),
      duplicates: [],
    });
    expect(getLinkedClaims({ by: reviewer, claimId: original.claim.id })).toEqual({
      original: null,
      duplicates: [expect.objectContaining({ id: copy.claim.id, summary: "Toll copy" })],
    });
    // The claim's own history shows it.
    expect(getClaimWorkspace({ by: reviewer, slug: copy.claim.slug })?.version).toBe(2);

    unlinkDuplicate({ by: editor, claimId: copy.claim.id, expectedVersion: 2 });
    expect(row(copy.claim.id)).toMatchObject({ version: 3, duplicate_of_id: null });
    expect(lastAudit()).toMatchObject({ action: "claim.duplicate_unlinked", actor_id: editor.id });
    expect(getLinkedClaims({ by: reviewer, claimId: original.claim.id }).duplicates).toEqual([]);
  });

  it("refuses a stale version, a self-link, a link to a duplicate and a link away from an original, changing nothing", () => {
    const a = claimIn(TOLL, "A");
    const b = claimIn(TOLL, "B");
    const c = claimIn(TOLL, "C");
    linkDuplicate({ by: reviewer, claimId: b.claim.id, duplicateOfId: a.claim.id, expectedVersion: 1 });
    const count = () =>
      (getConnection().sqlite.prepare("select count(*) as n from audit_events").get() as { n: number }).n;
    const before = { audit: count(), a: row(a.claim.id), b: row(b.claim.id), c: row(c.claim.id) };

    const stale = expectAppError(
      () => linkDuplicate({ by: reviewer, claimId: b.claim.id, duplicateOfId: c.claim.id, expectedVersion: 1 }),
      "conflict",
    );
    expect(stale).toBeInstanceOf(ConflictError);
    expectAppError(
      () => linkDuplicate({ by: reviewer, claimId: c.claim.id, duplicateOfId: c.claim.id, expectedVersion: 1 }),
      "invalid",
    );
    expect(
      expectAppError(
        () => linkDuplicate({ by: reviewer, claimId: c.claim.id, duplicateOfId: b.claim.id, expectedVersion: 1 }),
        "rule",
      ).message,
    ).toMatch(/is itself a duplicate of “A”/);
    expectAppError(
      () => linkDuplicate({ by: reviewer, claimId: a.claim.id, duplicateOfId: c.claim.id, expectedVersion: 1 }),
      "rule",
    );
    expectAppError(
      () => linkDuplicate({ by: reviewer, claimId: b.claim.id, duplicateOfId: a.claim.id, expectedVersion: 2 }),
      "invalid",
    );
    expectAppError(() => unlinkDuplicate({ by: reviewer, claimId: c.claim.id, expectedVersion: 1 }), "invalid");
    expectAppError(
      () => linkDuplicate({ by: reviewer, claimId: c.claim.id, duplicateOfId: 999_999, expectedVersion: 1 }),
      "not_found",
    );
    expectAppError(
      () => linkDuplicate({ by: reviewer, claimId: c.claim.id, duplicateOfId: "x", expectedVersion: 1 }),
      "invalid",
    );

    expect({ audit: count(), a: row(a.claim.id), b: row(b.claim.id), c: row(c.claim.id) }).toEqual(before);
  });
});
