// Fitting and measuring the check-worthiness model (issue #11): weighted,
// L2-regularised logistic regression fitted by L-BFGS, and the figures it is
// judged by. Full-batch and deterministic: the same examples in the same
// order give the same weights, with no randomness at all.
import type { SparseVector } from "./features";

export interface FitExample {
  x: SparseVector;
  /** 1: check-worthy. */
  y: 0 | 1;
  /** How much this example counts in the loss. */
  weight: number;
}

export interface FitOptions {
  /** Number of weights (slots). */
  dimension: number;
  /** L2 penalty on the weights (not the bias), per unit of example weight. */
  l2: number;
  maxIterations?: number;
}

export interface LinearModel {
  weights: Float64Array;
  bias: number;
}

const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

export function linearScore(model: { weights: ArrayLike<number>; bias: number }, x: SparseVector): number {
  let z = model.bias;
  for (let k = 0; k < x.indices.length; k += 1) z += (model.weights[x.indices[k] ?? 0] ?? 0) * (x.values[k] ?? 0);
  return z;
}

export const probability = sigmoid;

/** Loss and gradient at `theta` (weights then bias, in one array). */
function lossAndGradient(theta: Float64Array, examples: readonly FitExample[], l2: number, gradient: Float64Array) {
  const d = theta.length - 1;
  gradient.fill(0);
  let total = 0;
  let weightSum = 0;
  for (const { x, y, weight } of examples) {
    let z = theta[d] ?? 0;
    for (let k = 0; k < x.indices.length; k += 1) z += (theta[x.indices[k] ?? 0] ?? 0) * (x.values[k] ?? 0);
    // log(1 + e^z) - y z, computed without overflow.
    const softplus = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
    total += weight * (softplus - y * z);
    weightSum += weight;
    const residual = weight * (sigmoid(z) - y);
    for (let k = 0; k < x.indices.length; k += 1) {
      const index = x.indices[k] ?? 0;
      gradient[index] = (gradient[index] ?? 0) + residual * (x.values[k] ?? 0);
    }
    gradient[d] = (gradient[d] ?? 0) + residual;
  }
  let penalty = 0;
  for (let i = 0; i < d; i += 1) {
    const w = theta[i] ?? 0;
    penalty += w * w;
    gradient[i] = (gradient[i] ?? 0) / weightSum + l2 * w;
  }
  gradient[d] = (gradient[d] ?? 0) / weightSum;
  return total / weightSum + (l2 / 2) * penalty;
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i += 1) sum += (a[i] ?? 0) * (b[i] ?? 0);
  return sum;
}

/** Fits weighted logistic regression by L-BFGS (10 corrections, backtracking line search). */
export function fitLogistic(examples: readonly FitExample[], options: FitOptions): LinearModel {
  if (examples.length === 0) throw new Error("Nothing to fit: no examples.");
  const n = options.dimension + 1;
  const maxIterations = options.maxIterations ?? 150;
  const history = 10;
  let theta = new Float64Array(n);
  let gradient = new Float64Array(n);
  let loss = lossAndGradient(theta, examples, options.l2, gradient);
  const steps: Float64Array[] = [];
  const changes: Float64Array[] = [];
  const rhos: number[] = [];
  const direction = new Float64Array(n);
  const alphas = new Array<number>(history).fill(0);

  for (let iteration = 0; iteration < maxIterations; iteration += 1) {
    // Two-loop recursion: direction = -H g.
    direction.set(gradient);
    for (let j = steps.length - 1; j >= 0; j -= 1) {
      const alpha = (rhos[j] ?? 0) * dot(steps[j] ?? direction, direction);
      alphas[j] = alpha;
      const change = changes[j] ?? direction;
      for (let i = 0; i < n; i += 1) direction[i] = (direction[i] ?? 0) - alpha * (change[i] ?? 0);
    }
    const last = steps.length - 1;
    const gamma =
      last >= 0
        ? dot(steps[last] ?? direction, changes[last] ?? direction) /
          dot(changes[last] ?? direction, changes[last] ?? direction)
        : 1 / Math.max(1e-12, Math.sqrt(dot(gradient, gradient)));
    for (let i = 0; i < n; i += 1) direction[i] = (direction[i] ?? 0) * gamma;
    for (let j = 0; j < steps.length; j += 1) {
      const beta = (rhos[j] ?? 0) * dot(changes[j] ?? direction, direction);
      const step = steps[j] ?? direction;
      for (let i = 0; i < n; i += 1) direction[i] = (direction[i] ?? 0) + ((alphas[j] ?? 0) - beta) * (step[i] ?? 0);
    }
    for (let i = 0; i < n; i += 1) direction[i] = -(direction[i] ?? 0);

    let slope = dot(gradient, direction);
    if (slope >= 0) {
      // Not a descent direction: start again from the gradient.
      for (let i = 0; i < n; i += 1) direction[i] = -(gradient[i] ?? 0);
      slope = dot(gradient, direction);
      steps.length = 0;
      changes.length = 0;
      rhos.length = 0;
    }
    let step = 1;
    const nextTheta = new Float64Array(n);
    const nextGradient = new Float64Array(n);
    let nextLoss = Infinity;
    for (let tries = 0; tries < 30; tries += 1) {
      for (let i = 0; i < n; i += 1) nextTheta[i] = (theta[i] ?? 0) + step * (direction[i] ?? 0);
      nextLoss = lossAndGradient(nextTheta, examples, options.l2, nextGradient);
      if (nextLoss <= loss + 1e-4 * step * slope) break;
      step /= 2;
    }
    if (!(nextLoss < loss)) break;

    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i += 1) {
      s[i] = (nextTheta[i] ?? 0) - (theta[i] ?? 0);
      y[i] = (nextGradient[i] ?? 0) - (gradient[i] ?? 0);
    }
    const sy = dot(s, y);
    if (sy > 1e-12) {
      steps.push(s);
      changes.push(y);
      rhos.push(1 / sy);
      if (steps.length > history) {
        steps.shift();
        changes.shift();
        rhos.shift();
      }
    }
    const improvement = (loss - nextLoss) / Math.max(1, Math.abs(loss));
    theta = nextTheta;
    gradient = nextGradient;
    loss = nextLoss;
    if (improvement < 1e-7 || Math.sqrt(dot(gradient, gradient)) < 1e-6) break;
  }
  return { weights: theta.slice(0, options.dimension), bias: theta[options.dimension] ?? 0 };
}

