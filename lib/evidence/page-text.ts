import "server-only";
import { isProbablyReaderable, Readability } from "@mozilla/readability";
import { parsePage, type ParsedPage } from "./html-document";

/**
 * The readable text of a fetched page: what a reader sees, without scripts,
 * navigation or markup. Snapshots store this text and hash it, so two fetches
 * of an unchanged article give the same text even when its markup, ads or
 * tracking scripts differ.
 *
 * An article page is read the way Firefox's Reader View reads it
 * (@mozilla/readability over a linkedom document): its headline, then the
 * article itself, without the menus, share bars, "related" lists and comment
 * threads around it. A page that is not an article (a short notice, a data
 * page, a listing) is kept whole, less what a reader never sees as text
 * (scripts, styles, templates) and the site's own furniture (nav, aside, footer).
 */
export function pageText(body: string, contentType: string): string {
  if (!isHtmlType(contentType)) return tidy(body);
  const page = parsePage(body);
  // Readability edits the tree it reads, so it reads only pages that look like articles.
  if (!readable(page) || !isProbablyReaderable(page.document)) return tidy(visibleText(page.document.documentElement));
  const found = readability(page.document);
  const text = found?.content ? tidy(visibleText(found.content)) : "";
  if (text === "") return tidy(visibleText(parsePage(body).document.documentElement));
  return withHeadline(clean(found?.title), text);
}

/** An article read from its page, for importing it by URL. Null where the page does not say. */
export interface ArticleReading {
  title: string | null;
  byline: string | null;
  siteName: string | null;
  /** ISO 8601 UTC, when the page gives a date a computer can read. */
  publishedTime: string | null;
  /**
   * The day of publication as the page dates it (YYYY-MM-DD): the date part of
   * the page's own timestamp, so an article out at 00:30 in Berlin is dated
   * that day, not the UTC day before.
   */
  publishedDate: string | null;
  /** The article's text without its headline, or the whole page's text when no article was found. */
  text: string;
  /** True when Readability found an article, false when `text` is the whole page. */
  found: boolean;
}

export function readArticle(html: string): ArticleReading {
  const page = parsePage(html);
  const { document } = page;
  const title = clean(document.querySelector("title")?.textContent);
  const publishedFallback = metaPublishedTime(document);
  if (!readable(page)) {
    return {
      title,
      byline: null,
      siteName: null,
      ...published(publishedFallback),
      text: tidy(visibleText(document.documentElement)),
      found: false,
    };
  }
  // Read before Readability edits the tree; Readability still gives the details of a page it finds no article in.
  const wholePage = tidy(visibleText(document.documentElement));
  const readerable = isProbablyReaderable(document, ARTICLE_TEST);
  const found = readability(document);
  const text = readerable && found?.content ? tidy(visibleText(found.content)) : "";
  return {
    title: clean(found?.title) ?? title,
    byline: withoutBy(clean(found?.byline)),
    siteName: clean(found?.siteName),
    ...published(isoTime(found?.publishedTime) ? (found?.publishedTime ?? null) : publishedFallback),
    text: text === "" ? wholePage : text,
    found: text !== "",
  };
}

// Reader View's own test wants paragraphs of 140 characters or more before it
// counts them, which short wire stories written a sentence a paragraph never
// reach. An import shows the reviewer what was read before anything is saved,
// so it counts paragraphs from 40 characters: three of a hundred will do, and a
// page of links or an empty shell built by scripts still has nothing to count.
const ARTICLE_TEST = { minContentLength: 40, minScore: 20 };

function isHtmlType(contentType: string): boolean {
  const mediaType = (contentType.split(";")[0] ?? "").trim().toLowerCase();
  return mediaType === "text/html" || mediaType === "application/xhtml+xml";
}

// Readability scores every paragraph by the text of its ancestors and, when a first try
// finds too little, serialises and re-parses the body (with linkedom's own parser, one
// node per text piece) up to three times. Past these sizes (real articles, menus and all,
// have a few thousand elements) a page is machine-made or hostile, and is kept whole.
const MAX_ELEMENTS_TO_READ = 20_000;
const MAX_TEXT_PIECES_TO_READ = 50_000;

function readable(page: ParsedPage): boolean {
  return !page.flattened && page.elements <= MAX_ELEMENTS_TO_READ && page.textPieces <= MAX_TEXT_PIECES_TO_READ;
}

function readability(document: Document) {
  try {
    return new Readability(document, { serializer: (node: Node) => node }).parse();
  } catch {
    // A page Readability cannot read is kept whole, like any page that is not an article.
    return null;
  }
}

/** The headline first, unless the article text already starts with it. */
function withHeadline(title: string | null, text: string): string {
  if (title === null || text.startsWith(title)) return text;
  return `${title}\n\n${text}`;
}

function clean(value: string | null | undefined): string | null {
  const text = value === null || value === undefined ? "" : tidy(value).replace(/\n+/g, " ");
  return text === "" ? null : text;
}

