// The check-worthiness model's inputs (issue #11): a sentence's words and
// word pairs, the letter sequences inside its words, and the rule signals of
// rules.ts. Words are hashed into a fixed number of slots so the model needs
// no vocabulary; each input keeps the words it came from, so a reason can
// quote them. Training and the app call the same code: what the model learnt
// from is exactly what it reads.
import { RULE_CODES, type RuleCode, type RuleSignal } from "./rules";

export interface FeatureConfig {
  /** The hashed inputs take 2^hashBits slots. */
  hashBits: number;
  /** 1: single words; 2: single words and pairs. */
  wordNgrams: 1 | 2;
  /** Letter sequences of these lengths inside each word, or null for none. */
  charNgrams: readonly [number, number] | null;
  /** Whether the rule signals are inputs. */
  rules: boolean;
}

export interface Token {
  /** Lower case; numbers become "<num>" and years "<year>". */
  norm: string;
  start: number;
  end: number;
}

/** One sentence's inputs: slot indices with their values, and which tokens each came from. */
export interface SentenceFeatures {
  indices: number[];
  values: number[];
  /** Per entry: the token indices it came from (hashed inputs) or the rule it stands for. */
  origins?: FeatureOrigin[];
  tokens: Token[];
}

export type FeatureOrigin = { kind: "words"; tokens: number[] } | { kind: "rule"; rule: RuleCode; evidence: string };

const TOKEN = /[\p{L}]+(?:['’][\p{L}]+)*|\p{N}+(?:[.,]\p{N}+)*|[$€£%?!]/gu;
const YEAR = /^(?:1[89]|20)\d{2}$/u;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(TOKEN)) {
    const word = match[0];
    let norm = word.toLowerCase().replace(/’/gu, "'");
    if (/^\p{N}/u.test(word)) norm = YEAR.test(word) ? "<year>" : "<num>";
    tokens.push({ norm, start: match.index, end: match.index + word.length });
  }
  return tokens;
}

/** FNV-1a: a fast, stable string hash, the same in training and in the app. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function fillBlock(values: number[], count: number) {
  const value = count > 0 ? 1 / Math.sqrt(count) : 0;
  for (let i = 0; i < count; i += 1) values.push(value);
}

/** FNV-1a state after "c ", where every letter sequence's hash starts. */
function prefixHash(prefix: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < prefix.length; i += 1) hash = Math.imul(hash ^ prefix.charCodeAt(i), 0x01000193);
  return hash;
}
const CHAR_PREFIX_HASH = prefixHash("c ");

/** The slot of each rule signal: after the hashed slots, in RULE_CODES order. */
export function ruleSlot(config: FeatureConfig, rule: RuleCode): number {
  return 2 ** config.hashBits + RULE_CODES.indexOf(rule);
}

/** How many slots the model has: hashed, then one per rule. */
export function slotCount(config: FeatureConfig): number {
  return 2 ** config.hashBits + RULE_CODES.length;
}

/**
 * The inputs of one sentence. With `explain`, each entry also says where it
 * came from (slower; the app asks for it, training does not).
 */
export function sentenceFeatures(
  text: string,
  signals: readonly RuleSignal[],
  config: FeatureConfig,
  explain = false,
): SentenceFeatures {
  const tokens = tokenize(text);
  const mask = 2 ** config.hashBits - 1;
  const indices: number[] = [];
  const values: number[] = [];
  const origins: FeatureOrigin[] = [];
  const norms = tokens.map((t) => t.norm);

  // Words and word pairs, then letter sequences; each block weighs the same whatever the sentence's length.
  const wordStart = indices.length;
  for (let i = 0; i < norms.length; i += 1) {
    indices.push(hashString(`w ${norms[i]}`) & mask);
    if (explain) origins.push({ kind: "words", tokens: [i] });
  }
  if (config.wordNgrams === 2) {
    // The sentence's first and last words are inputs of their own: "thank you" opens, "?" closes.
    for (let i = -1; i < norms.length; i += 1) {
      const left = i < 0 ? "<s>" : norms[i];
      const right = i + 1 < norms.length ? norms[i + 1] : "</s>";
      indices.push(hashString(`b ${left} ${right}`) & mask);
      if (explain) origins.push({ kind: "words", tokens: i < 0 ? [0] : i + 1 < norms.length ? [i, i + 1] : [i] });
    }
  }
  fillBlock(values, indices.length - wordStart);
  if (config.charNgrams) {
    const [min, max] = config.charNgrams;
    const charStart = indices.length;
    for (let t = 0; t < norms.length; t += 1) {
      const norm = norms[t] ?? "";
      if (norm.startsWith("<")) continue;
      const word = `<${norm}>`;
      const origin: FeatureOrigin = { kind: "words", tokens: [t] };
      for (let i = 0; i + min <= word.length; i += 1) {
        // FNV-1a of "c " + the letters, extended one letter at a time: every length from one start.
        let hash = CHAR_PREFIX_HASH;
        for (let n = 1; n <= max && i + n <= word.length; n += 1) {
          hash = Math.imul(hash ^ word.charCodeAt(i + n - 1), 0x01000193);
          if (n >= min) {
            indices.push((hash >>> 0) & mask);
            if (explain) origins.push(origin);
          }
        }
      }
    }
    fillBlock(values, indices.length - charStart);
  }
  if (config.rules) {
    for (const signal of signals) {
      indices.push(ruleSlot(config, signal.rule));
      values.push(1);
      if (explain) origins.push({ kind: "rule", rule: signal.rule, evidence: signal.evidence });
    }
  }
  return explain ? { indices, values, origins, tokens } : { indices, values, tokens };
}

/** Sparse inputs with repeated slots summed, sorted by slot: what the fitting code works on. */
export interface SparseVector {
  indices: Int32Array;
  values: Float32Array;
}

export function toSparse(features: Pick<SentenceFeatures, "indices" | "values">): SparseVector {
  const summed = new Map<number, number>();
  features.indices.forEach((index, i) => summed.set(index, (summed.get(index) ?? 0) + (features.values[i] ?? 0)));
  const sorted = [...summed.keys()].sort((a, b) => a - b);
  return {
    indices: Int32Array.from(sorted),
    values: Float32Array.from(sorted.map((index) => summed.get(index) ?? 0)),
  };
}
