/**
 * Test-only: puts claims on sentences of the demo article (lib/demo, in our
 * own words) into the e2e database and prints one JSON line per claim:
 * {"id", "slug", "summary", "articleSlug", "text"}. The article is brought in
 * on first use and reused after (its body is unique in the desk), unless
 * --article-title asks for an article of its own. --sentence names the
 * sentence by its demo claim's key (lib/demo/demo-article.ts), or by the
 * number of the seed-article sentence it retells.
 *
 *   DATABASE_URL=… tsx --conditions=react-server e2e/support/make-claim.ts --sentence nato-allies --summary "…"
 *
 * Further options, each going through lib/ as the app would (roles, status
 * rules and four eyes all apply):
 *   --claimant NAME          who made the claim
 *   --article-title TITLE    a new article of its own: the demo text plus a line naming it
 *   --article-url URL, --article-author NAME, --article-date YYYY-MM-DD
 *                            what intake records about that new article
 *   --article SLUG           an article an earlier call made with --article-title
 *   --verdict-by EMAIL       that person adds evidence and sets --status (sourced | disputed)
 *   --rationale TEXT         the rationale for --status
 *   --publish-by EMAIL       that editor then publishes the verdict
 *   --count N                N claims, summaries numbered " #1" … " #N"
 *
 * --publish-by runs outside the server, so the server's page caches are never
 * told: use it only where no public page showing the claim has been requested
 * yet (its own claim page, a new article, a search for a word nobody else
 * uses). Tests about what the public sees after publishing publish in the UI.
 */
import { parseArgs } from "node:util";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { closeDb, getDb } from "@/db/client";
import { articles, users } from "@/db/schema";
import { createArticle, type ArticleRef } from "@/lib/articles/articles";
import { SYSTEM_PRINCIPAL, type SessionUser } from "@/lib/auth/principal";
import { addEvidence } from "@/lib/claims/evidence";
import { createClaim, setClaimStatus } from "@/lib/claims/claims";
import { getClaimWorkspace } from "@/lib/claims/workspace";
import { publishClaim } from "@/lib/claims/publication";
import { DEMO_ARTICLE, DEMO_CLAIMS, type DemoClaimKey } from "@/lib/demo/demo-article";
import { demoArticle, demoSentence } from "@/lib/testing/fixtures";

// Specs written against the seed article's sentence numbers keep working: each
// number names the demo sentence that retells that sentence.
const RETOLD_SEED_SENTENCES: Readonly<Record<number, DemoClaimKey>> = {
  6: "nato-allies",
  7: "turkey-sided",
  8: "mujahideen",
  9: "ceasefire",
  10: "haiat",
  12: "rapprochement",
  17: "haniyeh",
  19: "parliament",
  20: "death-toll",
  21: "biden-doubts",
  22: "un-reliable",
};

const sentenceKey = z.union([
  z.enum(DEMO_CLAIMS.map((c) => c.key)),
  z.coerce
    .number()
    .int()
    .transform((n, ctx) => {
      const key = RETOLD_SEED_SENTENCES[n];
      if (!key) ctx.addIssue({ code: "custom", message: `No demo sentence retells seed sentence ${n}.` });
      return key ?? "nato-allies";
    }),
]);

