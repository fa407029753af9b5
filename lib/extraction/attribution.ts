// Who makes a claim (the claimant) and who passed it on (reported by), read
// from the sentence's own words. DESIGN.md: attribution is not truth, so the
// desk records both and shows the chain.
import { NEWS_OUTLET, TITLE, tidyName } from "./names";
import { NAME_JOINERS, NAME_WORD } from "./words";

export interface Attribution {
  claimant: string | null;
  reportedBy: string | null;
  /** The words that attribute the claim, as written: "told", "according to the Times of Israel". */
  phrases: string[];
}

const NAME = String.raw`${NAME_WORD}(?:\s+(?:(?:${NAME_JOINERS})\s+(?:the\s+)?)?${NAME_WORD}){0,6}`;

// Speech and reporting verbs whose subject is the claimant.
const SPEECH_VERBS =
  "said|says|say|told|tells|claimed|claims|stated|states|announced|announces|confirmed|confirms|denied|denies|noted|notes|added|adds|" +
  "wrote|writes|testified|estimated|estimates|found|finds|showed|shows|reported|reports|accused|accuses|called for|calls for|called|" +
  "calls|criticized|criticised|criticizes|criticises|condemned|condemns|described|describes|insisted|insists|warned|warns|argued|" +
  "argues|explained|explains|asserted|asserts|alleged|alleges|acknowledged|acknowledges|admitted|admits|expressed|expresses|declared|" +
  "declares|urged|urges|predicted|predicts|projected|projects|forecast|forecasts|concluded|concludes|recommended|recommends|defended|" +
  "defends|revealed|reveals|disclosed|discloses|suggested|suggests|believes|believed|maintained|maintains|vowed|vows|pledged|pledges";
const SPEECH_VERB = new RegExp(String.raw`\b(?:${SPEECH_VERBS})\b`, "u");
// ", saying …", ", accusing …": the main clause's subject is the one speaking.
const SPEECH_PARTICIPLE =
  /,\s+(?:saying|noting|adding|claiming|arguing|warning|accusing|describing|referring to|calling|insisting|stating|declaring|urging)\b/u;
const WRITTEN_AS =
  /\b(?:in an? (?:speech|statement|interview|report|post|letter|op-ed|press release|press conference|briefing|study|analysis|paper))\b/u;

