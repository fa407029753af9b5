// Rule signals (issue #6, kept for issue #11): the kinds of words a
// fact-checker looks for, each found with the words that triggered it. They
// are no longer summed by hand: the check-worthiness model (model.ts) takes
// them as inputs beside the sentence's words, and names them in its reasons.
import { findAttribution } from "./attribution";
import type { FurnitureKind } from "./clean";
import { findNames } from "./names";
import { findQuotations, withoutQuotations } from "./quotes";
import { MONTH_ABBREVIATIONS, MONTHS, WEEKDAYS } from "./words";

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

// --- signals of talk rather than claims (debate speech, interviews) ---------

// "Senator Cruz, thank you.", "Thank you, Mr. President.", "Good evening."
const ADDRESS = [
  /^(?:thank you|thanks|good (?:evening|morning|afternoon|night)|welcome|hello|ladies and gentlemen|my fellow)\b/iu,
  /\b(?:thank you|thanks)(?:\s+(?:very|so) much)?(?:,\s*[\p{L}.\s]{1,40})?[.!]?$/iu,
  /^(?:Senator|Governor|Gov\.|President|Congressman|Congresswoman|Secretary|Mr\.|Mrs\.|Ms\.|Dr\.|Madam|Vice President)\s+[\p{Lu}][\p{L}'-]+\s*,/u,
  /,\s*(?:Senator|Governor|Mr\.|Mrs\.|Ms\.|Madam)\s+[\p{Lu}][\p{L}'-]+[.?!]?$/u,
  /\b(?:Mr\.|Madam)\s+(?:President|Speaker|Chairman|Vice President|Moderator)\b/u,
];

// The speaker talking about the talk: "let me say", "I want to make a point".
const SPEAKER_ASIDE = [
  /\blet me (?:say|tell|just|be|talk|respond|answer|finish|mention|point|make|get|go|ask|add|start|put)\b/giu,
  /\bI(?:'d| would)? (?:want|like) to (?:say|talk|make|point|thank|respond|ask|add|mention|go|get|answer|tell)\b/giu,
  /\b(?:I have to say|as I said|as I say|I said before|that's (?:a|an) (?:good|great|fair|important) question|the question is|you know|I mean)\b/giu,
  /^(?:look|well|now|listen|so),/giu,
];

// A promise or plan of the speaker's own: a claim about the future is not checkable yet.
const PROMISE =
  /\b(?:I|[Ww]e)(?:'ll|'m going to|'re going to| (?:will|shall|am going to|are going to|intend to|plan to|promise|pledge|want to|would like to))\b|\b[Mm]y (?:plan|administration will|pledge)\b/gu;

// Plans, schedules and predictions: "will", "is scheduled to", "next week".
const FUTURE =
  /\b(?:will|won't|shall|(?:is|are|was|were) (?:scheduled|expected|due|set|going|planning) to|plans? to|intends? to|next (?:week|month|year|spring|summer|autumn|fall|winter|quarter|session)|tomorrow|upcoming|later this (?:week|month|year)|in the coming (?:days|weeks|months|years))\b/giu;

const OPINION =
  /\b(?:I|[Ww]e) (?:(?:really|strongly|firmly|do|don't|do not) )?(?:think|believe|feel|hope|fear|guess|suppose|doubt|wish|trust)\b|\b[Ii]n (?:my|our) (?:view|opinion|judgment)\b|\bI(?:'m| am) (?:sure|convinced|confident|afraid)\b/gu;

const QUESTION_OPENING =
  /^(?:why|what|how|who|whom|which|where|when|is|are|was|were|do|does|did|can|could|would|will|should|have|has)\b[^.!]*\?/iu;

// A policy and what it did: "the tax cut created 2 million jobs", "the law led to higher premiums".
const POLICY =
  /\b(?:law|laws|act|bill|bills|policy|policies|plan|program|programs|programme|programmes|tax(?:es)?|tariffs?|tax cuts?|reform|regulations?|ban|subsid(?:y|ies)|sanctions|budget|spending|stimulus|legislation|deal|agreement|treaty|mandate|scheme|initiative|Obamacare|NAFTA|Medicare|Medicaid)\b/giu;
const EFFECT =
  /\b(?:created|creates|create|cost|costs|saved|saves|added|cut|cuts|reduced|reduces|raised|raises|lowered|lowers|lost|killed|destroyed|increased|increases|decreased|decreases|doubled|tripled|ended|ends|produced|brought|gave|give|gives|helped|hurt|hurts|paid for|pays for|balanced|expanded|covered|covers|insured)\b/giu;

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

/** What the rules look for in a sentence; the model's inputs beside its words. */
export const RULE_CODES = [
  "statistic",
  "quantity",
  "date",
  "quotation",
  "quote-dominant",
  "attribution",
  "claimant",
  "reported-by",
  "named-entity",
  "specific-name",
  "comparison",
  "figure-comparison",
  "causal",
  "policy-effect",
  "role",
  "writer-framing",
  "hedging",
  "opinion-quote",
  "opinion",
  "question",
  "address",
  "promise",
  "future",
  "speaker-aside",
  "short",
  "long",
] as const;

export type RuleCode = (typeof RULE_CODES)[number];

export interface RuleSignal {
  rule: RuleCode;
  /** The words in the sentence that triggered it. */
  evidence: string;
}

export interface RuleSignals {
  signals: RuleSignal[];
  claimant: string | null;
  reportedBy: string | null;
  /** The words of a no-comment notice: such a sentence is never suggested. */
  noComment: string | null;
}

export interface RuleContext {
  /** The claimant of the sentence before: a continued quotation or a "he said" points back to it. */
  previousClaimant?: string | null;
  /** Capitalised words the article uses in mid-sentence (names.ts knownNames). */
  knownNames?: ReadonlySet<string>;
  /** Set when cleaning found the sentence's line to be page furniture. */
  furniture?: FurnitureKind | null;
}

/** The number of words of a sentence, as the rules count them. */
export function wordCount(text: string): number {
  return text.match(WORD)?.length ?? 0;
}

/**
 * The rule signals of one sentence with the words behind each, and who made
 * its claim. `context` carries what the sentence alone cannot say.
 */
export function ruleSignals(sentence: string, context: RuleContext = {}): RuleSignals {
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
  const found = signalsIn(content);
  const signals: RuleSignal[] = [];
  const add = (rule: RuleCode, evidence: readonly string[]) => {
    if (evidence.length > 0) signals.push({ rule, evidence: list(evidence) });
  };

  add("statistic", found.figures);
  add("quantity", found.quantities);
  add("date", found.dates);
  add(
    "quotation",
    quoted.map((q) => `“${q.length > 60 ? `${q.slice(0, 59)}…` : q}”`),
  );
  if (quoteDominant) add("quote-dominant", ["mostly quoted"]);
  add("attribution", attribution.phrases);
  if (claimant !== null) add("claimant", [claimant]);
  if (reportedBy !== null) add("reported-by", [reportedBy]);

  const names = findNames(content, context.knownNames);
  const sources = [claimant, reportedBy].filter((s): s is string => s !== null && /^\p{Lu}/u.test(s));
  const mentioned = [...new Set([...names.map((n) => n.text), ...(quoteDominant ? [] : sources)])];
  const named = mentioned.filter((n) => !mentioned.some((longer) => longer.length > n.length && longer.includes(n)));
  add("named-entity", named);
  if (names.some((n) => n.specific) || (!quoteDominant && sources.length > 0)) {
    add("specific-name", named.length > 0 ? named : sources);
  }

  add("comparison", found.comparisons);
  if (found.figures.length > 0 && found.comparisons.length > 0) {
    add("figure-comparison", [...found.figures.slice(0, 2), ...found.comparisons.slice(0, 2)]);
  }
  add("causal", found.causes);
  const policies = allMatches(content, POLICY);
  const effects = allMatches(content, EFFECT);
  if (policies.length > 0 && (effects.length > 0 || found.causes.length > 0)) {
    add("policy-effect", [...policies.slice(0, 2), ...effects.slice(0, 2), ...found.causes.slice(0, 1)]);
  }
  add("role", found.roles);

  // The writer's own voice: unquoted words of a sentence that attributes nothing.
  if (!quoteDominant && attribution.phrases.length === 0 && claimant === null) {
    add("writer-framing", allMatches(frame, FRAMING));
    add("hedging", allMatches(frame, HEDGING));
  }

  if (quoteDominant) {
    const factual =
      found.figures.length +
      found.quantities.length +
      found.dates.length +
      found.causes.length +
      found.comparisons.length;
    const opinion = OPINION_IN_QUOTE.exec(content)?.[0];
    if (opinion) add("opinion-quote", [opinion]);
    else if (factual === 0) add("opinion-quote", ["no figure, date, comparison or cause in the quotation"]);
  }

  add("opinion", allMatches(sentence, OPINION));
  const trimmed = sentence.trim();
  const question = /\?["”’')\]]*$/u.test(trimmed) ? ["?"] : [];
  const opening = QUESTION_OPENING.exec(trimmed)?.[0];
  add("question", opening ? [opening.split(/\s+/u).slice(0, 3).join(" ")] : question);
  add(
    "address",
    ADDRESS.map((p) => p.exec(trimmed)?.[0]?.trim()).filter((m): m is string => m !== undefined && m !== ""),
  );
  add("promise", allMatches(sentence, PROMISE));
  add("future", allMatches(sentence, FUTURE));
  add("speaker-aside", allMatches(sentence, SPEAKER_ASIDE));
  const words = wordCount(sentence);
  if (words < 6) add("short", [`${words} word${words === 1 ? "" : "s"}`]);
  if (words > 35) add("long", [`${words} words`]);

  const noComment = NO_COMMENT.map((p) => p.exec(sentence)?.[0]).find((m): m is string => m !== undefined) ?? null;
  return { signals, claimant, reportedBy, noComment };
}
