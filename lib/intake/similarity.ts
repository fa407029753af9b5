// How close two claims are (issue #6, item 7): the same statement retold in
// another article, not merely the same topic. Pure functions, no database.

// Words that say nothing about which claim it is: grammar, and the verbs of
// attribution every news claim carries ("said", "according to").
const STOPWORDS = new Set(
  (
    "a an the and or but nor so yet of in on at to for from by with without about as into onto over under " +
    "than then that this these those there here it its it's is are was were be been being am do does did done " +
    "has have had having will would shall should can could may might must not no yes also just only very more most " +
    "he she they we you i him her them us me his hers their theirs our ours your yours who whom whose which what " +
    "when where why how all any both each few other some such own same too up down out off again further once " +
    "said says say saying told tells tell according reported reports report claimed claims claim stated states " +
    "added adds noted notes explained mr mrs ms dr"
  ).split(" "),
);

// A number as written in news text: 7, 11,000, 1.5, 2023. Thousands
// separators are commas; a decimal point is a full stop.
const NUMBER = /\d+(?:[.,]\d+)*/g;
const WORD = /[\p{L}\p{N}]+/gu;

/** The numbers a claim states, each in one canonical form ("11,000" and "11000" are the same). */
export function claimNumbers(text: string): string[] {
  const found = new Set<string>();
  for (const raw of text.normalize("NFKC").match(NUMBER) ?? []) {
    const plain = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(raw) ? raw.replaceAll(",", "") : raw;
    const value = Number(plain);
    found.add(Number.isFinite(value) ? String(value) : plain);
  }
  return [...found].sort();
}

/** A word with a plural "s" taken off, so "deaths" meets "death"; short words and "-ss"/"-us"/"-is" keep theirs. */
function stem(word: string): string {
  return word.length > 4 && word.endsWith("s") && !/(?:ss|us|is)$/.test(word) ? word.slice(0, -1) : word;
}

/** The content words of a claim: lower-cased, punctuation and numbers stripped, stopwords dropped. */
export function claimWords(text: string): string[] {
  const withoutNumbers = text.normalize("NFKC").toLowerCase().replace(NUMBER, " ");
  const words = new Set<string>();
  for (const word of withoutNumbers.match(WORD) ?? []) {
    if (word.length < 2 || STOPWORDS.has(word)) continue;
    words.add(stem(word));
  }
  return [...words];
}

export interface ClaimComparison {
  /** Dice coefficient over the two claims' content words and numbers, in [0, 1]. */
  similarity: number;
  /** True when both state exactly the same numbers (or neither states any). */
  numbersAgree: boolean;
}

/** At or above this similarity, with every number agreeing, two claims are shown as a likely duplicate. */
export const DUPLICATE_THRESHOLD = 0.7;

export function compareClaims(a: string, b: string): ClaimComparison {
  const numbersA = claimNumbers(a);
  const numbersB = claimNumbers(b);
  const numbersAgree = numbersA.length === numbersB.length && numbersA.every((n, i) => n === numbersB[i]);
  const setA = new Set([...claimWords(a), ...numbersA.map((n) => `#${n}`)]);
  const setB = new Set([...claimWords(b), ...numbersB.map((n) => `#${n}`)]);
  if (setA.size === 0 || setB.size === 0) return { similarity: 0, numbersAgree };
  let shared = 0;
  for (const token of setA) if (setB.has(token)) shared += 1;
  return { similarity: (2 * shared) / (setA.size + setB.size), numbersAgree };
}

export function isLikelyDuplicate(a: string, b: string): boolean {
  const { similarity, numbersAgree } = compareClaims(a, b);
  return numbersAgree && similarity >= DUPLICATE_THRESHOLD;
}

export interface ShortlistTerms {
  /** The claim's numbers as written (up to three, longest first): every match must state them all. */
  numbers: string[];
  /** Its most distinctive-looking words (longest first, up to four), as written in lower case. */
  words: string[];
}

/**
 * What to look a claim's possible duplicates up by. Numbers are the sharpest
 * key: a duplicate must state the same ones. Without numbers, long words are
 * the rarest a claim is likely to have.
 */
export function shortlistTerms(text: string): ShortlistTerms {
  const normalised = text.normalize("NFKC");
  const numbers = [...new Set(normalised.match(NUMBER) ?? [])].sort((a, b) => b.length - a.length).slice(0, 3);
  const words = [
    ...new Set(
      (normalised.toLowerCase().replace(NUMBER, " ").match(WORD) ?? []).filter(
        (w) => w.length >= 4 && !STOPWORDS.has(w),
      ),
    ),
  ]
    .sort((a, b) => b.length - a.length || a.localeCompare(b))
    .slice(0, 4);
  return { numbers, words };
}
