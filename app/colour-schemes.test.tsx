/**
 * The light and dark colour schemes (issue #13, look and feel): every colour
 * pair the pages use meets WCAG 2.2 AA in both, the dark scheme gives every
 * colour of the light one a value, and the stylesheets under app/ take their
 * colours from those variables, so no part of a page stays light in the dark.
 * axe (e2e/accessibility.spec.ts) checks the text it sees on the pages; this
 * also covers what it cannot: focus rings, input borders, states not on screen.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { contrastRatio, parseColour, type Rgba } from "@/lib/testing/contrast";

const appDir = path.join(process.cwd(), "app");
const globals = fs.readFileSync(path.join(appDir, "globals.css"), "utf8");

/** The text between the brace that follows `start` and the brace that closes it. */
function block(css: string, start: number): string {
  const open = css.indexOf("{", start);
  let depth = 0;
  for (let i = open; i < css.length; i++) {
    if (css[i] === "{") depth++;
    if (css[i] === "}" && --depth === 0) return css.slice(open + 1, i);
  }
  throw new Error(`Unclosed block at ${start}.`);
}

function declarations(css: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const match of css.matchAll(/(--[\w-]+)\s*:\s*([^;]+);/g)) found.set(match[1] ?? "", (match[2] ?? "").trim());
  return found;
}

const DARK_QUERY = "@media screen and (prefers-color-scheme: dark)";
const rootAt = globals.indexOf(":root");
const darkAt = globals.indexOf(DARK_QUERY);
const light = declarations(block(globals, rootAt));
const darkOnly = declarations(block(block(globals, darkAt), 0));
const dark = new Map([...light, ...darkOnly]);
const schemes = { light, dark };

function colour(scheme: Map<string, string>, name: string): Rgba {
  let value = scheme.get(`--color-${name}`);
  for (let hops = 0; value?.startsWith("var(") && hops < 5; hops++) value = scheme.get(value.slice(4, -1).trim());
  const parsed = value === undefined ? null : parseColour(value);
  if (!parsed) throw new Error(`--color-${name} is not a colour this test reads: ${value ?? "missing"}`);
  return parsed;
}

// [foreground, background, least ratio]: 4.5 for text (SC 1.4.3), 3 for the edges of
// controls, focus rings and the marks that carry meaning (SC 1.4.11). Each pair is one
// the stylesheets put together; the comment names where.
const PAIRS: [string, string, number][] = [
  ...[
    "page",
    "surface",
    "surface-muted",
    "neutral-tint",
    "success-tint",
    "danger-tint",
    "notice-tint",
    "mark",
    "mark-selected",
  ].map(
    (bg): [string, string, number] => ["text", bg, 4.5], // body text, including highlighted sentences
  ),
  ...["row-hover", "row-current"].map((bg): [string, string, number] => ["text", bg, 4.5]),
  ...["page", "surface", "surface-muted", "notice-tint", "row-hover", "row-current"].map(
    (bg): [string, string, number] => ["muted", bg, 4.5],
  ),
  ...[
    "page",
    "surface",
    "notice-tint",
    "neutral-tint",
    "success-tint",
    "danger-tint",
    "mark",
    "row-hover",
    "row-current",
  ].map(
    (bg): [string, string, number] => ["link", bg, 4.5], // links in panels, rows, highlighted claims
  ),
  ["accent-text", "accent", 4.5], // buttons, the current filter pill
  ["accent", "surface", 4.5], // secondary buttons
  ["danger", "page", 4.5], // field errors
  ["danger", "surface", 4.5], // danger buttons
  ["danger-text", "danger-tint", 4.5], // disputed badge, disabled user, broken chain
  ["danger-text", "surface", 4.5], // contradicting evidence's stance
  ["success", "success-tint", 4.5], // sourced badge, saved message, active user, snapshot matches
  ["success", "surface", 4.5], // supporting evidence's stance
  ["neutral-text", "neutral-tint", 4.5], // unverified badge
  ["neutral-text", "surface", 4.5], // context evidence's stance
  ["notice-text", "notice-tint", 4.5], // open correction request
  ["notice-text", "surface", 4.5], // suggestion links in the text, "check" labels
  ["notice-text", "page", 4.5], // "changed since publication" in the queue
  ["notice-text", "row-current", 4.5], // the same, on the row the keyboard moved to
  ["warning-text", "warning-tint", 4.5], // a source that drifted
  ["border-strong", "surface", 3], // text inputs, selects and textareas
  ["accent", "page", 3], // a button's edge
  ...[
    "page",
    "surface",
    "surface-muted",
    "notice-tint",
    "neutral-tint",
    "success-tint",
    "danger-tint",
    "mark-selected",
    "row-current",
  ].map(
    (bg): [string, string, number] => ["focus", bg, 3], // the focus ring, wherever it lands
  ),
  ["success-border", "success-tint", 3], // a sourced claim's underline in the text
  ["danger-border", "danger-tint", 3], // a disputed claim's underline in the text
  ["notice-border", "notice-tint", 3], // a suggestion's dashed underline in the text
  ...["chart-1", "chart-2", "chart-3"].map((fg): [string, string, number] => [fg, "surface", 3]), // insights chart bars
];

describe.each(Object.entries(schemes))("the %s scheme", (_name, scheme) => {
  it.each(PAIRS)("%s on %s reaches %s:1", (foreground, background, least) => {
    expect(contrastRatio(colour(scheme, foreground), colour(scheme, background))).toBeGreaterThanOrEqual(least);
  });
});

describe("the dark scheme", () => {
  it("follows the system, on screen only, and lets controls and scrollbars follow too", () => {
    expect(darkAt).toBeGreaterThan(rootAt);
    expect(block(globals, rootAt)).toMatch(/color-scheme:\s*light dark;/);
  });

  it("gives every colour of the light scheme a value of its own", () => {
    const lightColours = [...light.keys()].filter((name) => name.startsWith("--color-"));
    expect(lightColours.length).toBeGreaterThan(20);
    expect(lightColours.filter((name) => !darkOnly.has(name))).toEqual([]);
    for (const name of lightColours) expect(darkOnly.get(name), name).not.toBe(light.get(name));
  });
});

function stylesheets(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return stylesheets(full);
    return entry.name.endsWith(".css") ? [full] : [];
  });
}

/** The stylesheet without its print rules, its custom-property declarations and its comments. */
function screenRules(css: string): string {
  let rest = css.replace(/\/\*[\s\S]*?\*\//g, "");
  for (let at = rest.indexOf("@media print"); at >= 0; at = rest.indexOf("@media print")) {
    const inner = block(rest, at);
    const end = rest.indexOf(inner, at) + inner.length + 1;
    rest = rest.slice(0, at) + rest.slice(end);
  }
  return rest.replace(/--[\w-]+\s*:[^;]+;/g, "");
}

const LITERAL_COLOUR = /#[0-9a-f]{3,8}\b|\b(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch)\(|:\s*(?:white|black)\b/i;

describe("the stylesheets under app/", () => {
  const files = stylesheets(appDir);

  it("are all found", () => {
    expect(files.map((file) => path.relative(appDir, file))).toContain("globals.css");
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files.map((file) => [path.relative(appDir, file), file]))(
    "%s takes its screen colours from the scheme's variables",
    (_name, file) => {
      const offending = screenRules(fs.readFileSync(file, "utf8"))
        .split("\n")
        .filter((line) => LITERAL_COLOUR.test(line))
        .map((line) => line.trim());
      expect(offending).toEqual([]);
    },
  );
});
