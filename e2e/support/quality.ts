/**
 * Quality checks shared by the public-site specs: axe-core over WCAG 2.2 AA,
 * the Nu Html Checker (vnu.jar) and the page metadata issue #3 asks for.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { z } from "zod";

// Issue #3, quality bars: WCAG 2.2 AA. axe tags each rule with the level that introduced it.
export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/** Every axe violation on the page, one readable line per offending element; empty when there are none. */
export async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  return results.violations.flatMap((violation) =>
    violation.nodes.map(
      (node) =>
        `${violation.id} (${violation.impact ?? "?"}): ${violation.help}\n    at ${node.target.join(" ")}\n    ${node.html.slice(0, 300)}\n    ${node.failureSummary?.replace(/\n/g, "\n    ") ?? ""}`,
    ),
  );
}

const vnuJar = path.join(process.cwd(), "node_modules", "vnu-jar", "build", "dist", "vnu.jar");

const vnuReport = z.object({
  messages: z.array(
    z.object({
      type: z.string(),
      subType: z.string().optional(),
      url: z.string().optional(),
      message: z.string(),
      extract: z.string().optional(),
      lastLine: z.number().optional(),
      firstColumn: z.number().optional(),
      lastColumn: z.number().optional(),
    }),
  ),
});
export type VnuMessage = z.infer<typeof vnuReport>["messages"][number];

/**
 * Runs the Nu Html Checker once over every document (Java starts in seconds,
 * so never once per page) and returns its messages, each with the name of
 * the document it is about. `documents` maps a name (file-name safe) to HTML.
 */
export async function checkHtml(documents: Record<string, string>): Promise<(VnuMessage & { document: string })[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "claimtrail-vnu-"));
  try {
    const files = Object.entries(documents).map(([name, html]) => {
      const file = path.join(dir, `${name}.html`);
      fs.writeFileSync(file, html);
      return file;
    });
    const stdout = await new Promise<string>((resolve, reject) => {
      // vnu exits 1 when it reports errors; only a report that does not parse is a failure of the run.
      const child = spawn("java", ["-jar", vnuJar, "--format", "json", "--stdout", ...files], { stdio: ["ignore", "pipe", "pipe"] });
      let out = "";
      let err = "";
      child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
      child.on("error", (error) => reject(new Error(`Could not run java for vnu.jar (a Java 11+ runtime must be on PATH): ${error.message}`)));
      child.on("close", (code) => (out.trim().startsWith("{") ? resolve(out) : reject(new Error(`vnu.jar exited ${code}: ${err || out}`))));
    });
    return vnuReport.parse(JSON.parse(stdout)).messages.map((m) => ({
      ...m,
      document: m.url ? path.basename(decodeURIComponent(new URL(m.url).pathname), ".html") : "(none)",
    }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function formatVnu(message: VnuMessage & { document: string }): string {
  const where = message.lastLine ? `:${message.lastLine}:${message.firstColumn ?? message.lastColumn ?? ""}` : "";
  const kind = message.subType ? `${message.type}/${message.subType}` : message.type;
  return `${message.document}${where} [${kind}] ${message.message}${message.extract ? `\n    ${message.extract.replace(/\n/g, "⏎")}` : ""}`;
}

export interface HeadMetadata {
  title: string;
  description: string | null;
  canonical: string[];
  ogTitle: string | null;
  ogUrl: string | null;
  ogType: string | null;
  robots: string | null;
}

/** What the document's <head> says about the page, read in the browser. */
export function headMetadata(page: Page): Promise<HeadMetadata> {
  return page.evaluate(() => {
    const meta = (selector: string) => document.head.querySelector<HTMLMetaElement>(selector)?.getAttribute("content") ?? null;
    return {
      title: document.title,
      description: meta('meta[name="description"]'),
      canonical: [...document.head.querySelectorAll<HTMLLinkElement>('link[rel="canonical"]')].map((l) => l.getAttribute("href") ?? ""),
      ogTitle: meta('meta[property="og:title"]'),
      ogUrl: meta('meta[property="og:url"]'),
      ogType: meta('meta[property="og:type"]'),
      robots: meta('meta[name="robots"]'),
    };
  });
}

/** True for an absolute http(s) URL. */
export function isAbsoluteUrl(value: string | null | undefined): boolean {
  if (!value) return false;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}
