import "server-only";
import { Parser } from "htmlparser2";
import { parseHTML } from "linkedom";

/**
 * A fetched page as a DOM document (linkedom), tokenised by htmlparser2, for
 * Readability and the page-text walk to read.
 *
 * Pages are hostile until proved otherwise, so the tree is built here rather
 * than by linkedom's own parser, with limits that keep a 2 MB page to about
 * one pass:
 * - htmlparser2 keeps its open elements in an array it shifts from the front,
 *   so a page nested 400,000 deep costs it time squared; it is handed the rest
 *   of the page afresh every RESTART_DEPTH levels;
 * - past MAX_DEPTH levels or MAX_ELEMENTS elements no more elements are built,
 *   and their text goes to the deepest element built, in order, so no text is lost;
 * - runs of text are joined into one node (htmlparser2 hands over text in
 *   pieces, one per character reference or stray "<").
 *
 * Like a browser, it gives every page one <html>, <head> and <body>, and ends
 * a <head> at the first thing that cannot be in one.
 */
export interface ParsedPage {
  document: Document;
  /** Elements built (html, head and body included). */
  elements: number;
  /** How deep the built tree goes below <html>. */
  depth: number;
  /** True when a limit stopped elements being built, so the tree is flatter than the page. */
  flattened: boolean;
  /** How many pieces htmlparser2 handed the text over in (one per character reference or stray "<", among others). */
  textPieces: number;
}

export const MAX_ELEMENTS = 50_000;
export const MAX_DEPTH = 256;
const RESTART_DEPTH = 256;

// What may be in <head>; anything else starts the body, as browsers do.
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

// htmlparser2 reads these as raw text up to their end tag; a fresh parser must not start inside one.
const RAW_TEXT = new Set(["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "plaintext"]);

interface Open {
  /** Where this element's children and text go: itself, or its parent when it was not built. */
  node: Element;
  built: boolean;
}

export function parsePage(html: string): ParsedPage {
  const { document } = parseHTML("<!DOCTYPE html><html><head></head><body></body></html>");
  const root = document.documentElement;
  const { head, body } = document;
  const stack: Open[] = [{ node: root, built: true }];
  let elements = 3;
  let depth = 1;
  let maxDepth = 1;
  let flattened = false;
  let inBody = false;
  let text: string[] = [];
  let textPieces = 0;

  const current = (): Element => stack[stack.length - 1]?.node ?? body;
  /** <html> and <head> hold head content only until the body starts; everything else goes into <body>. */
  const parentFor = (name: string | null): Element => {
    const node = current();
    if (node !== root && node !== head) return node;
    if (name !== null && !inBody && HEAD_CONTENT.has(name)) return head;
    inBody = true;
    return body;
  };
  const flushText = (): void => {
    if (text.length === 0) return;
    const joined = text.join("");
    text = [];
    const node = current();
    // Spacing between head elements is not content, and must not start the body.
    if ((node === root || node === head) && joined.trim() === "") return;
    parentFor(null).appendChild(document.createTextNode(joined));
  };
  const adopt = (element: Element, attributes: Record<string, string>): void => {
    for (const [name, value] of Object.entries(attributes)) {
      if (element.hasAttribute(name)) continue;
      try {
        element.setAttribute(name, value);
      } catch {
        // A name the DOM refuses is markup a reader never sees; the element stays.
      }
    }
  };

  let rest = html;
  while (rest !== "") {
    let parserDepth = 0;
    let resumeAt = -1;
    const parser: Parser = new Parser(
      {
        onopentag(name, attributes) {
          flushText();
          parserDepth++;
          if (name === "html" || name === "head" || name === "body") {
            const node = name === "html" ? root : name === "head" ? head : body;
            if (name === "body") inBody = true;
            adopt(node, attributes);
            stack.push({ node, built: false });
          } else {
            const parent = parentFor(name);
            if (elements >= MAX_ELEMENTS || depth >= MAX_DEPTH) {
              flattened = true;
              stack.push({ node: parent, built: false });
            } else {
              const element = document.createElement(name);
              adopt(element, attributes);
              parent.appendChild(element);
              elements++;
              depth++;
              if (depth > maxDepth) maxDepth = depth;
              stack.push({ node: element, built: true });
            }
          }
          if (parserDepth >= RESTART_DEPTH && !RAW_TEXT.has(name)) {
            resumeAt = parser.endIndex + 1;
            parser.pause();
          }
        },
        onclosetag() {
          flushText();
          parserDepth--;
          const open = stack.pop();
          if (open?.built) depth--;
          if (stack.length === 0) stack.push({ node: root, built: false });
        },
        ontext(piece) {
          text.push(piece);
          textPieces++;
        },
      },
      { decodeEntities: true },
    );
    parser.write(rest);
    if (resumeAt === -1) {
      parser.end();
      break;
    }
    // The elements this parser left open stay open: the next one builds inside them.
    rest = rest.slice(resumeAt);
  }
  flushText();
  return { document, elements, depth: maxDepth, flattened, textPieces };
}
