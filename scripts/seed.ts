// npm run db:seed                      loads the demo desk (accounts, article, claims, two verdicts)
// npm run db:seed -- --article FILE …  imports a plain-text article, with claims from a labels file
import path from "node:path";
import { z } from "zod";
import { articleInputSchema } from "@/lib/articles/articles";
import { seedDemoDesk } from "@/lib/demo/demo-desk";
import { parseOptions, runCli } from "./cli/cli";
import { loginsBox } from "./cli/logins";
import { importArticle } from "./seed/import";

const USAGE = `Usage:
  npm run db:seed
      Load the demo desk: demo accounts (passwords printed once), a sample
      article, its claims and two published verdicts. Does nothing if loaded.
  npm run db:seed -- --article FILE [--labels LABELS.json] [--title T] [--outlet O] [--url U]
      Import a plain-text article. With a labels file, every sentence labelled
      "check" becomes a claim. Does nothing if the same text is already in.`;

const onlyWithArticle = ["labels", "title", "outlet", "url"] as const;

const argsSchema = z
  .object({
    article: z.string().min(1, "Give the path of a text file.").optional(),
    labels: z.string().min(1, "Give the path of a labels JSON file.").optional(),
    title: articleInputSchema.shape.title.optional(),
    outlet: articleInputSchema.shape.outlet,
    url: articleInputSchema.shape.url,
  })
  .superRefine((args, ctx) => {
    if (args.article !== undefined) return;
    for (const key of onlyWithArticle) {
      if (args[key] !== undefined) ctx.addIssue({ code: "custom", path: [key], message: "only goes with --article FILE." });
    }
  });

// npm runs scripts from the package root; INIT_CWD is where the command was typed.
const fromCaller = (file: string) => path.resolve(process.env.INIT_CWD ?? process.cwd(), file);

function seedImport(args: z.output<typeof argsSchema> & { article: string }): void {
  const result = importArticle({
    ...args,
    article: fromCaller(args.article),
    labels: args.labels === undefined ? undefined : fromCaller(args.labels),
  });
  if (!result.created) {
    console.log(`Article already imported as /articles/${result.article.slug}; nothing changed.`);
    return;
  }
  console.log(`Imported "${result.article.title}" as /articles/${result.article.slug} with ${result.claims.length} claims.`);
  for (const claim of result.claims) console.log(`  - ${claim.summary}`);
}

async function seedDemo(): Promise<void> {
  const result = await seedDemoDesk();
  if (!result.created) {
    console.log(`Demo desk already loaded (/articles/${result.article.slug}); nothing changed.`);
    return;
  }
  console.log(`Loaded the demo desk: /articles/${result.article.slug} with ${result.claims} claims and two published verdicts.`);
  if (result.logins.length > 0) {
    console.log(loginsBox("Demo accounts (passwords are shown only this once):", result.logins, "Sign in at /signin."));
  }
  if (result.reusedAccounts.length > 0) {
    console.log(`Kept the existing accounts ${result.reusedAccounts.join(", ")}; their passwords are unchanged.`);
  }
}

void runCli(async () => {
  const args = parseOptions(
    process.argv.slice(2),
    {
      article: { type: "string" },
      labels: { type: "string" },
      title: { type: "string" },
      outlet: { type: "string" },
      url: { type: "string" },
    },
    argsSchema,
    USAGE,
  );
  if (args.article !== undefined) seedImport({ ...args, article: args.article });
  else await seedDemo();
});
