// The yardstick the model is measured against (issue #11): plain TF-IDF over
// words and word pairs with logistic regression, the usual first baseline
// for check-worthiness. Only `npm run train:claims` uses it.
import { tokenize } from "./features";
import { fitLogistic, linearScore, probability } from "./fit";

export interface BaselineOptions {
  /** A word or pair must occur in this many training sentences to be kept. */
  minCount: number;
  l2: number;
}

function terms(text: string): string[] {
  const words = tokenize(text)
    .map((t) => t.norm)
    .filter((w) => /[\p{L}\p{N}]/u.test(w));
  const pairs = words.slice(1).map((w, i) => `${words[i]} ${w}`);
  return [...words, ...pairs];
}

/** Fits TF-IDF (sublinear term frequency, smoothed idf, unit length) and logistic regression; returns a scorer. */
export function fitBaseline(
  training: readonly { text: string; y: 0 | 1 }[],
  options: BaselineOptions = { minCount: 2, l2: 1e-4 },
): (text: string) => number {
  const documentCount = new Map<string, number>();
  const termLists = training.map((e) => terms(e.text));
  for (const list of termLists)
    for (const term of new Set(list)) documentCount.set(term, (documentCount.get(term) ?? 0) + 1);
  const vocabulary = new Map<string, { index: number; idf: number }>();
  for (const [term, count] of documentCount) {
    if (count < options.minCount) continue;
    vocabulary.set(term, { index: vocabulary.size, idf: Math.log((1 + training.length) / (1 + count)) + 1 });
  }
  const vectorize = (list: readonly string[]) => {
    const tf = new Map<number, { count: number; idf: number }>();
    for (const term of list) {
      const entry = vocabulary.get(term);
      if (!entry) continue;
      const seen = tf.get(entry.index);
      tf.set(entry.index, { count: (seen?.count ?? 0) + 1, idf: entry.idf });
    }
    const sorted = [...tf.entries()].sort((a, b) => a[0] - b[0]);
    const raw = sorted.map(([, { count, idf }]) => (1 + Math.log(count)) * idf);
    const norm = Math.sqrt(raw.reduce((sum, v) => sum + v * v, 0)) || 1;
    return { indices: Int32Array.from(sorted.map(([i]) => i)), values: Float32Array.from(raw.map((v) => v / norm)) };
  };
  const model = fitLogistic(
    training.map((e, i) => ({ x: vectorize(termLists[i] ?? []), y: e.y, weight: 1 })),
    { dimension: vocabulary.size, l2: options.l2 },
  );
  return (text) => probability(linearScore(model, vectorize(terms(text))));
}
