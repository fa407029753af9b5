
/**
 * The readable text of a fetched page: what a reader sees, without scripts,
 * navigation or markup. Snapshots store this text and hash it, so two fetches
 * of an unchanged article give the same text even when its markup, ads or
 * tracking scripts differ.
 *
 * Hostile pages are expected. The converter is one forward scan: every branch
 * moves the cursor past what it has read (searching with indexOf or a sticky
 * regex, never backtracking), so a 2 MB page costs one pass and nothing throws.
 */
export function pageText(body: string, contentType: string): string {
  const mediaType = (contentType.split(";")[0] ?? "").trim().toLowerCase();
  const isHtml = mediaType === "text/html" || mediaType === "application/xhtml+xml";
  return tidy(isHtml ? htmlToText(body) : body);
}

// Elements whose contents are raw text up to their end tag, none of it for the reader.
const RAW_TEXT = new Set(["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript"]);

// Elements whose contents are markup that a reader of the article does not need.
const SKIPPED = new Set([
  "head",
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

// What may appear in <head>; any other start tag ends a <head> left open, as browsers do.
const HEAD_CONTENT = new Set([
  "meta",
  "link",
  "base",
  "basefont",
  "bgsound",
  "style",
  "script",
  "noscript",
  "template",
  "title",
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

// Deep nesting of skipped elements is either broken or hostile markup; past this depth the
// content just stays skipped, and closing a tag costs at most this many comparisons.
const MAX_SKIP_DEPTH = 64;

interface Tag {
  name: string;
  end: number;
  selfClosing: boolean;
}

function htmlToText(html: string): string {
  const out: string[] = [];
  const skipped: string[] = [];
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
  const breakLine = (level: 1 | 2): void => {
    if (level > pendingBreak) pendingBreak = level;
  };

  let i = 0;
  const n = html.length;
  while (i < n) {
    const lt = html.indexOf("<", i);
    const textEnd = lt === -1 ? n : lt;
    if (textEnd > i && skipped.length === 0) emit(textNode(html.slice(i, textEnd), preDepth > 0));
    if (lt === -1) break;

    if (html.startsWith("<!--", lt)) {
      const close = html.indexOf("-->", lt + 4);
      i = close === -1 ? n : close + 3;
      continue;
    }
    const next = html.charCodeAt(lt + 1);
    const isEnd = next === 47; // "/"
    // <!DOCTYPE>, <![CDATA[…]]>, <?…>, and "</" not followed by a letter are bogus comments up to ">".
    if (next === 33 || next === 63 || (isEnd && !isAsciiLetter(html.charCodeAt(lt + 2)))) {
      const close = html.indexOf(">", lt + 2);
      i = close === -1 ? n : close + 1;
      continue;
    }
    if (!isEnd && !isAsciiLetter(next)) {
      if (skipped.length === 0) emit("<");
      i = lt + 1;
      continue;
    }

    const tag = readTag(html, isEnd ? lt + 2 : lt + 1);
    i = tag.end;
    const { name } = tag;

    if (!isEnd && RAW_TEXT.has(name)) {
      i = skipRawText(html, name, i);
      continue;
    }

    if (!isEnd && skipped[0] === "head" && (name === "body" || (skipped.length === 1 && !HEAD_CONTENT.has(name)))) {
      skipped.length = 0;
    }

    if (SKIPPED.has(name)) {
      if (isEnd) {
        const open = skipped.lastIndexOf(name);
        if (open !== -1) skipped.length = open;
      } else if (!(tag.selfClosing && (name === "svg" || name === "math")) && skipped.length < MAX_SKIP_DEPTH) {
        skipped.push(name);
      }
      if (skipped.length === 0) breakLine(1);
      continue;
    }
    if (skipped.length > 0) continue;

    if (PRESERVE_WHITESPACE.has(name)) preDepth = isEnd ? Math.max(0, preDepth - 1) : preDepth + 1;
    if (PARAGRAPH_BREAK.has(name)) breakLine(2);
    else if (LINE_BREAK.has(name)) breakLine(1);
    else if (CELL.has(name)) emit(" ");
  }
  return out.join("");
}

function isAsciiLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

function isTagSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 12 || code === 13;
}

/** Reads a tag's name and skips its attributes (quoted values may hold ">"). An unterminated tag runs to the end. */
function readTag(html: string, nameStart: number): Tag {
  const n = html.length;
  let j = nameStart;
  while (j < n) {
    const code = html.charCodeAt(j);
    if (isTagSpace(code) || code === 47 || code === 62) break;
    j++;
  }
  const name = html.slice(nameStart, j).toLowerCase();
  let previous = -1;
  while (j < n) {
    const code = html.charCodeAt(j);
    if (code === 62) return { name, end: j + 1, selfClosing: previous === 47 };
    if ((code === 34 || code === 39) && previous === 61) {
      const close = html.indexOf(html.charAt(j), j + 1);
      if (close === -1) break;
      j = close + 1;
      previous = code;
      continue;
    }
    if (!isTagSpace(code)) previous = code;
    j++;
  }
  return { name, end: n, selfClosing: false };
}

const rawTextEnds = new Map<string, RegExp>();

/** Index just past the end tag that closes a raw-text element opened before `from`, or the end of the page. */
function skipRawText(html: string, name: string, from: number): number {
  let endTag = rawTextEnds.get(name);
  if (!endTag) {
    endTag = new RegExp(`</${name}[\\s/>]`, "gi");
    rawTextEnds.set(name, endTag);
  }
  endTag.lastIndex = from;
  const match = endTag.exec(html);
  if (!match) return html.length;
  const close = html.indexOf(">", match.index);
  return close === -1 ? html.length : close + 1;
}

function textNode(raw: string, preserveLines: boolean): string {
  const decoded = decodeEntities(raw);
  return preserveLines ? decoded : decoded.replace(/\s+/g, " ");
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: "\u00a0",
  ensp: "\u2002",
  emsp: "\u2003",
  thinsp: "\u2009",
  zwnj: "\u200c",
  zwj: "\u200d",
  lrm: "\u200e",
  rlm: "\u200f",
  shy: "\u00ad",
  ndash: "–",
  mdash: "—",
  minus: "−",
  hyphen: "‐",
  lsquo: "‘",
  rsquo: "’",
  sbquo: "‚",
  ldquo: "“",
  rdquo: "”",
  bdquo: "„",
  laquo: "«",
  raquo: "»",
  lsaquo: "‹",
  rsaquo: "›",
  hellip: "…",
  bull: "•",
  middot: "·",
  prime: "′",
  Prime: "″",
  dagger: "†",
  Dagger: "‡",
  permil: "‰",
  deg: "°",
  plusmn: "±",
  times: "×",
  divide: "÷",
  frac12: "½",
  frac14: "¼",
  frac34: "¾",
  sup1: "¹",
  sup2: "²",
  sup3: "³",
  micro: "µ",
  para: "¶",
  sect: "§",
  copy: "©",
  reg: "®",
  trade: "™",
  euro: "€",
  pound: "£",
  yen: "¥",
  cent: "¢",
  curren: "¤",
  iexcl: "¡",
  iquest: "¿",
  ordf: "ª",
  ordm: "º",
  not: "¬",
  macr: "¯",
  acute: "´",
  cedil: "¸",
  uml: "¨",
  circ: "ˆ",
  tilde: "˜",
  brvbar: "¦",
  szlig: "ß",
  aelig: "æ",
  AElig: "Æ",
  oelig: "œ",
  OElig: "Œ",
  oslash: "ø",
  Oslash: "Ø",
  eth: "ð",
  ETH: "Ð",
  thorn: "þ",
  THORN: "Þ",
  larr: "←",
  rarr: "→",
  uarr: "↑",
  darr: "↓",
  colon: ":",
  comma: ",",
  period: ".",
  sol: "/",
  lpar: "(",
  rpar: ")",
  excl: "!",
  quest: "?",
  num: "#",
  dollar: "$",
  percnt: "%",
  commat: "@",
  ast: "*",
  plus: "+",
  equals: "=",
  lowbar: "_",
  verbar: "|",
  lsqb: "[",
  rsqb: "]",
  lcub: "{",
  rcub: "}",
};

// "&eacute;", "&Ccedil;", "&scaron;": a letter plus the name of its accent.
const ACCENTS: Readonly<Record<string, string>> = {
  acute: "\u0301",
  grave: "\u0300",
  circ: "\u0302",
  uml: "\u0308",
  tilde: "\u0303",
  ring: "\u030a",
  cedil: "\u0327",
  caron: "\u030c",
};

// HTML maps numeric references in 0x80–0x9F to the windows-1252 characters old pages meant.
const WINDOWS_1252: Readonly<Record<number, number>> = {
  0x80: 0x20ac,
  0x82: 0x201a,
  0x83: 0x0192,
  0x84: 0x201e,
  0x85: 0x2026,
  0x86: 0x2020,
  0x87: 0x2021,
  0x88: 0x02c6,
  0x89: 0x2030,
  0x8a: 0x0160,
  0x8b: 0x2039,
  0x8c: 0x0152,
  0x8e: 0x017d,
  0x91: 0x2018,
  0x92: 0x2019,
  0x93: 0x201c,
  0x94: 0x201d,
  0x95: 0x2022,
  0x96: 0x2013,
  0x97: 0x2014,
  0x98: 0x02dc,
  0x99: 0x2122,
  0x9a: 0x0161,
  0x9b: 0x203a,
  0x9c: 0x0153,
  0x9e: 0x017e,
  0x9f: 0x0178,
};

const ENTITY = /&(?:#(\d{1,8})|#[xX]([0-9a-fA-F]{1,7})|([A-Za-z][A-Za-z0-9]{1,31}));/g;

/** Decodes character references; unknown names stay as written. */
export function decodeEntities(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(ENTITY, (whole, decimal?: string, hex?: string, name?: string) => {
    if (decimal !== undefined) return codePointText(parseInt(decimal, 10));
    if (hex !== undefined) return codePointText(parseInt(hex, 16));
    if (name === undefined) return whole;
    const named = NAMED_ENTITIES[name];
    if (named !== undefined) return named;
    const accent = ACCENTS[name.slice(1)];
    if (accent !== undefined) {
      const composed = (name.charAt(0) + accent).normalize("NFC");
      if (composed.length === 1) return composed;
    }
    return whole;
  });
}

function codePointText(code: number): string {
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return "\ufffd";
  return String.fromCodePoint(WINDOWS_1252[code] ?? code);
}

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
