// Check-worthiness (issue #6, item 4). A sentence's score is the sum of the
// weights of its reasons, clamped to [0, 1]: what the reviewer reads is exactly
// what made the score. Rules are about kinds of words, never about one article.
import { findAttribution } from "./attribution";
import type { FurnitureKind } from "./clean";
import { findNames } from "./names";
import { findQuotations, withoutQuotations } from "./quotes";
import { MONTH_ABBREVIATIONS, MONTHS, WEEKDAYS } from "./words";

export const REASON_CODES = [
  "statistic",
  "date",
  "quotation",
  "attribution",
  "named-entity",
  "comparison",
  "causal",
  "role",
  "writer-framing",
  "hedging",
  "no-comment",
  "opinion-quote",
  "furniture",
] as const;

export type ReasonCode = (typeof REASON_CODES)[number];

/** What each reason means, in the words the review screen shows. */
export const REASON_LABELS: Readonly<Record<ReasonCode, string>> = {
  statistic: "a statistic or number",
  date: "a date",
  quotation: "a quotation",
  attribution: "an attribution (said, told, claimed, according to, reported by)",
  "named-entity": "a named person or organisation",
  comparison: "a comparison or superlative",
  causal: "a causal claim",
  role: "an official position, role or affiliation",
  "writer-framing": "opinion or framing by the writer",
  hedging: "hedging by the writer",
  "no-comment": "a no-comment notice",
  "opinion-quote": "a quotation with nothing checkable in it",
  furniture: "page furniture",
};

export interface Reason {
  code: ReasonCode;
  /** What this reason adds to the score; negative for the signals against checking. */
  weight: number;
  /** The words in the sentence that triggered it. */
  evidence: string;
}

export type CheckLabel = "check" | "maybe" | "skip";

export interface SentenceScore {
  score: number;
  label: CheckLabel;
  reasons: Reason[];
  claimant: string | null;
  reportedBy: string | null;
}

export interface ScoreContext {
  /** The claimant of the sentence before: a continued quotation or a "he said" points back to it. */
  previousClaimant?: string | null;
  /** Capitalised words the article uses in mid-sentence (names.ts knownNames). */
  knownNames?: ReadonlySet<string>;
  /** Set when cleaning found the sentence's line to be page furniture. */
  furniture?: FurnitureKind | null;
}

/** At or above: suggested to the reviewer as a claim to check. */
export const CHECK_THRESHOLD = 0.4;
/** At or above (and below CHECK_THRESHOLD): shown, but not suggested. */
export const MAYBE_THRESHOLD = 0.2;

const WEIGHTS = {
  figure: 0.4,
  quantity: 0.2,
  date: 0.25,
  quotation: 0.15,
  attribution: 0.35,
  specificName: 0.2,
  name: 0.1,
  comparison: 0.15,
  causal: 0.2,
  role: 0.2,
  framingEach: -0.25,
  framingFloor: -0.5,
  hedgingEach: -0.1,
  hedgingFloor: -0.2,
  noComment: -1,
  opinionQuote: -0.4,
  furniture: -1,
} as const;

// A sentence this much quoted is judged by its quotation: the speaker's name and titles are not the claim.
const QUOTE_DOMINANT_SHARE = 0.5;
// So is one that opens with a quotation and goes on only to say who said it:
// `"…," said Councillor Ruth Abara, who chairs the flood committee.`
const SAYS = "said|says|added|adds|wrote|writes|explained|noted|told|insisted|argued|continued|concluded|warned";
const ONLY_ATTRIBUTION_AFTER = new RegExp(
  String.raw`^[\s,]*(?:(?:${SAYS})\b[^"“”]*|[^"“”,.!?]{1,60}?\s(?:${SAYS})\b[^"“”]*)$`,
  "u",
);

// --- the signals -----------------------------------------------------------

