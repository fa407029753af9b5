// The shipped check-worthiness model (issue #11): model.json, written by
// `npm run train:claims`, read once on first use. Its weights are kept as
// slot/weight pairs, only the ones that matter, rounded to 4 significant
// digits, so the file stays small and a diff of it stays readable.
import { z } from "zod";
import { slotCount, type FeatureConfig } from "./features";
import type { LinearModel } from "./fit";
import shipped from "./model.json";
import { RULE_CODES, type RuleCode } from "./rules";

const thresholdSchema = z.object({
  score: z.number().min(0).max(1),
  /** What the threshold gave on the validation examples it was chosen on. */
  precision: z.number().min(0).max(1),
  recall: z.number().min(0).max(1),
});

export const modelFileSchema = z
  .object({
    format: z.literal("claimtrail-checkworthiness/1"),
    features: z.object({
      hashBits: z.number().int().min(8).max(24),
      wordNgrams: z.union([z.literal(1), z.literal(2)]),
      charNgrams: z.tuple([z.number().int().min(1), z.number().int().min(1)]).nullable(),
      rules: z.boolean(),
    }),
    bias: z.number(),
    /**
     * The mean push of a training sentence's words: reasons tell a word's push
     * against it, so "wording typical of factual claims" means more than average.
     */
    wordCentre: z.number().default(0),
    rules: z.partialRecord(z.enum(RULE_CODES), z.number()),
    hashed: z.object({
      /** Slot numbers, each given as the gap from the one before. */
      slotGaps: z.array(z.number().int().min(0)),
      weights: z.array(z.number()),
    }),
    thresholds: z.object({ check: thresholdSchema, maybe: thresholdSchema }),
    trainedOn: z.record(z.string(), z.number().int().min(0)),
    note: z.string().optional(),
  })
  .refine((m) => m.hashed.slotGaps.length === m.hashed.weights.length, "One weight per hashed slot.")
  .refine((m) => m.thresholds.maybe.score <= m.thresholds.check.score, "The maybe threshold is below the check one.");

export type ModelFile = z.infer<typeof modelFileSchema>;

/** A model ready to score: every slot's weight in one array. */
export interface LoadedModel {
  features: FeatureConfig;
  weights: Float32Array;
  bias: number;
  wordCentre: number;
  thresholds: { check: number; maybe: number };
}

const round = (value: number) => Number(value.toPrecision(4));

/**
 * The model file for fitted weights: hashed weights smaller than the
 * `keep`-th largest are dropped (they change no score by much), the rest
 * rounded.
 */
export function packModel(input: {
  model: LinearModel;
  features: FeatureConfig;
  wordCentre: number;
  keep: number;
  thresholds: ModelFile["thresholds"];
  trainedOn: Record<string, number>;
  note?: string;
}): ModelFile {
  const hashedSlots = 2 ** input.features.hashBits;
  const magnitudes: number[] = [];
  for (let i = 0; i < hashedSlots; i += 1) {
    const w = input.model.weights[i] ?? 0;
    if (w !== 0) magnitudes.push(Math.abs(w));
  }
  magnitudes.sort((a, b) => b - a);
  const cutoff = magnitudes.length > input.keep ? (magnitudes[input.keep] ?? 0) : 0;
  const slotGaps: number[] = [];
  const weights: number[] = [];
  let previous = 0;
  for (let i = 0; i < hashedSlots; i += 1) {
    const w = input.model.weights[i] ?? 0;
    if (w === 0 || Math.abs(w) <= cutoff) continue;
    slotGaps.push(i - previous);
    weights.push(round(w));
    previous = i;
  }
  const rules: Partial<Record<RuleCode, number>> = {};
  if (input.features.rules) {
    RULE_CODES.forEach((code, k) => {
      const w = input.model.weights[hashedSlots + k] ?? 0;
      if (w !== 0) rules[code] = round(w);
    });
  }
  return {
    format: "claimtrail-checkworthiness/1",
    features: { ...input.features, charNgrams: input.features.charNgrams ? [...input.features.charNgrams] : null },
    bias: round(input.model.bias),
    wordCentre: round(input.wordCentre),
    rules,
    hashed: { slotGaps, weights },
    thresholds: input.thresholds,
    trainedOn: input.trainedOn,
    ...(input.note ? { note: input.note } : {}),
  };
}

export function unpackModel(file: ModelFile): LoadedModel {
  const features: FeatureConfig = {
    ...file.features,
    charNgrams: file.features.charNgrams ? [file.features.charNgrams[0], file.features.charNgrams[1]] : null,
  };
  const weights = new Float32Array(slotCount(features));
  let slot = 0;
  file.hashed.slotGaps.forEach((gap, i) => {
    slot += gap;
    weights[slot] = file.hashed.weights[i] ?? 0;
  });
  const hashedSlots = 2 ** features.hashBits;
  RULE_CODES.forEach((code, k) => {
    weights[hashedSlots + k] = file.rules[code] ?? 0;
  });
  return {
    features,
    weights,
    bias: file.bias,
    wordCentre: file.wordCentre,
    thresholds: { check: file.thresholds.check.score, maybe: file.thresholds.maybe.score },
  };
}

let loaded: LoadedModel | null = null;

/** The shipped model, checked and unpacked on first use only. */
export function shippedModel(): LoadedModel {
  if (loaded === null) {
    const parsed = modelFileSchema.safeParse(shipped);
    if (!parsed.success) {
      throw new Error(
        `lib/extraction/model.json is not a model file (${parsed.error.issues[0]?.message ?? "invalid"}); run npm run train:claims.`,
      );
    }
    loaded = unpackModel(parsed.data);
  }
  return loaded;
}