const QUOTE_THEN_SPEAKER = new RegExp(
  String.raw`["”],?\s+((?:the\s+)?${NAME}|the\s+[\p{Ll}-]+(?:\s+[\p{Ll}-]+){0,2}|he|she|they)\s+(?:said|says|added|adds|wrote|writes|explained|noted|told|insisted|argued|continued|concluded)\b`,
  "u",
);
const SPEAKER_AFTER_VERB = new RegExp(
  String.raw`(?:["”],?|,)\s+(?:said|says|added|wrote|explained|noted)\s+((?:the\s+)?${NAME})`,
  "u",
);
const ACCORDING_TO = /\baccording to\s+([^,.;:!?"“”()]+)/u;
const REPORTED_BY = new RegExp(
  String.raw`\b(?:as\s+)?(?:first\s+)?reported\s+(?:first\s+)?by\s+((?:the\s+)?${NAME})`,
  "u",
);
const TOLD = new RegExp(String.raw`\btold\s+((?:the\s+)?${NAME})`, "u");
const INTERVIEW_WITH = new RegExp(
  String.raw`\bin an? (?:interview|statement|op-ed|article|podcast) (?:with|to|in|on)\s+((?:the\s+)?${NAME})`,
  "u",
);
const OUTLET_REPORTED = new RegExp(String.raw`\b((?:the\s+)?${NAME})\s+(?:first\s+)?reported\b`, "u");
const FIRST_NAME_IN = new RegExp(NAME, "u");

// Words that may head a claimant that is not a proper name: "the ministry", "researchers".
const AGENT_HEAD =
  /\b(?:ministry|government|administration|officials?|spokes(?:person|man|woman)|company|firm|bank|researchers|scientists|study|report|survey|data|figures|analysis|police|military|army|agency|department|office|committee|council|court|authorities|economists|analysts|experts|authors|team|group|governor|minister|president|embassy|parliament|campaign|union|organisation|organization|watchdog|regulator)$/u;
const PRONOUN = /^(?:he|she|they|He|She|They)$/u;
// Clauses that open a sentence before its subject: "In a speech …, Erdogan told".
const ADVERBIAL_OPENING =
  /^(?:in|on|at|after|before|during|since|while|when|as|although|though|despite|however|meanwhile|moreover|last|earlier|later|yesterday|today|separately|also|still|then|now|for|from|under|with|by|following|in contrast)\b/iu;
const TRAILING_AUXILIARY =
  /\s+(?:has|have|had|also|further|even|previously|repeatedly|later|then|now|again|will|would|did|does|do|is|was|are|were|recently|publicly|once|first|never|not|separately|earlier|still|already|himself|herself|itself|themselves|privately|reportedly)$/iu;

/** "the Times of Israel" → "Times of Israel"; "the ministry" stays as it is. */
function withoutArticle(phrase: string): string {
  return tidyName(phrase.replace(/^[Tt]he\s+(?=\p{Lu})/u, ""));
}

function plausibleClaimant(phrase: string): boolean {
  const words = phrase.split(/\s+/u);
  if (words.length === 0 || words.length > 10) return false;
  if (PRONOUN.test(phrase)) return true;
  if (/^(?:which|who|that|it|this|these|those|we|I|you)$/iu.test(phrase)) return false;
  return /(?:^|\s)\p{Lu}/u.test(phrase.replace(/^(?:The|A|An)\s+/u, "")) || AGENT_HEAD.test(phrase);
}

// "Central bank Gov. Maria Okafor" → "Gov. Maria Okafor": a titled name after plain descriptive words
// (but "Finance Minister Tomas Berg" stays whole, and so does "economists at Northgate Bank").
function titledName(phrase: string): string {
  const words = phrase.split(/\s+/u);
  const at = words.findIndex((w) => TITLE.test(w));
  if (at <= 0) return phrase;
  const before = words.slice(0, at);
  const plain =
    before.some((w) => /^\p{Ll}/u.test(w)) && !before.some((w) => /^(?:of|at|for|from|with|in|by)$/u.test(w));
  return plain ? words.slice(at).join(" ") : phrase;
}

/** The subject of a speech verb, given the words before it: drops openings, appositives and auxiliaries. */
function subjectBefore(before: string): string | null {
  let text = before.trim();
  for (let previous = ""; previous !== text;) {
    previous = text;
    text = text.replace(TRAILING_AUXILIARY, "").trim();
  }
  const parts = text.split(",").map((p) => p.trim());
  let candidate: string | undefined;
  if (text.endsWith(",")) {
    // "Lior Haiat, a spokesperson for the Israeli Foreign Ministry," — the subject comes before its appositives.
    candidate = parts.find((p) => p.length > 0 && !ADVERBIAL_OPENING.test(p));
  } else {
    candidate = parts.at(-1);
  }
  if (candidate === undefined) return null;
  if (/^(?:which|who|that)$/u.test(candidate)) {
    // "… a 2022 analysis by the Global Activity Council, which estimated": the name before the clause.
    const antecedent = parts.at(-2) ?? "";
    const names = [...antecedent.matchAll(new RegExp(NAME, "gu"))].map((m) => m[0]);
    candidate = names.at(-1);
    if (candidate === undefined) return null;
  }
  candidate = candidate.replace(/^(?:and|but|so|yet)\s+/iu, "");
  return plausibleClaimant(candidate) ? titledName(candidate) : null;
}

/** The opening noun phrase of a clause: "President Erdogan has even defended …" → "President Erdogan". */
function openingSubject(clause: string): string | null {
  const match = new RegExp(
    String.raw`^(?:(?:The|the)\s+)?${NAME}(?:\s+(?:administration|government|ministry|officials))?`,
    "u",
  ).exec(clause.trim());
  return match && plausibleClaimant(match[0]) ? match[0] : null;
}

function sourceIn(phrase: string): string | null {
  const trimmed = phrase.trim().split(/\s+/u).slice(0, 10).join(" ");
  if (/^(?:the\s+)?\p{Lu}/u.test(trimmed)) return withoutArticle(FIRST_NAME_IN.exec(trimmed)?.[0] ?? trimmed);
  return plausibleClaimant(trimmed) ? trimmed : null;
}

export interface AttributionContext {
  /** Who made the previous sentence's claim: a pronoun, or a quotation continued from it, points there. */
  previousClaimant: string | null;
  /** The sentence is mostly a quotation. */
  quoteOnly: boolean;
}

/**
 * Finds the claimant and the reported-by source in `frame`: the sentence with
 * its quoted passages blanked out, so that words inside a quotation are not
 * read as attribution.
 */
export function findAttribution(frame: string, context: AttributionContext): Attribution {
  const phrases: string[] = [];
  let reportedBy: string | null = null;
  let claimant: string | null = null;
  let rest = frame;
  const take = (pattern: RegExp): RegExpExecArray | null => {
    const match = pattern.exec(rest);
    if (match) {
      phrases.push(match[0].replace(/^["”,\s]+/u, "").trim());
      rest = rest.slice(0, match.index) + " ".repeat(match[0].length) + rest.slice(match.index + match[0].length);
    }
    return match;
  };

  const reported = take(REPORTED_BY);
  if (reported?.[1]) reportedBy = withoutArticle(reported[1]);

  const quoteSpeaker = take(QUOTE_THEN_SPEAKER) ?? take(SPEAKER_AFTER_VERB);
  if (quoteSpeaker?.[1]) claimant = withoutArticle(quoteSpeaker[1]);

  const toldOutlet = TOLD.exec(rest);
  if (toldOutlet?.[1] && NEWS_OUTLET.test(toldOutlet[1])) reportedBy ??= withoutArticle(toldOutlet[1]);
  const interview = take(INTERVIEW_WITH);
  if (interview?.[1] && NEWS_OUTLET.test(interview[1])) reportedBy ??= withoutArticle(interview[1]);

  const according = take(ACCORDING_TO);
  let accordingSource: string | null = null;
  if (according?.[1]) {
    const source = sourceIn(according[1]);
    if (source && NEWS_OUTLET.test(source) && /^\p{Lu}/u.test(source)) reportedBy ??= source;
    else accordingSource = source;
  }

  const outletReported = OUTLET_REPORTED.exec(rest);
  if (!claimant && outletReported?.[1] && NEWS_OUTLET.test(outletReported[1])) {
    reportedBy ??= withoutArticle(outletReported[1]);
    phrases.push(outletReported[0].trim());
  } else if (!claimant) {
    const verb = SPEECH_VERB.exec(rest);
    if (verb) {
      phrases.push(verb[0]);
      claimant = subjectBefore(rest.slice(0, verb.index));
    } else {
      const participle = SPEECH_PARTICIPLE.exec(rest);
      if (participle) {
        phrases.push(participle[0].replace(/^,\s+/u, ""));
        const clause = rest
          .slice(0, participle.index)
          .split(",")
          .find((p) => p.trim().length > 0 && !ADVERBIAL_OPENING.test(p.trim()));
        claimant = clause === undefined ? null : openingSubject(clause);
      }
    }
  }
  claimant ??= accordingSource;

  const written = WRITTEN_AS.exec(rest);
  if (written) phrases.push(written[0]);

  if (claimant && PRONOUN.test(claimant)) claimant = context.previousClaimant;
  if (!claimant && context.quoteOnly && phrases.length === 0) claimant = context.previousClaimant;
  return { claimant: claimant ? withoutArticle(claimant) : null, reportedBy, phrases };
}
