// Sentence segmentation (issue #6, item 3) for news text. A full stop ends a
// sentence unless it belongs to an abbreviation, an initial or a number; a
// quote that closes after the stop stays with its sentence; every line break
// ends a sentence. Offsets are UTF-16 indices into the original text.
import { analysableRanges, trimmedRange, type TextRange } from "./clean";
import { NAME_WORD, SENTENCE_STARTERS } from "./words";

export interface Sentence extends TextRange {
  text: string;
}

const TERMINATOR = new Set([".", "!", "?", "…"]);
const CLOSER = new Set(['"', "”", "’", "'", ")", "]", "»"]);
const OPENER = /["“‘'([«]/u;

// Always followed by a name: a stop after them never ends a sentence.
const TITLES = new Set(
  "mr mrs ms mx dr prof sen sens rep reps gov govs gen lt col maj capt cmdr adm sgt cpl pvt rev fr hon pres supt det insp atty amb messrs mme mmes".split(
    " ",
  ),
);
// Followed by a number they never end a sentence: "Oct. 7", "No. 5", "p. 12".
const BEFORE_NUMBER = new Set(
  "jan feb mar apr jun jul aug sep sept oct nov dec no nos vol p pp fig art ch sec para".split(" "),
);
// Never end a sentence: what follows them belongs to the same one.
const NEVER_END = new Set("e.g i.e vs v cf viz approx incl esp".split(" "));
// May end a sentence, but usually do not: "Apple Inc. shares", "St. Louis", "the U.S. Senate".
const MAY_END = new Set("inc ltd co corp llc plc bros jr sr st ave blvd rd mt ft dept univ assn est".split(" "));

// "U.S", "D.C", "a.m", "e.g" (the token before its last stop), or a lone initial such as the "F" of "John F. Kennedy".
const INITIALISM = /^(?:\p{L}\.)+\p{L}$|^\p{Lu}$/u;

interface NextWord {
  word: string;
  /** The next sentence would open with a quotation mark or a bracket. */
  opened: boolean;
}

function nextWord(text: string, from: number, end: number): NextWord {
  const rest = text.slice(from, Math.min(end, from + 80));
  const match = /^\s*(["“‘'([«]*)\s*([\p{L}\p{N}][\p{L}\p{N}\p{M}'’-]*)?/u.exec(rest);
  return { word: match?.[2] ?? "", opened: OPENER.test(match?.[1] ?? "") };
}

/** The word a full stop at `stop` is attached to, without leading quotes or brackets: "Oct", "U.S", "e.g". */
function wordBefore(text: string, from: number, stop: number): string {
  let i = stop;
  while (i > from && !/\s/u.test(text.charAt(i - 1))) i--;
  return text.slice(i, stop).replace(/^["“‘'([«]+/u, "");
}

/**
 * Whether the terminator run `text[stop, afterRun)`, followed by closing marks up to
 * `afterClosers` and then white space, ends the sentence that began at `from`.
 */
function endsSentence(
  text: string,
  from: number,
  stop: number,
  afterRun: number,
  afterClosers: number,
  end: number,
): boolean {
  const next = nextWord(text, afterClosers, end);
  if (next.word === "") return true;
  // A sentence does not open in lower case: "the U.S. has", "approx. five", "a cure... but".
  if (/^\p{Ll}/u.test(next.word)) return false;
  if (afterRun - stop > 1 || text.charAt(stop) !== ".") return true;
  if (afterClosers > afterRun) return true;

  const word = wordBefore(text, from, stop);
  const key = word.toLowerCase();
  if (TITLES.has(key) || NEVER_END.has(key)) return false;
  if (/^\p{N}/u.test(next.word) && BEFORE_NUMBER.has(key)) return false;
  // "1. The first point": a list number, not the end of a sentence.
  if (/^\d{1,3}$/.test(word) && text.slice(from, stop).trim() === word) return false;
  if (MAY_END.has(key) || BEFORE_NUMBER.has(key) || INITIALISM.test(word)) {
    return next.opened || SENTENCE_STARTERS.has(next.word);
  }
  return true;
}

function segmentRange(text: string, range: TextRange): Sentence[] {
  const sentences: Sentence[] = [];
  const push = (start: number, end: number) => {
    const span = trimmedRange(text, start, end);
    if (span) sentences.push({ ...span, text: text.slice(span.start, span.end) });
  };
  let from = range.start;
  let i = range.start;
  while (i < range.end) {
    if (!TERMINATOR.has(text.charAt(i))) {
      i++;
      continue;
    }
    let afterRun = i + 1;
    while (afterRun < range.end && TERMINATOR.has(text.charAt(afterRun))) afterRun++;
    let afterClosers = afterRun;
    while (afterClosers < range.end && CLOSER.has(text.charAt(afterClosers))) afterClosers++;
    const atEnd = afterClosers >= range.end;
    // "U.N.,", "3.5", "Al-Monitor.com": no white space after the stop, so no boundary.
    const followedBySpace = atEnd || /\s/u.test(text.charAt(afterClosers));
    if (!atEnd && followedBySpace && endsSentence(text, from, i, afterRun, afterClosers, range.end)) {
      push(from, afterClosers);
      from = afterClosers;
    }
    i = followedBySpace ? afterClosers : afterRun;
  }
  push(from, range.end);
  return mergeAttributionTails(text, sentences);
}

// `"… leave." Smith said.`: an attribution standing alone after a closed quote belongs to the quote.
const SPEECH_VERB =
  "said|says|added|adds|wrote|writes|explained|noted|asked|argued|insisted|continued|concluded|told\\s+[\\p{L}\\s]{1,40}";
const ATTRIBUTION_TAIL = new RegExp(
  String.raw`^(?:(?:(?:[Tt]he\s+)?${NAME_WORD}(?:\s+${NAME_WORD}){0,3}|[Hh]e|[Ss]he|[Tt]hey)\s+(?:${SPEECH_VERB})|(?:[Ss]aid|[Aa]dded|[Ww]rote)\s+${NAME_WORD}(?:\s+${NAME_WORD}){0,3}(?:,[^.!?]{1,80})?)\.$`,
  "u",
);

function mergeAttributionTails(text: string, sentences: Sentence[]): Sentence[] {
  const merged: Sentence[] = [];
  for (const sentence of sentences) {
    const previous = merged.at(-1);
    if (previous && /["”]$/u.test(previous.text) && ATTRIBUTION_TAIL.test(sentence.text)) {
      merged[merged.length - 1] = {
        start: previous.start,
        end: sentence.end,
        text: text.slice(previous.start, sentence.end),
      };
    } else {
      merged.push(sentence);
    }
  }
  return merged;
}

/**
 * The sentences of `text`, in order, trimmed, with UTF-16 offsets into `text`.
 * Only `ranges` are read: by default the lines that are not page furniture.
 */
export function segmentSentences(text: string, ranges: readonly TextRange[] = analysableRanges(text)): Sentence[] {
  return ranges.flatMap((range) => segmentRange(text, range));
}
