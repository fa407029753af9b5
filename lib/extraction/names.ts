// Named people and organisations, found without a model: runs of capitalised
// words ("Lior Haiat", "Foundation for Defense of Democracies"), less the
// ordinary words that are capitalised only because they open a sentence.
import { MONTH_ABBREVIATIONS, MONTHS, NAME_JOINERS, SENTENCE_STARTERS, WEEKDAYS } from "./words";

export interface NameMention {
  text: string;
  /** Offsets into the sentence. */
  start: number;
  end: number;
  /** Several words, a titled person or an institution: more than a lone capitalised word such as "Turkey". */
  specific: boolean;
}

interface Token {
  text: string;
  start: number;
  end: number;
  /** Opens the sentence, a quotation or a clause after a colon: capitalised whatever it is. */
  initial: boolean;
  possessive: boolean;
}

const TOKEN = /[\p{L}\p{N}][\p{L}\p{M}\p{N}'’&.-]*/gu;
// Abbreviations whose stop is part of the word: "Dr.", "Ltd.", "U.N.".
const KEEPS_STOP =
  /^(?:(?:\p{L}\.)+|(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Lt|Col|Capt|Sgt|Rev|St|Jr|Sr|Inc|Ltd|Co|Corp|Bros)\.)$/u;
const DATE_WORD = new RegExp(`^(?:${MONTHS}|${MONTH_ABBREVIATIONS}|${WEEKDAYS})$`, "u");
const JOINER = new RegExp(`^(?:${NAME_JOINERS}|and)$`, "u");

/** Words that make a name an institution: "Gaza Health Ministry", "Northgate Bank Inc.". */
export const ORGANISATION_HEAD =
  /^(?:Ministry|Department|Office|Agency|Bureau|Party|Foundation|Institute|University|College|School|Hospital|Clinic|Council|Committee|Commission|Organization|Organisation|Association|Union|Bank|Fund|Court|Parliament|Congress|Senate|Assembly|Administration|Government|Embassy|Army|Police|Service|Authority|Board|Group|Company|Corporation|Inc\.|Ltd\.|Co\.|Corp\.|LLC|PLC|Brothers|Journal|Times|News|Post|Digital|Monitor|Center|Centre|Centers|Centres|Survey|Network|Forces|Coalition|Alliance|Federation|Society|Trust|Reserve|Treasury|Exchange|Press|Herald|Courier|Tribune|Gazette|Republic|Kingdom|Nations|Secretariat|Cabinet)$/u;

/** Capitalised titles that make the following name a person: "President Erdogan", "Dr. Amara Lindqvist". */
export const TITLE =
  /^(?:President|Vice|Prime|Minister|Secretary|Secretary-General|Senator|Sen\.|Representative|Rep\.|Governor|Gov\.|Mayor|Ambassador|Chancellor|King|Queen|Prince|Princess|Pope|Judge|Justice|General|Gen\.|Colonel|Col\.|Chairman|Chairwoman|Chair|Director|Commissioner|Dr\.|Mr\.|Mrs\.|Ms\.|Prof\.|Professor|Rev\.|Sheikh|Ayatollah)$/u;

// "the Biden administration", "the Turkish embassy", "the Senate finance committee".
const LOWERCASE_HEAD =
  /^\s+(?:[a-z-]+\s+)?(administration|government|embassy|parliament|ministry|army|military|police|council|committee|court|party|cabinet|regime|authorities|officials|forces|navy)\b/u;

function tokenize(sentence: string): Token[] {
  const tokens: Token[] = [];
  let previousEnd = 0;
  for (const match of sentence.matchAll(TOKEN)) {
    let text = match[0];
    if (!KEEPS_STOP.test(text)) text = text.replace(/[.'’&-]+$/u, "");
    const possessive = /['’]s$/u.test(text);
    if (possessive) text = text.slice(0, -2);
    const start = match.index;
    const gap = sentence.slice(previousEnd, start);
    // After an opening quote, a colon or a sentence's end; not after a closing quote: `," Taleblu said`.
    const initial = tokens.length === 0 || /(?:^|\s)"\s*$|[“:]\s*$|[.!?]\s*["”]?\s*$/u.test(gap);
    tokens.push({ text, start, end: start + text.length, initial, possessive });
    previousEnd = start + match[0].length;
  }
  return tokens;
}

const isCapitalised = (token: Token) =>
  /^\p{Lu}/u.test(token.text) && !DATE_WORD.test(token.text) && token.text !== "I";
const isAcronym = (text: string) => /^(?:\p{Lu}{2,}|(?:\p{Lu}\.){2,})$/u.test(text);

/**
 * The names in `sentence`, in order. `known` holds words the rest of the
 * article writes capitalised in mid-sentence: a sentence's first word is a
 * name only if it is one of them ("Ankara asked …") or is followed by more of
 * the name ("Harcourt Brothers Ltd. said …").
 */
export function findNames(sentence: string, known: ReadonlySet<string> = new Set()): NameMention[] {
  const tokens = tokenize(sentence);
  const runs: Token[][] = [];
  let run: Token[] = [];
  let pending: Token[] = [];
  const close = () => {
    if (run.length > 0) runs.push(run);
    run = [];
    pending = [];
  };
  for (const [i, token] of tokens.entries()) {
    const previous = tokens[i - 1];
    const adjacent =
      previous !== undefined &&
      /^\s+$/u.test(sentence.slice(previous.end + (previous.possessive ? 2 : 0), token.start));
    const last = run.at(-1);
    // "St. Bride's Hospital": a possessive ends a name unless an institution's name goes on.
    const afterPossessive = last?.possessive === true && !ORGANISATION_HEAD.test(token.text);
    const continues = run.length > 0 && adjacent && last !== undefined && !afterPossessive && !token.initial;
    if (isCapitalised(token)) {
      if (continues) {
        run.push(...pending, token);
        pending = [];
      } else {
        close();
        run = [token];
      }
    } else if (continues && (JOINER.test(token.text) || (token.text === "the" && pending.length === 1))) {
      pending.push(token);
    } else {
      close();
    }
  }
  close();

  const names: NameMention[] = [];
  for (const found of runs.flatMap(splitAtAnd)) {
    let words = found;
    const first = words[0];
    if (first?.initial && SENTENCE_STARTERS.has(first.text)) words = words.slice(1);
    const head = words[0];
    const tail = words.at(-1);
    if (!head || !tail) continue;
    if (words.length === 1 && head.initial && !known.has(head.text)) continue;
    const lowercaseHead = LOWERCASE_HEAD.exec(sentence.slice(tail.end));
    const end = lowercaseHead ? tail.end + lowercaseHead[0].length : tail.end;
    const specific =
      words.length > 1 ||
      lowercaseHead !== null ||
      words.some((w) => ORGANISATION_HEAD.test(w.text) || TITLE.test(w.text)) ||
      (isAcronym(head.text) && head.text.replace(/\./g, "").length >= 3);
    names.push({ text: sentence.slice(head.start, end), start: head.start, end, specific });
  }
  return names;
}

// "Justice and Development Party" is one name; "Israel and Hamas" and "Islamic Republic and AKP" are two.
function splitAtAnd(run: Token[]): Token[][] {
  const last = run.at(-1);
  if (last && ORGANISATION_HEAD.test(last.text)) return [run];
  const parts: Token[][] = [[]];
  for (const token of run) {
    if (token.text === "and") parts.push([]);
    else parts.at(-1)?.push(token);
  }
  // "Turkey and the Western bloc": a part starts and ends with a capitalised word.
  return parts
    .map((part) => {
      const from = part.findIndex(isCapitalised);
      const to = part.findLastIndex(isCapitalised);
      return from < 0 ? [] : part.slice(from, to + 1);
    })
    .filter((p) => p.length > 0);
}

/** Capitalised words that open a name in mid-sentence somewhere in the text: the names a sentence may open with. */
export function knownNames(sentences: readonly string[]): Set<string> {
  const known = new Set<string>();
  for (const sentence of sentences) {
    const tokens = tokenize(sentence);
    for (const [i, token] of tokens.entries()) {
      // A name's first word: "Ankara" in "endeared Ankara to Tehran", not "Heart" in "Norland Heart Foundation".
      const previous = tokens[i - 1];
      if (!token.initial && isCapitalised(token) && !(previous && isCapitalised(previous))) known.add(token.text);
    }
  }
  return known;
}

/** Newspapers, broadcasters and agencies: a claim passed on by them is "reported by", not made by them. */
export const NEWS_OUTLET =
  /\b(?:Times|Post|News|Journal|Tribune|Herald|Gazette|Telegraph|Guardian|Monitor|Reuters|Bloomberg|Associated Press|AP|AFP|BBC|CNN|NPR|PBS|Axios|Politico|Digital|Daily|Magazine|Wire|Radio|Television|TV|Broadcasting|Chronicle|Observer|Independent|Courier|Insider|Examiner|Inquirer|Economist|Al Jazeera|Haaretz)\b/u;

// Abbreviations that keep their stop at the end of a name: "U.N.", "Harcourt Brothers Ltd.".
const NAME_ENDS_WITH_STOP = /(?:^|\s)(?:(?:\p{L}\.)+|Inc\.|Ltd\.|Co\.|Corp\.|Jr\.|Sr\.|Bros\.)$/u;

/** A name as found in running text, without the sentence's punctuation after it. */
export function tidyName(name: string): string {
  const trimmed = name.trim().replace(/[,;:!?]+$/u, "");
  return trimmed.endsWith(".") && !NAME_ENDS_WITH_STOP.test(trimmed) ? trimmed.slice(0, -1) : trimmed;
}
