import type { Role } from "@/db/schema";
import { createArticle, findArticleByBody, type ArticleRef } from "@/lib/articles/articles";
import { generatePassword } from "@/lib/auth/password";
import { SYSTEM_PRINCIPAL, type SessionUser } from "@/lib/auth/principal";
import { addEvidence } from "@/lib/claims/evidence";
import { createClaim, setClaimStatus, type ClaimRef } from "@/lib/claims/claims";
import { getClaimWorkspace } from "@/lib/claims/workspace";
import { publishClaim } from "@/lib/claims/publication";
import { AppError } from "@/lib/errors";
import { assignClaim } from "@/lib/claims/assignment";
import { addComment } from "@/lib/claims/comments";
import { updateClaimDetails } from "@/lib/claims/details";
import { createUser, listUsers } from "@/lib/users/users";
import { seedDemoAbout } from "./demo-about";
import { DEMO_ACCOUNTS, DEMO_ARTICLE, DEMO_CLAIMS, DEMO_VERDICTS } from "./demo-article";

export interface DemoLogin {
  email: string;
  role: Role;
  password: string;
}

export interface DemoSeedResult {
  /** False when the demo article was already in the desk: nothing was changed. */
  created: boolean;
  article: ArticleRef;
  /** Passwords of the accounts made in this run; accounts that already existed keep theirs. */
  logins: DemoLogin[];
  /** Demo accounts that already existed and were reused as they are. */
  reusedAccounts: string[];
  claims: number;
}

/** Where `sentence` stands in `body`; it must occur exactly once, so the span is unambiguous. */
export function locateSentence(body: string, sentence: string): { spanStart: number; spanEnd: number } {
  const spanStart = body.indexOf(sentence);
  if (spanStart < 0 || body.indexOf(sentence, spanStart + 1) >= 0) {
    throw new Error(`Demo data: the sentence "${sentence.slice(0, 60)}…" must occur exactly once in the demo article.`);
  }
  return { spanStart, spanEnd: spanStart + sentence.length };
}

/**
 * The demo accounts as people who can act, creating the missing ones. An
 * existing account is reused only if it still has its demo role and is
 * enabled; otherwise the seed stops before it changes anything else.
 */
async function demoPeople(): Promise<{ people: Map<Role, SessionUser>; logins: DemoLogin[]; reused: string[] }> {
  const existing = new Map(listUsers({ by: SYSTEM_PRINCIPAL }).map((u) => [u.email, u]));
  for (const account of DEMO_ACCOUNTS) {
    const user = existing.get(account.email);
    if (user && (user.role !== account.role || user.disabled)) {
      throw new AppError(
        "rule",
        `The demo account ${account.email} exists but is ${user.disabled ? "disabled" : `a ${user.role}`}; the demo desk needs it as an active ${account.role}.`,
      );
    }
  }
  const people = new Map<Role, SessionUser>();
  const logins: DemoLogin[] = [];
  const reused: string[] = [];
  for (const account of DEMO_ACCOUNTS) {
    let user = existing.get(account.email);
    if (user) {
      reused.push(account.email);
    } else {
      const password = generatePassword();
      user = await createUser({ by: SYSTEM_PRINCIPAL, ...account, password });
      logins.push({ email: user.email, role: user.role, password });
    }
    people.set(account.role, { kind: "user", id: user.id, name: user.name, email: user.email, role: user.role });
  }
  return { people, logins, reused };
}

function person(people: Map<Role, SessionUser>, role: Role): SessionUser {
  const user = people.get(role);
  if (!user) throw new Error(`Demo data: no demo ${role} account.`);
  return user;
}

/**
 * Loads the demo desk: accounts, the retold article, its claims and two
 * published verdicts. Every write goes through lib, so each has its audit
 * event. The demo reviewer brings in the article and sets the verdicts; the
 * demo editor publishes them (four-eyes, DESIGN.md). Idempotent: the article's
 * body hash marks the desk as loaded, and a second run changes nothing.
 */
export async function seedDemoDesk(): Promise<DemoSeedResult> {
  // Before the article check, so a desk loaded before /about existed gets its page too.
  seedDemoAbout();
  const loaded = findArticleByBody(DEMO_ARTICLE.body);
  if (loaded) return { created: false, article: loaded, logins: [], reusedAccounts: [], claims: 0 };

  // Spans are checked before the first write, so bad demo data changes nothing.
  const spans = DEMO_CLAIMS.map((claim) => ({ claim, ...locateSentence(DEMO_ARTICLE.body, claim.sentence) }));
  const { people, logins, reused } = await demoPeople();
  const reviewer = person(people, "reviewer");
  const editor = person(people, "editor");

  const article = createArticle({ by: reviewer, ...DEMO_ARTICLE });
  const claims = new Map<string, ClaimRef>();
  for (const { claim, spanStart, spanEnd } of spans) {
    const ref = createClaim({
      by: reviewer,
      articleId: article.id,
      spanStart,
      spanEnd,
      summary: claim.summary,
      claimant: claim.claimant,
      reportedBy: claim.reportedBy,
    });
    claims.set(claim.key, ref);
  }

  for (const verdict of DEMO_VERDICTS) {
    const claim = claims.get(verdict.claim);
    if (!claim) throw new Error(`Demo data: no demo claim "${verdict.claim}".`);
    let version = getClaimWorkspace({ by: reviewer, slug: claim.slug })?.version;
    for (const item of verdict.evidence) version = addEvidence({ by: reviewer, claimId: claim.id, ...item }).version;
    const status = setClaimStatus({
      by: reviewer,
      claimId: claim.id,
      expectedVersion: version,
      status: verdict.status,
      rationale: verdict.rationale,
    });
    publishClaim({ by: editor, claimId: claim.id, expectedVersion: status.version });
  }

  // A desk mid-morning: the Biden administration's doubt is urgent and with the reviewer, who has a question for the team.
  const urgent = claims.get("biden-doubts");
  const current = urgent && getClaimWorkspace({ by: reviewer, slug: urgent.slug });
  if (urgent && current) {
    assignClaim({ by: editor, claimId: urgent.id, assigneeId: reviewer.id });
    updateClaimDetails({
      by: reviewer,
      claimId: urgent.id,
      expectedVersion: current.version,
      summary: current.summary,
      claimant: current.claimant,
      firstAppearedIn: "A White House briefing",
      reportedBy: current.reportedBy,
      attributionStatus: "unconfirmed",
      attributionNote: "",
      priority: 1,
    });
    addComment({
      by: reviewer,
      claimId: urgent.id,
      body: "Which briefing was this? Looking for the transcript before we rate the attribution.",
    });
  }

  return { created: true, article, logins, reusedAccounts: reused, claims: claims.size };
}
