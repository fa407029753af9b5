// Sentence labels for an article's text (the format of
// ../shared/fixtures/seed-article.claims.json): which sentences a fact-checker
// would check, with UTF-16 offsets into the text. The seed imports claims from
// them; `npm run extract -- FILE --labels LABELS.json` measures the extractor
// against them.
import { z } from "zod";
import { AppError } from "@/lib/errors";

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

/**
 * Parses a labels file's contents and checks them against the article's text.
 * `file` names the file in the messages; any problem is an AppError("invalid").
 */
export function parseLabels(json: string, text: string, file: string): Labels {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    throw new AppError("invalid", `The labels file ${file} is not valid JSON.`);
  }
  const parsed = labelsSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` (at ${issue.path.join(".")})` : "";
    throw new AppError(
      "invalid",
      `The labels file ${file} is not in the expected format${where}: ${issue?.message ?? "invalid"}`,
    );
  }
  const mismatch = labelsMismatch(text, parsed.data);
  if (mismatch) throw new AppError("invalid", `The labels file ${file} does not match the article: ${mismatch}`);
  return parsed.data;
}