const MONTH_DAY = new RegExp(
  String.raw`\b(?:${MONTHS})\s+\d{1,2}(?:st|nd|rd|th)?\b(?:,?\s+\d{4})?|\b\d{1,2}\s+(?:${MONTHS})\b`,
  "gu",
);
const MONTH_ABBREVIATION_DAY = new RegExp(String.raw`\b(?:${MONTH_ABBREVIATIONS})\.?\s+\d{1,4}\b`, "gu");
const MONTH_YEAR = new RegExp(String.raw`\b(?:${MONTHS})\s+\d{4}\b`, "gu");
const MONTH_IN_CONTEXT = new RegExp(
  String.raw`\b(?:in|since|until|by|from|to|last|next|early|late|mid|this|of|through)\s+(?:January|February|March|April|June|July|August|September|October|November|December)\b`,
  "gu",
);
const YEAR = /(?<![$€£\d.,])\b(?:1[89]|20)\d{2}\b(?![\d%]|,\d|\s*(?:percent|per cent))/gu;
const WEEKDAY = new RegExp(String.raw`\b(?:${WEEKDAYS})\b`, "gu");
const RELATIVE_DATE =
  /\b(?:(?:last|next|this|earlier this|later this|previous|past)\s+(?:week|month|year|spring|summer|autumn|fall|winter|quarter|decade|weekend)|yesterday|a (?:year|month|week) (?:earlier|ago|before)|in the (?:first|second|third|fourth|final) quarter|\d+ (?:days|weeks|months|years) ago)\b/giu;

// Numbers: "11,000", "3.5 percent", "$1.2 billion", "48,200". Years and days of the month are dates.
const NUMBER = /[$€£¥]?\d(?:[\d,.]*\d)?(?:\s?(?:%|percent|per cent|percentage points?|million|billion|trillion|bn))?/gu;
// A count of zero is a count: "No one was killed", "none of the patients died".
const ZERO_COUNT =
  /\b(?:no one|nobody|none of (?:the|them)|not a single [\p{L}-]+|zero)\b(?:\s+[\p{L}-]+){0,3}?\s+(?:killed|injured|hurt|died|dead|wounded|arrested|charged|convicted|evacuated|displaced|hospitali[sz]ed|infected)\b/giu;
const QUANTITY =
  /\b(?:three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|dozens?|hundreds|thousands|millions|billions|half of|a third|two-thirds|a quarter of|three-quarters|(?:the )?majority of|most of|nearly all|almost all|one in \w+|twice|doubled?|tripled?)\b/giu;

const COMPARISON = [
  /\b(?:more|less|fewer|higher|lower|greater|larger|smaller|bigger|faster|slower|stronger|weaker|cheaper|dearer|richer|poorer|older|younger|longer|shorter|better|worse)\s+(?:[\p{L}-]+\s+){0,5}than\b/giu,
  /\b(?:compared (?:with|to)|versus|vs\.|relative to|in a row|consecutive)\b/giu,
  /\b(?:up|down) from\b/giu,
  /\b(?:rose|rises|risen|fell|falls|fallen|increased|increases|decreased|decreases|declined|declines|dropped|drops|grew|grows|jumped|jumps|climbed|climbs|surged|slipped|slumped|soared|plunged|shrank|doubled|tripled|halved|unchanged)\b/giu,
  /\b(?:the\s+)?(?:largest|biggest|highest|lowest|smallest|fastest|slowest|longest|shortest|oldest|youngest|richest|poorest|deadliest|most common|most popular|most widely|least common)\b/giu,
  /\b(?:for the first time|the first|the only|a record|record (?:high|low|levels?))\b/giu,
  /\b(?:over|more than|fewer than|less than|at least|nearly|almost|up to|under|just over|just under|roughly|about|around)\s+[$€£]?\d(?:[\d,.]*\d)?/giu,
];

