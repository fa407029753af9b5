import path from "node:path";
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

// The layer rules in eslint.config.mjs, run through ESLint itself: an import
// that runs the wrong way fails `npm run lint`, and the right way passes.

const root = path.resolve(import.meta.dirname, "..");
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root, overrideConfigFile: path.join(root, "eslint.config.mjs") });
});

/** The no-restricted-imports messages ESLint gives `specifier` imported from a file at `filePath`. */
async function restricted(filePath: string, specifier: string): Promise<string[]> {
  const code = `import * as imported from "${specifier}";\nexport const used = imported;\n`;
  const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
  if (!result) throw new Error(`ESLint returned no result for ${filePath}`);
  return result.messages.filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

describe("layer rules", () => {
  it.each([
    ["db/example.ts", "@/lib/errors", /db\/ must not import lib\//],
    ["db/example.ts", "../lib/audit/guard", /db\/ must not import lib\//],
    ["lib/claims/example.ts", "@/app/(review)/require-user", /lib\/ must not import app\//],
    ["lib/example.ts", "../app/components/format", /lib\/ must not import app\//],
    ["lib/claims/example.ts", "@/scripts/seed/demo", /Only scripts\/ imports scripts\//],
    ["lib/public/example.ts", "@/lib/claims/claims", /published snapshots only/],
    ["lib/public/example.ts", "../claims/publication", /published snapshots only/],
    ["lib/public/example.ts", "@/lib/intake/duplicates", /published snapshots only/],
    ["lib/public/example.ts", "@/lib/users/users", /published snapshots only/],
    ["lib/public/example.ts", "@/lib/articles/articles", /published snapshots only/],
    ["lib/public/example.ts", "@/scripts/seed/demo", /Only scripts\/ imports scripts\//],
    ["app/(public)/claims/[slug]/example.tsx", "@/lib/claims/workspace", /published snapshots only/],
    ["app/(public)/claims/[slug]/example.tsx", "@/app/(review)/review/linked-claims", /published snapshots only/],
    ["app/api/v1/claims/example.ts", "@/lib/admin/audit-log", /published snapshots only/],
    ["app/components/example.tsx", "@/app/(review)/review/articles/duplicate-link-form", /shared by both sides/],
  ])("%s may not import %s", async (filePath, specifier, message) => {
    const messages = await restricted(filePath, specifier);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(message);
  });

  it.each([
    ["db/example.ts", "./schema"],
    ["lib/claims/example.ts", "@/db/client"],
    ["lib/claims/example.ts", "@/lib/public/published-claim"],
    ["lib/public/example.ts", "@/lib/public/published-claim"],
    ["lib/public/example.ts", "@/lib/claims/rules"],
    ["lib/public/example.ts", "@/lib/articles/segments"],
    ["lib/public/example.ts", "@/lib/mutation"],
    ["app/(public)/claims/[slug]/example.tsx", "@/lib/public/published-claim"],
    ["app/(review)/review/example.tsx", "@/lib/claims/workspace"],
    ["app/(review)/review/example.tsx", "./articles/duplicate-link-form"],
  ])("%s may import %s", async (filePath, specifier) => {
    expect(await restricted(filePath, specifier)).toEqual([]);
  });

  it("hold for the files that used to break them", async () => {
    const files = [
      "db/client.ts",
      "lib/public/api.ts",
      "lib/public/articles.ts",
      "lib/public/correction-requests.ts",
      "lib/public/published-claim.ts",
      "app/(public)/claims/[slug]/claim-view.tsx",
      "app/(review)/review/linked-claims.tsx",
    ];
    const results = await eslint.lintFiles(files.map((f) => path.join(root, f)));
    const broken = results.flatMap((r) =>
      r.messages
        .filter((m) => m.ruleId === "no-restricted-imports")
        .map((m) => `${path.relative(root, r.filePath)}: ${m.message}`),
    );
    expect(results).toHaveLength(files.length);
    expect(broken).toEqual([]);
  });
});
