import js from "@eslint/js";
import drizzle from "eslint-plugin-drizzle";
import tseslint from "typescript-eslint";

// The layers and which way imports may run (README, How the pieces fit):
// db/ knows nothing of lib/; lib/ knows nothing of scripts/ or app/; and the
// public side (lib/public, app/(public), the API and the feed) reads published
// snapshots only, never the desk's modules. Patterns cover the "@/" alias and
// relative paths alike. Flat config replaces a rule per file rather than
// merging it, so each group lists every restriction that applies to it.
const upward = {
  lib: {
    regex: "^(@/lib|(\\.\\./)+lib)(/|$)",
    message: "db/ must not import lib/: lib/ builds on db/, not the other way round.",
  },
  app: {
    regex: "^(@/app|(\\.\\./)+app)(/|$)",
    message: "lib/ must not import app/: pages call lib/, not the other way round.",
  },
  scripts: {
    regex: "^(@/scripts|(\\.\\./)+scripts)(/|$)",
    message: "Only scripts/ imports scripts/: what lib/ needs belongs in lib/.",
  },
};
// The desk's modules. Status definitions (lib/claims/rules, labels) and text
// segments are shared on purpose: /methodology and the public pages show them.
const DESK = "(claims/(?!(rules|labels)$)|intake|admin|users|evidence|extraction|backup|articles/(?!segments$))";
const deskMessage =
  "The public side reads published snapshots only (lib/public); desk modules stay behind the login (README, How the pieces fit).";
const desk = {
  fromLib: { regex: `^(@/lib/|(\\.\\./)+)${DESK}`, message: deskMessage },
  fromApp: { regex: `^@/lib/${DESK}`, message: deskMessage },
  review: { regex: "^(@/app/\\(review\\)|(\\.\\./)+\\(review\\))(/|$)", message: deskMessage },
};
const restrict = (...patterns) => ({ "no-restricted-imports": ["error", { patterns }] });

export const layerRules = [
  { files: ["db/**/*.ts"], rules: restrict(upward.lib, upward.app, upward.scripts) },
  // Tests are leaves: they may drive a route handler or a script to check it.
  { files: ["lib/**/*.{ts,tsx}"], ignores: ["**/*.test.ts"], rules: restrict(upward.app, upward.scripts) },
  {
    files: ["lib/public/**/*.{ts,tsx}"],
    // Tests set up claims through the desk, as a reviewer would.
    ignores: ["lib/public/**/*.test.ts"],
    rules: restrict(upward.app, upward.scripts, desk.fromLib),
  },
  {
    files: ["app/(public)/**/*.{ts,tsx}", "app/api/v1/**/*.ts", "app/feed.xml/**/*.ts"],
    rules: restrict(upward.scripts, desk.fromApp, desk.review),
  },
  {
    files: ["app/components/**/*.{ts,tsx}"],
    rules: restrict(upward.scripts, {
      regex: "^@/app/\\((review|public)\\)(/|$)",
      message: "app/components is shared by both sides: what it needs from a route group belongs in app/components.",
    }),
  },
];

export default tseslint.config(
  { ignores: [".next/**", "node_modules/**", "data/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { drizzle },
    rules: {
      "drizzle/enforce-delete-with-where": ["error", { drizzleObjectName: ["db", "tx"] }],
      "drizzle/enforce-update-with-where": ["error", { drizzleObjectName: ["db", "tx"] }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
  ...layerRules,
);