const CAUSAL =
  /\b(?:caused|causes|causing|because(?: of)?|due to|result(?:ed|s)? in|as a result(?: of)?|led to|leads? to|leading to|linked to|tied to|associated with|responsible for|contributed to|contributing to|trigger(?:ed|s)|driven by|blamed (?:for|on)|attributed to|(?:reduce[sd]?|cut|lower(?:s|ed)?|raise[sd]?|increase[sd]?) the risk|prevents?|prevented|thanks to|fuell?ed by|prompted|prompting|helped by|hit by|(?:came|comes|stems?|stemmed) (?:mainly |largely |mostly )?from)\b/giu;

const ROLE = [
  /\b(?:President|Prime Minister|Minister|Secretary-General|Secretary|Senator|Sen\.|Rep\.|Representative|Gov\.|Governor|Mayor|Ambassador|Chancellor|King|Queen|Judge|General|Gen\.|Chairman|Chairwoman|Chair|CEO|Director|Commissioner|Prof\.|Professor)\b/gu,
  /\b(?:president|prime minister|minister|secretary|spokes(?:person|man|woman)|senator|governor|mayor|ambassador|chancellor|chair(?:man|woman|person)?|chief executive|director|leader|head of|officials?|commissioner|commander|lawmakers?|member of|(?:senior )?fellow|professor|economists?|analysts?|researchers?|scientists?|cardiologist|physician|lead author)\b/gu,
  /\b(?:chaired by|chair(?:s|ed)|le[ad] by|headed by|run by|owned by|funded by|financed by|backed by|sponsored by|founded by|employed by|works? for|appointed|elected)\b/gu,
];

const NO_COMMENT = [
  /\b(?:did not|didn't|has not|hasn't|have not|haven't|had not|could not|couldn't) (?:immediately )?(?:respond|reply|return|answer)\w* to (?:an? |multiple |repeated |several )?(?:request|requests|inquiry|inquiries|message|messages|email|emails|call|calls|questions)\b/iu,
  /\bdeclined to (?:comment|respond|answer)\b/iu,
  /\bcould not be reached(?: for comment)?\b/iu,
  /\b(?:was|were) not (?:immediately )?available for comment\b/iu,
  /\bno immediate comment\b/iu,
  /\b(?:has|have) (?:reached out|been contacted) (?:to|for)\b.*\bcomment\b/iu,
];

const FRAMING = [
  /\b(?:ha(?:s|ve|d) created|creates?|creating) (?:an? |more |new )?opportunit(?:y|ies)\b/giu,
  /\b(?:seeks?|sought|seeking) to\b/giu,
  /\b(?:this|that) (?:development|move|shift|stance|step|trend|news)\b/giu,
  /\bcomes? as\b/giu,
  /\bin a sign (?:that|of)\b/giu,
  /\braises? (?:questions|concerns|fears|hopes)\b/giu,
  /\b(?:remains? to be seen|remains? (?:unclear|uncertain)|only time will tell|another matter|much will depend)\b/giu,
  /\bit (?:is|was) (?:clear|unclear|obvious|no secret|worth noting)\b/giu,
  /\b(?:underscores?|underlines?|pav(?:es|ed|ing) the way)\b/giu,
  /\b(?:should|must|ought to)\b/giu,
  /\b(?:the|one of the)\s+(?:best|worst|greatest|finest|simplest|closest|most (?!common|popular|widely)[\p{L}-]+|least (?!common)[\p{L}-]+)\b/giu,
  /\b(?:ambiguous|hardline|remarkable|alarming|troubling|worrying|stunning|shocking|dramatic|striking|controversial|unfortunate|disastrous|impressive|brazen|staggering|welcome|painful|reassuring|encouraging|disappointing|extraordinary|long-standing|notorious|clearly|obviously|sadly|unfortunately|hopefully|ironically|surprisingly|predictably)\b/giu,
];

const HEDGING =
  /\b(?:may|might|could|perhaps|possibly|probably|likely to|unlikely to|appears? to|seems? to|arguably|apparently)\b/giu;

