/**
 * Test-only: puts one claim from the real seed article into the e2e database
 * and prints {"id", "slug", "summary", "articleSlug"} as JSON. The article is
 * brought in on first use and reused after (its body is unique in the desk).
 *
 *   DATABASE_URL=… tsx --conditions=react-server e2e/support/make-claim.ts --sentence 6 --summary "…"
 */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { closeDb } from "@/db/client";
import { createArticle, findArticleByBody, type ArticleRef } from "@/lib/articles/articles";
import { SYSTEM_PRINCIPAL } from "@/lib/auth/principal";
import { createClaim } from "@/lib/claims/claims";
import { isAppError } from "@/lib/errors";

// DESIGN.md: the project keeps no copy of the article; tests read it from ../shared/fixtures.
const fixtures = path.resolve(process.cwd(), "..", "shared", "fixtures");

const sentencesFile = z.object({
  outlet: z.string(),
  sentences: z.array(z.object({ n: z.number(), start: z.number(), end: z.number(), text: z.string(), label: z.string() })),
});

const args = z
  .object({
    sentence: z.coerce.number().int().min(0).default(6),
    summary: z.string().trim().min(1).max(75),
    claimant: z.string().trim().max(200).optional(),
  })
  .parse(parseArgs({ options: { sentence: { type: "string" }, summary: { type: "string" }, claimant: { type: "string" } } }).values);

function seedArticle(body: string, outlet: string): ArticleRef {
  const existing = findArticleByBody(body);
  if (existing) return existing;
  try {
    return createArticle({ by: SYSTEM_PRINCIPAL, title: "Turkey and Iran draw closer over the Israel-Hamas war", outlet, body });
  } catch (error) {
    // Another worker brought it in first.
    const raced = isAppError(error) ? findArticleByBody(body) : null;
    if (raced) return raced;
    throw error;
  }
}

const body = fs.readFileSync(path.join(fixtures, "seed-article.txt"), "utf8");
const marks = sentencesFile.parse(JSON.parse(fs.readFileSync(path.join(fixtures, "seed-article.claims.json"), "utf8")));
const sentence = marks.sentences.find((s) => s.n === args.sentence);
if (!sentence) throw new Error(`The seed article has no sentence ${args.sentence}.`);

const article = seedArticle(body, marks.outlet);
const claim = createClaim({
  by: SYSTEM_PRINCIPAL,
  articleId: article.id,
  spanStart: sentence.start,
  spanEnd: sentence.end,
  summary: args.summary,
  claimant: args.claimant ?? null,
});
closeDb();
console.log(JSON.stringify({ id: claim.id, slug: claim.slug, summary: args.summary, articleSlug: article.slug, text: sentence.text }));
