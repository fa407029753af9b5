import "server-only";
import { z } from "zod";
import { MAX_ARTICLE_LENGTH } from "@/lib/articles/articles";
import { authorize, type Principal } from "@/lib/auth/principal";
import { AppError } from "@/lib/errors";
import { budgetMessage, EVIDENCE_FETCH_BUDGET, fetchBudgetKey } from "@/lib/evidence/fetch-budget";
import { readArticle } from "@/lib/evidence/page-text";
import { fetchPage, type FetchPageOptions } from "@/lib/evidence/safe-fetch";
import { parseInput, type Loose } from "@/lib/validation";
import { shortened } from "./intake";

// Importing an article by its address (issue #13, item 6): the server fetches
// the page through the evidence fetcher (its address, size, time and redirect
// rules), reads it as Reader View would, and hands the fields back for the
// reviewer to correct in the intake form. Nothing is written here: the
// reviewer's "Bring in" runs the ordinary intake, with its duplicate checks.

export const importInputSchema = z.object({
  sourceUrl: z
    .string({ message: "Enter the article's address." })
    .trim()
    .min(1, "Enter the article's address.")
    .max(2_000, "That address is longer than 2,000 characters.")
    .pipe(z.url({ protocol: /^https?$/, message: "Enter a full web address starting with https:// or http://." })),
});

/** What the page gave, in the intake form's own fields; null where the page did not say. */
export interface ImportedArticle {
  /** The address as the reviewer typed it. */
  requestedUrl: string;
  /** Where the page was read, after redirects: the article's URL. */
  url: string;
  title: string | null;
  author: string | null;
  outlet: string | null;
  /** YYYY-MM-DD, the day the page dates itself. */
  publishedAt: string | null;
  body: string;
  /** True when the page was longer than the fetcher reads, so the text may stop early. */
  truncated: boolean;
}

const HTML_TYPES: ReadonlySet<string> = new Set(["text/html", "application/xhtml+xml"]);
const PASTE_INSTEAD = "You can paste the article's text below instead.";

export const NO_ARTICLE_TEXT =
  "That page has no article text we could read: it may be a front page or a list of links, or built by JavaScript in the browser. " +
  PASTE_INSTEAD;

function typeRefusal(mediaType: string): string {
  return mediaType === ""
    ? `The server did not say what kind of content that address serves, so it cannot be read as an article. ${PASTE_INSTEAD}`
    : `That address serves ${mediaType}, not a web page, so it cannot be read as an article. ${PASTE_INSTEAD}`;
}

// The fetcher's own sentence for a non-public address names the address a host
// resolved to; an intake form has no business telling anyone the desk's network.
const NOT_PUBLIC =
  "That address, or one it redirected to, is not on the public internet, so the desk will not fetch it.";

/** The text without a first line that is only the byline ("By Daniel Mercer"), which the Author field now holds. */
function withoutBylineLine(text: string, byline: string | null): string {
  if (!byline) return text;
  const [first = "", ...rest] = text.split("\n");
  if (first.replace(/^by[:\s]\s*/i, "").trim() !== byline) return text;
  return rest.join("\n").replace(/^\n+/, "");
}

/**
 * Fetches the article at `sourceUrl` and reads its title, byline, outlet,
 * publication date and text. Every refusal is an AppError whose message is
 * for the reviewer; the address's own problems are field errors on `sourceUrl`.
 */
export async function importArticleFromUrl(
  input: Loose<typeof importInputSchema> & {
    by: Principal | null;
    /** Tests only: the fetcher's limits and its private-address switch. */
    fetchOptions?: Pick<FetchPageOptions, "allowPrivate" | "maxBytes" | "timeoutMs" | "ports">;
  },
): Promise<ImportedArticle> {
  const { by } = input;
  authorize(by, "claim.edit");
  // A bad address is refused before any request leaves the server, and costs no fetch.
  const { sourceUrl } = parseInput(importInputSchema, input);
  const wait = EVIDENCE_FETCH_BUDGET.take(fetchBudgetKey(by));
  if (wait > 0) throw new AppError("rule", budgetMessage(wait));

  const page = await fetchPage(sourceUrl, {
    ...input.fetchOptions,
    mediaTypes: HTML_TYPES,
    typeRefusal,
    accept: "text/html,application/xhtml+xml;q=0.9",
  });
  if (!page.ok) {
    if (page.reason === "url" || page.reason === "address") {
      const message = page.reason === "address" ? NOT_PUBLIC : page.error;
      throw new AppError("invalid", message, { sourceUrl: [message] });
    }
    throw new AppError("rule", page.reason === "type" ? page.error : `${page.error} ${PASTE_INSTEAD}`);
  }

  const reading = readArticle(page.body);
  if (!reading.found) throw new AppError("rule", NO_ARTICLE_TEXT);
  if (reading.text.length > MAX_ARTICLE_LENGTH) {
    throw new AppError(
      "rule",
      `The article on that page is longer than ${MAX_ARTICLE_LENGTH.toLocaleString("en")} characters, more than the desk takes in one piece. ${PASTE_INSTEAD}`,
    );
  }
  return {
    requestedUrl: sourceUrl,
    url: page.finalUrl,
    // The form's limits (lib/articles): a page's overlong <title> is cut, not refused at save.
    title: reading.title && shortened(reading.title, 300),
    author: reading.byline && shortened(reading.byline, 200),
    outlet: reading.siteName && shortened(reading.siteName, 200),
    publishedAt: reading.publishedDate,
    body: withoutBylineLine(reading.text, reading.byline),
    truncated: page.truncated,
  };
}
