// Check-worthiness (issue #11). A sentence's score is the shipped model's
// probability that a fact-checker would check it (model.ts); its reasons are
// the groups of inputs that pushed that score most, in a fact-checker's words,
// each with the words of the sentence behind it.
import { sentenceFeatures, type FeatureOrigin, type Token } from "./features";
import { probability } from "./fit";
import { shippedModel, type LoadedModel } from "./model";
import { ruleSignals, type RuleCode, type RuleContext, type RuleSignal } from "./rules";

/**
 * Every reason a suggestion can carry. Codes are stored with each suggestion,
 * so a code once shipped stays in this list (old suggestions keep theirs).
 */
export const REASON_CODES = [
  "statistic",
  "date",
  "quotation",
  "attribution",
  "named-entity",
  "comparison",
  "figure-comparison",
  "causal",
  "policy-effect",
  "role",
  "writer-framing",
  "hedging",
  "no-comment",
  "opinion-quote",
  "opinion",
  "question",
  "address",
  "promise",
  "future",
  "speaker-aside",
  "length",
  "factual-wording",
  "talk-wording",
  "furniture",
] as const;

export type ReasonCode = (typeof REASON_CODES)[number];

/** What each reason means, in the words the review screen shows. */
export const REASON_LABELS: Readonly<Record<ReasonCode, string>> = {
  statistic: "a figure or a count",
  date: "a date",
  quotation: "a quotation",
  attribution: "a claim attributed to a source (said, told, according to)",
  "named-entity": "a named person or organisation",
  comparison: "a comparison, a change or a superlative",
  "figure-comparison": "a number compared with a past or another figure",
  causal: "a claim of cause and effect",
  "policy-effect": "a statement about a policy's effect",
  role: "an official position, role or affiliation",
  "writer-framing": "opinion or framing by the writer",
  hedging: "hedging (may, might, could)",
  "no-comment": "a no-comment notice",
  "opinion-quote": "a quotation with nothing checkable in it",
  opinion: "a belief or an opinion (I think, we believe)",
  question: "a question",
  address: "a form of address or thanks",
  promise: "a promise or plan of the speaker's own",
  future: "a plan, a schedule or a prediction",
  "speaker-aside": "the speaker talking about the talk (let me say)",
  length: "the sentence's length",
  "factual-wording": "wording typical of factual claims",
  "talk-wording": "wording typical of opinion, rhetoric or small talk",
  furniture: "page furniture",
};

export interface Reason {
  code: ReasonCode;
  /** How far this reason moved the score, in log-odds; negative for the signals against checking. */
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

export type ScoreContext = RuleContext;

/** The reason each rule signal is told as. */
const RULE_REASON: Readonly<Record<RuleCode, ReasonCode>> = {
  statistic: "statistic",
  quantity: "statistic",
  date: "date",
  quotation: "quotation",
  "quote-dominant": "quotation",
  attribution: "attribution",
  claimant: "attribution",
  "reported-by": "attribution",
  "named-entity": "named-entity",
  "specific-name": "named-entity",
  comparison: "comparison",
  "figure-comparison": "figure-comparison",
  causal: "causal",
  "policy-effect": "policy-effect",
  role: "role",
  "writer-framing": "writer-framing",
  hedging: "hedging",
  "opinion-quote": "opinion-quote",
  opinion: "opinion",
  question: "question",
  address: "address",
  promise: "promise",
  future: "future",
  "speaker-aside": "speaker-aside",
  short: "length",
  long: "length",
};

// A word found in a signal's evidence is told as that signal, the most telling signal first;
// the words of a whole quotation are too broad to claim the words in them.
const WORD_OWNERS: readonly RuleCode[] = [
  "policy-effect",
  "figure-comparison",
  "statistic",
  "quantity",
  "comparison",
  "causal",
  "date",
  "address",
  "speaker-aside",
  "promise",
  "opinion",
  "question",
  "future",
  "attribution",
  "role",
  "writer-framing",
  "hedging",
  "named-entity",
];

/** Reasons that move the score by less than this are left out. */
const MINOR = 0.05;
const MAX_REASONS = 6;

const wordsOf = (text: string) => new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);

/** Each token's rule signal, if the token is among that signal's words. */
function tokenOwners(
  sentence: string,
  tokens: readonly Token[],
  signals: readonly RuleSignal[],
): (RuleSignal | null)[] {
  const owners = WORD_OWNERS.flatMap((rule) => signals.filter((s) => s.rule === rule)).map((signal) => ({
    signal,
    words: wordsOf(signal.evidence),
  }));
  return tokens.map((token) => {
    // "11,000" is one token but two words of the evidence.
    const parts = [...wordsOf(sentence.slice(token.start, token.end))];
    if (parts.length === 0) return null;
    return owners.find((o) => parts.every((part) => o.words.has(part)))?.signal ?? null;
  });
}