// In a quotation these mark a view, not a fact: "we think", "the best", "should".
const OPINION_IN_QUOTE =
  /\b(?:I|we) (?:think|believe|feel|hope|fear)\b|\bin (?:my|our) (?:view|opinion)\b|\b(?:should|must|ought to)\b|\b(?:the|one of the)\s+(?:best|worst|greatest|finest|simplest|closest|most (?!common|popular|widely)[\p{L}-]+)\b/iu;

function allMatches(text: string, patterns: RegExp | readonly RegExp[]): string[] {
  const found = new Set<string>();
  for (const pattern of Array.isArray(patterns) ? patterns : [patterns]) {
    for (const match of text.matchAll(pattern)) found.add(match[0].trim());
  }
  return [...found];
}

function dates(text: string): { phrases: string[]; spans: [number, number][] } {
  const phrases: string[] = [];
  const spans: [number, number][] = [];
  for (const pattern of [
    MONTH_DAY,
    MONTH_ABBREVIATION_DAY,
    MONTH_YEAR,
    MONTH_IN_CONTEXT,
    YEAR,
    WEEKDAY,
    RELATIVE_DATE,
  ]) {
    for (const match of text.matchAll(pattern)) {
      const start = match.index;
      const end = start + match[0].length;
      spans.push([start, end]);
      if (!phrases.some((p) => p.includes(match[0]))) phrases.push(match[0]);
    }
  }
  return {
    phrases: phrases.filter((p, i) => !phrases.some((q, j) => j !== i && q.length > p.length && q.includes(p))),
    spans,
  };
}

function figures(text: string, dateSpans: readonly [number, number][]): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(NUMBER)) {
    const start = match.index;
    const end = start + match[0].length;
    if (dateSpans.some(([from, to]) => start >= from && end <= to)) continue;
    // "9:30 a.m.", "7th": a time or an ordinal is not a statistic.
    if (/^:\d|^\s?[ap]\.m\./u.test(text.slice(end, end + 6)) || /:$/u.test(text.slice(0, start))) continue;
    found.push(match[0]);
  }
  return [...found, ...allMatches(text, ZERO_COUNT)];
}

interface Signals {
  figures: string[];
  quantities: string[];
  dates: string[];
  comparisons: string[];
  causes: string[];
  roles: string[];
}

function signalsIn(text: string): Signals {
  const dated = dates(text);
  return {
    figures: figures(text, dated.spans),
    quantities: allMatches(text, QUANTITY),
    dates: dated.phrases,
    comparisons: allMatches(text, COMPARISON),
    causes: allMatches(text, CAUSAL),
    roles: allMatches(text, ROLE),
  };
}

const list = (items: readonly string[]) => items.slice(0, 6).join("; ");

// --- scoring ---------------------------------------------------------------

function labelFor(score: number): CheckLabel {
  if (score >= CHECK_THRESHOLD) return "check";
  if (score >= MAYBE_THRESHOLD) return "maybe";
  return "skip";
}

function finish(
  reasons: Reason[],
  claimant: string | null,
  reportedBy: string | null,
  forceSkip: boolean,
): SentenceScore {
  const sum = reasons.reduce((total, r) => total + r.weight, 0);
  const score = Math.round(Math.min(1, Math.max(0, sum)) * 100) / 100;
  return { score, label: forceSkip ? "skip" : labelFor(score), reasons, claimant, reportedBy };
}

/**
 * Scores one sentence for check-worthiness and names who made its claim.
 * `context` carries what the sentence alone cannot say: the previous
 * sentence's claimant, the article's names, and whether the line is furniture.
 */
