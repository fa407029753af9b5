// Desk builders for the unit tests and the browser tests' set-up script: people,
// and claims on the demo article (lib/demo, retold in our own words). Our
// labelled articles are in ./labelled-articles.ts. `npm test` needs nothing
// outside the checkout.
import type { Role } from "@/db/schema";
import { createArticle, findArticleByBody, type ArticleRef } from "@/lib/articles/articles";
import { SYSTEM_PRINCIPAL, type SessionUser } from "@/lib/auth/principal";
import { createClaim } from "@/lib/claims/claims";
import { DEMO_ARTICLE, demoClaim, type DemoClaimKey } from "@/lib/demo/demo-article";
import { locateSentence } from "@/lib/demo/demo-desk";
import { isAppError } from "@/lib/errors";
import { createUser } from "@/lib/users/users";

/** The sentence a demo claim quotes, with its offsets in the demo article's body. */
export function demoSentence(key: DemoClaimKey) {
  const claim = demoClaim(key);
  const { spanStart, spanEnd } = locateSentence(DEMO_ARTICLE.body, claim.sentence);
  return { ...claim, start: spanStart, end: spanEnd, text: claim.sentence };
}

/** The demo article in the desk, brought in on first use and reused after (its body is unique). */
export function demoArticle(): ArticleRef {
  const existing = findArticleByBody(DEMO_ARTICLE.body);
  if (existing) return existing;
  try {
    return createArticle({ by: SYSTEM_PRINCIPAL, ...DEMO_ARTICLE });
  } catch (error) {
    // Another process (a second browser-test worker) brought it in first.
    const raced = isAppError(error) ? findArticleByBody(DEMO_ARTICLE.body) : null;
    if (raced) return raced;
    throw error;
  }
}

let counter = 0;

export async function makeUser(role: Role, name = `${role} ${++counter}`): Promise<SessionUser> {
  const user = await createUser({
    by: SYSTEM_PRINCIPAL,
    email: `${role}-${counter}-${Date.now()}@claimtrail.test`,
    name,
    role,
    password: "correct horse battery staple",
  });
  return { kind: "user", id: user.id, name: user.name, email: user.email, role: user.role };
}

export interface DemoClaimOverrides {
  summary?: string;
  claimant?: string | null;
  reportedBy?: string | null;
}

/**
 * A new claim on a sentence of the demo article (by default the ministry's
 * casualty figure), with the demo's summary and attribution unless overridden.
 */
export function makeDemoClaim(key: DemoClaimKey = "death-toll", overrides: DemoClaimOverrides = {}) {
  const article = demoArticle();
  const sentence = demoSentence(key);
  const claim = createClaim({
    by: SYSTEM_PRINCIPAL,
    articleId: article.id,
    spanStart: sentence.start,
    spanEnd: sentence.end,
    summary: overrides.summary ?? sentence.summary,
    claimant: overrides.claimant === undefined ? sentence.claimant : overrides.claimant,
    reportedBy: overrides.reportedBy === undefined ? sentence.reportedBy : overrides.reportedBy,
  });
  return { article, claim, sentence };
}
