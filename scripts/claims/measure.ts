// Figures shared by train:claims and eval:claims: a source's precision,
// recall, F1 and average precision, and how they print.
import { averagePrecision, figuresAt, type Scored } from "@/lib/extraction/fit";

export interface SourceFigures {
  examples: number;
  precision: number;
  recall: number;
  f1: number;
  averagePrecision: number;
}

export function sourceFigures(scored: readonly Scored[], threshold: number): SourceFigures {
  const at = figuresAt(scored, threshold);
  return {
    examples: scored.length,
    precision: at.precision,
    recall: at.recall,
    f1: at.f1,
    averagePrecision: averagePrecision(scored),
  };
}

const f = (value: number) => value.toFixed(3);

export function figuresLine(name: string, figures: SourceFigures): string {
  return `  ${name.padEnd(34)} P ${f(figures.precision)}  R ${f(figures.recall)}  F1 ${f(figures.f1)}  AP ${f(figures.averagePrecision)}  (${figures.examples} sentences)`;
}