export function scoreSentence(sentence: string, context: ScoreContext = {}): SentenceScore {
  if (context.furniture) {
    return finish([{ code: "furniture", weight: WEIGHTS.furniture, evidence: context.furniture }], null, null, true);
  }

  const quotations = findQuotations(sentence);
  const frame = withoutQuotations(sentence, quotations.spans);
  const quoted = quotations.spans.map((s) => sentence.slice(s.start, s.end).trim());
  const lastQuote = quotations.spans.at(-1);
  const afterQuotes = lastQuote === undefined ? "" : sentence.slice(lastQuote.end + 1);
  const quoteLed =
    /^["“]/u.test(sentence) &&
    ONLY_ATTRIBUTION_AFTER.test(afterQuotes) &&
    // `"…," he said, adding that 40 people died`: more than an attribution follows.
    !/\d|\b(?:adding|noting|saying|that)\b/u.test(afterQuotes);
  const quoteDominant = quotations.share >= QUOTE_DOMINANT_SHARE || quoteLed;
  // A mostly quoted sentence is judged by what is quoted; otherwise by the whole sentence.
  const content = quoteDominant ? quoted.join(" … ") : sentence;

  const attribution = findAttribution(frame, {
    previousClaimant: context.previousClaimant ?? null,
    quoteOnly: quoteDominant,
  });
  const { claimant, reportedBy } = attribution;
  const signals = signalsIn(content);
  const reasons: Reason[] = [];
  const add = (code: ReasonCode, weight: number, evidence: readonly string[]) => {
    if (evidence.length > 0) reasons.push({ code, weight, evidence: list(evidence) });
  };

  if (signals.figures.length > 0) add("statistic", WEIGHTS.figure, [...signals.figures, ...signals.quantities]);
  else add("statistic", WEIGHTS.quantity, signals.quantities);
  add("date", WEIGHTS.date, signals.dates);
  add(
    "quotation",
    WEIGHTS.quotation,
    quoted.map((q) => `“${q.length > 60 ? `${q.slice(0, 59)}…` : q}”`),
  );
  add("attribution", WEIGHTS.attribution, attribution.phrases);

  const names = findNames(content, context.knownNames);
  const sources = [claimant, reportedBy].filter((s): s is string => s !== null && /^\p{Lu}/u.test(s));
  const mentioned = [...new Set([...names.map((n) => n.text), ...(quoteDominant ? [] : sources)])];
  const named = mentioned.filter((n) => !mentioned.some((longer) => longer.length > n.length && longer.includes(n)));
  const specific = names.some((n) => n.specific) || (!quoteDominant && sources.length > 0);
  add("named-entity", specific ? WEIGHTS.specificName : WEIGHTS.name, named);

  add("comparison", WEIGHTS.comparison, signals.comparisons);
  add("causal", WEIGHTS.causal, signals.causes);
  add("role", WEIGHTS.role, signals.roles);

  const noComment = NO_COMMENT.map((p) => p.exec(sentence)?.[0]).filter((m): m is string => m !== undefined);
  add("no-comment", WEIGHTS.noComment, noComment);

  // The writer's own voice: unquoted words of a sentence that attributes nothing.
  if (!quoteDominant && attribution.phrases.length === 0 && claimant === null) {
    const framing = allMatches(frame, FRAMING);
    add("writer-framing", Math.max(WEIGHTS.framingFloor, WEIGHTS.framingEach * framing.length), framing);
    const hedges = allMatches(frame, HEDGING);
    add("hedging", Math.max(WEIGHTS.hedgingFloor, WEIGHTS.hedgingEach * hedges.length), hedges);
  }

  if (quoteDominant) {
    const factual =
      signals.figures.length +
      signals.quantities.length +
      signals.dates.length +
      signals.causes.length +
      signals.comparisons.length;
    const opinion = OPINION_IN_QUOTE.exec(content)?.[0];
    if (opinion) add("opinion-quote", WEIGHTS.opinionQuote, [opinion]);
    else if (factual === 0)
      add("opinion-quote", WEIGHTS.opinionQuote, ["no figure, date, comparison or cause in the quotation"]);
  }

  return finish(reasons, claimant, reportedBy, noComment.length > 0);
}