interface Group {
  weight: number;
  evidence: string[];
  words: Map<string, number>;
}

/** The model's reasons for a score: its inputs' pushes summed by reason, strongest in the label's direction first. */
function explain(
  sentence: string,
  tokens: readonly Token[],
  origins: readonly FeatureOrigin[],
  pushes: readonly number[],
  signals: readonly RuleSignal[],
  upward: boolean,
  wordCentre: number,
): Reason[] {
  // Against the average sentence's words, spread evenly: a word's push is what it adds beyond the usual.
  const tokenPush = new Array<number>(tokens.length).fill(tokens.length > 0 ? -wordCentre / tokens.length : 0);
  const groups = new Map<ReasonCode, Group>();
  const group = (code: ReasonCode) => {
    let found = groups.get(code);
    if (!found) {
      found = { weight: 0, evidence: [], words: new Map() };
      groups.set(code, found);
    }
    return found;
  };
  origins.forEach((origin, i) => {
    const push = pushes[i] ?? 0;
    if (origin.kind === "rule") {
      const g = group(RULE_REASON[origin.rule]);
      g.weight += push;
      if (!g.evidence.includes(origin.evidence)) g.evidence.push(origin.evidence);
      return;
    }
    for (const t of origin.tokens) tokenPush[t] = (tokenPush[t] ?? 0) + push / origin.tokens.length;
  });
  const owners = tokenOwners(sentence, tokens, signals);
  tokens.forEach((token, t) => {
    const push = tokenPush[t] ?? 0;
    if (push === 0) return;
    const owner = owners[t];
    const g = group(owner ? RULE_REASON[owner.rule] : push > 0 ? "factual-wording" : "talk-wording");
    g.weight += push;
    if (owner && !g.evidence.includes(owner.evidence)) g.evidence.push(owner.evidence);
    const surface = sentence.slice(token.start, token.end);
    g.words.set(surface, (g.words.get(surface) ?? 0) + push);
  });

  const reasons: Reason[] = [];
  for (const [code, g] of groups) {
    if (Math.abs(g.weight) < MINOR) continue;
    const words = [...g.words].sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]));
    const evidence =
      g.evidence.length > 0
        ? g.evidence.join("; ")
        : words
            .filter(([, push]) => Math.sign(push) === Math.sign(g.weight))
            .slice(0, 5)
            .map(([word]) => word)
            .join(", ");
    reasons.push({ code, weight: Math.round(g.weight * 100) / 100, evidence });
  }
  return reasons.sort((a, b) => (upward ? b.weight - a.weight : a.weight - b.weight)).slice(0, MAX_REASONS);
}

/** The model's log-odds for a sentence, without reasons: what training and evaluation need. */
export function sentenceLogit(sentence: string, signals: readonly RuleSignal[], model: LoadedModel): number {
  const { indices, values } = sentenceFeatures(sentence, signals, model.features);
  let z = model.bias;
  for (let k = 0; k < indices.length; k += 1) z += (model.weights[indices[k] ?? 0] ?? 0) * (values[k] ?? 0);
  return z;
}

/**
 * Scores one sentence for check-worthiness and names who made its claim.
 * `context` carries what the sentence alone cannot say: the previous
 * sentence's claimant, the article's names, and whether the line is furniture.
 * `model` is the shipped one unless another is given (training measures its candidates so).
 */
export function scoreSentence(sentence: string, context: ScoreContext = {}, model?: LoadedModel): SentenceScore {
  if (context.furniture) {
    return {
      score: 0,
      label: "skip",
      reasons: [{ code: "furniture", weight: -1, evidence: context.furniture }],
      claimant: null,
      reportedBy: null,
    };
  }
  const use = model ?? shippedModel();
  const rules = ruleSignals(sentence, context);
  const { indices, values, origins = [], tokens } = sentenceFeatures(sentence, rules.signals, use.features, true);
  let z = use.bias;
  const pushes = indices.map((index, k) => {
    const push = (use.weights[index] ?? 0) * (values[k] ?? 0);
    z += push;
    return push;
  });
  const score = Math.round(probability(z) * 1000) / 1000;
  const label: CheckLabel =
    rules.noComment !== null
      ? "skip"
      : score >= use.thresholds.check
        ? "check"
        : score >= use.thresholds.maybe
          ? "maybe"
          : "skip";
  const reasons = explain(sentence, tokens, origins, pushes, rules.signals, label !== "skip", use.wordCentre);
  // A no-comment notice is never a claim, whatever else it carries: the rule says so first.
  if (rules.noComment !== null) reasons.unshift({ code: "no-comment", weight: -1, evidence: rules.noComment });
  return { score, label, reasons, claimant: rules.claimant, reportedBy: rules.reportedBy };
}
