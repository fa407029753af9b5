/** The claim's sentence with a few words of the article on either side. */
export interface ClaimInContext {
  before: string;
  claim: string;
  after: string;
  /** Words of the same paragraph were left out: show an ellipsis. */
  moreBefore: boolean;
  moreAfter: boolean;
}

const WORDS = 14;

/**
 * Cuts `words` words of the body before and after the claim's span, stopping
 * at a paragraph break so the context never runs into another paragraph.
 */
export function claimInContext(body: string, spanStart: number, spanEnd: number, words = WORDS): ClaimInContext {
  const start = Math.max(0, Math.min(spanStart, body.length));
  const end = Math.max(start, Math.min(spanEnd, body.length));

  const head = body.slice(Math.max(0, start - 400), start);
  const headParagraph = head.slice(head.lastIndexOf("\n") + 1);
  const headWords = headParagraph.split(/\s+/).filter(Boolean);
  const before = headWords.slice(-words).join(" ");

  const tail = body.slice(end, end + 400);
  const newline = tail.indexOf("\n");
  const tailParagraph = newline === -1 ? tail : tail.slice(0, newline);
  const tailWords = tailParagraph.split(/\s+/).filter(Boolean);
  const after = tailWords.slice(0, words).join(" ");

  const spaceBefore = /\s$/.test(body.slice(0, start)) && before ? " " : "";
  const spaceAfter = /^\s/.test(body.slice(end)) && after ? " " : "";
  return {
    before: before + spaceBefore,
    claim: body.slice(start, end).trim(),
    after: spaceAfter + after,
    moreBefore: headWords.length > words,
    moreAfter: tailWords.length > words,
  };
}