const args = z
  .object({
    sentence: sentenceKey.default("nato-allies"),
    summary: z.string().trim().min(1).max(75),
    claimant: z.string().trim().max(200).optional(),
    "article-title": z.string().trim().min(1).max(300).optional(),
    "article-url": z.url().optional(),
    "article-author": z.string().trim().min(1).max(200).optional(),
    "article-date": z.iso.date().optional(),
    article: z.string().trim().min(1).max(200).optional(),
    "verdict-by": z.email().optional(),
    status: z.enum(["sourced", "disputed"]).default("sourced"),
    rationale: z.string().trim().min(1).max(5000).optional(),
    "publish-by": z.email().optional(),
    count: z.coerce.number().int().min(1).max(100).optional(),
  })
  .refine((a) => !a["publish-by"] || a["verdict-by"], { message: "--publish-by needs --verdict-by: nothing to publish otherwise." })
  .refine((a) => !(a.article && a["article-title"]), { message: "Either --article or --article-title, not both." })
  .refine((a) => a["article-title"] || !(a["article-url"] || a["article-author"] || a["article-date"]), {
    message: "--article-url, --article-author and --article-date describe a new article: they need --article-title.",
  })
  .refine((a) => !a.count || `${a.summary} #${a.count}`.length <= 75, { message: "The numbered summaries must fit in 75 characters." })
  .parse(
    parseArgs({
      options: {
        sentence: { type: "string" },
        summary: { type: "string" },
        claimant: { type: "string" },
        "article-title": { type: "string" },
        "article-url": { type: "string" },
        "article-author": { type: "string" },
        "article-date": { type: "string" },
        article: { type: "string" },
        "verdict-by": { type: "string" },
        status: { type: "string" },
        rationale: { type: "string" },
        "publish-by": { type: "string" },
        count: { type: "string" },
      },
    }).values,
  );

/** A signed-in person as lib/ sees them, loaded by email as the session would load them. */
function person(email: string): SessionUser {
  const row = getDb()
    .select({ id: users.id, name: users.name, email: users.email, role: users.role })
    .from(users)
    .where(eq(users.email, email.toLowerCase()))
    .get();
  if (!row) throw new Error(`No user ${email}: create it first.`);
  return { kind: "user", ...row };
}

function existingArticle(slug: string): ArticleRef {
  const row = getDb().select({ id: articles.id, slug: articles.slug, title: articles.title }).from(articles).where(eq(articles.slug, slug)).get();
  if (!row) throw new Error(`No article ${slug}.`);
  return row;
}

function currentVersion(by: SessionUser, slug: string): number {
  const workspace = getClaimWorkspace({ by, slug });
  if (!workspace) throw new Error(`Claim ${slug} vanished.`);
  return workspace.version;
}

const sentence = demoSentence(args.sentence);

const title = args["article-title"];
// Appended after the last sentence, so every sentence keeps its offsets.
let article: ArticleRef;
if (title) {
  article = createArticle({
    by: SYSTEM_PRINCIPAL,
    title,
    outlet: DEMO_ARTICLE.outlet,
    url: args["article-url"],
    author: args["article-author"],
    publishedAt: args["article-date"],
    body: `${DEMO_ARTICLE.body}\n\n(Test copy: ${title})\n`,
  });
}
else if (args.article) article = existingArticle(args.article);
else article = demoArticle();

const verdictBy = args["verdict-by"] ? person(args["verdict-by"]) : null;
const publishBy = args["publish-by"] ? person(args["publish-by"]) : null;
const count = args.count ?? 1;

for (let i = 1; i <= count; i += 1) {
  const summary = args.count ? `${args.summary} #${i}` : args.summary;
  const claim = createClaim({
    by: SYSTEM_PRINCIPAL,
    articleId: article.id,
    spanStart: sentence.start,
    spanEnd: sentence.end,
    summary,
    claimant: args.claimant ?? null,
  });
  if (verdictBy) {
    const supports = args.status === "sourced";
    addEvidence({
      by: verdictBy,
      claimId: claim.id,
      url: supports ? "https://www.nato.int/cps/en/natohq/official_texts_219550.htm" : "https://example.org/contradicting-report",
      title: supports ? "Statement by the North Atlantic Council" : "A report that contradicts the claim",
      publisher: supports ? "NATO" : "Example Research",
      quotedPassage: supports ? "Israel has the right to defend itself." : "The figures could not be confirmed.",
      stance: supports ? "supports" : "contradicts",
    });
    setClaimStatus({
      by: verdictBy,
      claimId: claim.id,
      expectedVersion: currentVersion(verdictBy, claim.slug),
      status: args.status,
      rationale: args.rationale ?? `Checked against the evidence listed (${claim.slug}).`,
    });
  }
  if (publishBy) {
    publishClaim({ by: publishBy, claimId: claim.id, expectedVersion: currentVersion(publishBy, claim.slug) });
  }
  console.log(JSON.stringify({ id: claim.id, slug: claim.slug, summary, articleSlug: article.slug, text: sentence.text }));
}
closeDb();