function isoTime(value: string | null | undefined): string | null {
  if (!value) return null;
  const time = Date.parse(value.trim());
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/** A byline as pages print it, "By Sam Rivera", is the name alone. */
function withoutBy(byline: string | null): string | null {
  return byline?.replace(/^by[:\s]\s*/i, "").trim() || byline;
}

/** The publication time in UTC and the day the page itself dates it, from the page's own value. */
function published(raw: string | null): Pick<ArticleReading, "publishedTime" | "publishedDate"> {
  const publishedTime = isoTime(raw);
  if (raw === null || publishedTime === null) return { publishedTime: null, publishedDate: null };
  const written = /^\s*(\d{4}-\d{2}-\d{2})/.exec(raw)?.[1];
  const publishedDate = written && isoTime(written) !== null ? written : publishedTime.slice(0, 10);
  return { publishedTime, publishedDate };
}

/**
 * Dates Readability does not look for: schema.org microdata, Dublin Core, a
 * plain "date" and the first <time>. The value as the page writes it.
 */
function metaPublishedTime(document: Document): string | null {
  const candidates = [
    document.querySelector('meta[itemprop="datePublished"]')?.getAttribute("content"),
    document
      .querySelector('meta[name="date"], meta[name="DC.date.issued"], meta[name="dcterms.created"]')
      ?.getAttribute("content"),
    document.querySelector("article time[datetime], time[pubdate][datetime]")?.getAttribute("datetime"),
  ];
  for (const candidate of candidates) {
    if (candidate && isoTime(candidate)) return candidate;
  }
  return null;
}

// ---------------------------------------------------------------- text of a tree

// Elements with nothing in them for a reader of the text: raw text (scripts, styles),
// embedded and interactive things, and the site's own furniture around the content.
const SKIPPED = new Set([
  "script",
  "style",
  "textarea",
  "title",
  "xmp",
  "iframe",
  "noembed",
  "noframes",
  "noscript",
  "nav",
  "footer",
  "aside",
  "svg",
  "math",
  "template",
  "select",
  "button",
  "object",
  "canvas",
  "audio",
  "video",
]);

const PARAGRAPH_BREAK = new Set([
  "p",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "blockquote",
  "pre",
  "table",
  "ul",
  "ol",
  "dl",
  "figure",
  "hr",
]);
const LINE_BREAK = new Set([
  "address",
  "article",
  "body",
  "br",
  "caption",
  "center",
  "dd",
  "details",
  "dialog",
  "dir",
  "div",
  "dt",
  "fieldset",
  "figcaption",
  "form",
  "header",
  "hgroup",
  "html",
  "legend",
  "li",
  "main",
  "menu",
  "option",
  "section",
  "summary",
  "tbody",
  "tfoot",
  "thead",
  "tr",
]);
const CELL = new Set(["td", "th"]);
const PRESERVE_WHITESPACE = new Set(["pre", "listing"]);

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;

/**
 * The text of a tree with block elements as line and paragraph breaks, table
 * cells apart and <pre> kept as written. Iterative, not recursive: a hostile
 * page may nest elements hundreds of thousands deep.
 */
function visibleText(root: Node): string {
  const out: string[] = [];
  let preDepth = 0;
  // Breaks wait until the next visible text, so whitespace between blocks adds no blank lines.
  let pendingBreak: 0 | 1 | 2 = 0;
  const emit = (text: string): void => {
    if (preDepth === 0 && text.trim() === "") {
      if (pendingBreak === 0) out.push(" ");
      return;
    }
    if (pendingBreak > 0) out.push(pendingBreak === 2 ? "\n\n" : "\n");
    pendingBreak = 0;
    out.push(text);
  };
  // Opening and closing tags both break: "a<div>b</div>c" reads as three lines.
  const edge = (name: string): void => {
    if (PARAGRAPH_BREAK.has(name)) pendingBreak = 2;
    else if (LINE_BREAK.has(name)) pendingBreak = pendingBreak === 2 ? 2 : 1;
    else if (CELL.has(name)) emit(" ");
  };
  const enter = (element: Element): void => {
    const name = element.localName;
    if (PRESERVE_WHITESPACE.has(name)) preDepth++;
    edge(name);
  };
  const leave = (element: Element): void => {
    const name = element.localName;
    if (PRESERVE_WHITESPACE.has(name)) preDepth--;
    edge(name);
  };

  let node: Node | null = root.firstChild;
  while (node) {
    let descend = false;
    if (node.nodeType === TEXT_NODE || node.nodeType === CDATA_SECTION_NODE) {
      const value = node.nodeValue ?? "";
      emit(preDepth > 0 ? value : value.replace(/\s+/g, " "));
    } else if (node.nodeType === ELEMENT_NODE && isElement(node) && !SKIPPED.has(node.localName)) {
      enter(node);
      if (node.firstChild) descend = true;
      else leave(node);
    }
    if (descend) {
      node = node.firstChild;
      continue;
    }
    // Up until there is a next sibling, closing each element on the way.
    while (node && node !== root && !node.nextSibling) {
      node = node.parentNode;
      if (node && node !== root && isElement(node)) leave(node);
    }
    node = node && node !== root ? node.nextSibling : null;
  }
  return out.join("");
}

function isElement(node: Node): node is Element {
  return node.nodeType === ELEMENT_NODE;
}

// ---------------------------------------------------------------- normal form

// Characters that change a text's bytes without changing what a reader sees: controls,
// soft hyphens, zero-width spaces, word joiners and byte-order marks.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVISIBLE = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f\u00ad\u200b\u2060\ufeff]/g;

/** One form per text: LF line ends, single spaces, trimmed lines, at most one blank line in a row. */
function tidy(text: string): string {
  const lines: string[] = [];
  let blankBefore = false;
  for (const raw of text.replace(/\r\n?/g, "\n").split("\n")) {
    const line = raw
      .replace(INVISIBLE, "")
      .replace(/[^\S\n]+/g, " ")
      .trim();
    if (line === "") {
      blankBefore = lines.length > 0;
      continue;
    }
    if (blankBefore) lines.push("");
    blankBefore = false;
    lines.push(line);
  }
  return lines.join("\n");
}
