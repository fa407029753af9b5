// Sentence labels for an article's text (the format of
// ../shared/fixtures/seed-article.claims.json): which sentences a fact-checker
// would check, with UTF-16 offsets into the text. Pure functions, no database.
import { z } from "zod";

const sentenceSchema = z
  .object({
    n: z.number().int().min(0),
    start: z.number().int().min(0),
    end: z.number().int().min(1),
    text: z.string().refine((t) => t.trim().length > 0, "A sentence's text must not be blank."),
    label: z.enum(["check", "skip", "borderline"], { message: 'A label is "check", "skip" or "borderline".' }),
  })
  .refine((s) => s.end > s.start, "A sentence must end after it starts.");

export const labelsSchema = z.object({
  outlet: z.string().trim().min(1).max(200).optional(),
  sentences: z.array(sentenceSchema).min(1, "The labels file lists no sentences."),
});

export type Labels = z.infer<typeof labelsSchema>;
export type LabelledSentence = Labels["sentences"][number];

function preview(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
}

/** Why the labels do not describe `text`, or null when every sentence is found at its offsets. */
export function labelsMismatch(text: string, labels: Labels): string | null {
  for (const s of labels.sentences) {
    if (s.end > text.length) {
      return `sentence ${s.n} ends at ${s.end}, past the end of the text (${text.length} characters).`;
    }
    const found = text.slice(s.start, s.end);
    if (found !== s.text) {
      return `sentence ${s.n} (offsets ${s.start}–${s.end}) reads ${preview(found)} in the text, but the labels say ${preview(s.text)}.`;
    }
  }
  return null;
}

/** `text` on one line, at most `max` characters, cut at a word boundary with "…" when it is longer. */
export function shorten(text: string, max: number): string {
  const clean = text.replace(/\s+/g, " ").trim();
  if (clean.length <= max) return clean;
  const room = clean.slice(0, max - 1);
  const whole = clean.charAt(max - 1) === " " ? room : room.replace(/\s+\S*$/, "");
  const cut = (whole.length > 0 ? whole : room).replace(/[\s,;:.!?'"“‘([{–—-]+$/, "");
  return `${cut || room}…`;
}

// A name: one to four capitalised words, e.g. "Behnam Ben Taleblu" or "Al-Monitor".
const NAME = String.raw`\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*){0,3}`;
const SAID_BEFORE = new RegExp(String.raw`["”],?\s+said\s+(${NAME})`, "u");
const SAID_AFTER = new RegExp(String.raw`["”],?\s+(${NAME})\s+said\b`, "u");
const REPORTED_BY = new RegExp(String.raw`\breported by\s+(?:the\s+)?(\p{Lu}[\p{L}'’-]*(?:\s+(?:of\s+)?\p{Lu}[\p{L}'’-]*){0,3})`, "u");

/** Who makes a quoted claim, when the sentence says so plainly: "…," X said / "…," said X. */
export function claimantOf(sentence: string): string | null {
  return (SAID_AFTER.exec(sentence) ?? SAID_BEFORE.exec(sentence))?.[1] ?? null;
}

/** Who passed the claim on, when the sentence says "reported by X". */
export function reportedByOf(sentence: string): string | null {
  return REPORTED_BY.exec(sentence)?.[1] ?? null;
}