// ---------------------------------------------------------------- figures

export interface Scored {
  score: number;
  y: 0 | 1;
}

export interface Figures {
  precision: number;
  recall: number;
  f1: number;
  /** Of the examples scored at or above the threshold. */
  suggested: number;
  positives: number;
}

export function figuresAt(scored: readonly Scored[], threshold: number): Figures {
  let tp = 0;
  let fp = 0;
  let positives = 0;
  for (const { score, y } of scored) {
    if (y === 1) positives += 1;
    if (score >= threshold) {
      if (y === 1) tp += 1;
      else fp += 1;
    }
  }
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = positives === 0 ? 1 : tp / positives;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, suggested: tp + fp, positives };
}

/** Average precision: the mean, over the check-worthy examples, of the precision at each one's rank. */
export function averagePrecision(scored: readonly Scored[]): number {
  const ranked = [...scored].sort((a, b) => b.score - a.score || a.y - b.y);
  let hits = 0;
  let sum = 0;
  ranked.forEach((item, rank) => {
    if (item.y === 1) {
      hits += 1;
      sum += hits / (rank + 1);
    }
  });
  return hits === 0 ? 0 : sum / hits;
}

export interface ThresholdChoice extends Figures {
  threshold: number;
}

function candidates(scored: readonly Scored[]): number[] {
  return [...new Set(scored.map((s) => s.score))].sort((a, b) => b - a);
}

/** The threshold with the best F1 (the higher one on a tie). */
export function bestF1Threshold(scored: readonly Scored[]): ThresholdChoice {
  let best: ThresholdChoice = { threshold: 1, ...figuresAt(scored, Infinity) };
  for (const threshold of candidates(scored)) {
    const figures = figuresAt(scored, threshold);
    if (figures.f1 > best.f1) best = { threshold, ...figures };
  }
  return best;
}

/**
 * The highest threshold whose recall reaches `recall`: the fewest
 * suggestions that still find that share of the check-worthy examples.
 */
export function thresholdForRecall(scored: readonly Scored[], recall: number): ThresholdChoice {
  for (const threshold of candidates(scored)) {
    const figures = figuresAt(scored, threshold);
    if (figures.recall >= recall) return { threshold, ...figures };
  }
  return { threshold: 0, ...figuresAt(scored, 0) };
}

/**
 * The threshold that finds the most check-worthy examples while keeping
 * precision at least `precision` (the higher threshold on a tie), or the
 * best-F1 one when no threshold keeps it.
 */
export function thresholdForPrecision(scored: readonly Scored[], precision: number): ThresholdChoice {
  let best: ThresholdChoice | null = null;
  for (const threshold of candidates(scored)) {
    const figures = figuresAt(scored, threshold);
    if (figures.precision >= precision && (!best || figures.recall > best.recall)) best = { threshold, ...figures };
  }
  return best ?? bestF1Threshold(scored);
}
