// Our own labelled news articles (lib/extraction/fixtures: invented places,
// people and figures, labelled in the seed labels' format), for tests that need
// an article with known check-worthy sentences. No database here.
import fs from "node:fs";
import path from "node:path";
import { parseLabels } from "@/lib/extraction/labels";

export const LABELLED_ARTICLES = ["economy-report", "health-study", "flood-defences"] as const;
export type LabelledArticleName = (typeof LABELLED_ARTICLES)[number];

export const labelledArticlesDir = path.resolve(__dirname, "..", "extraction", "fixtures");

/**
 * One of our own labelled news articles (invented places, people and
 * figures): its text, its labels (checked against the text) and both files.
 * economy-report is the default: the extractor finds every "check" sentence
 * of it and suggests none of the "skip" ones.
 */
export function labelledArticle(name: LabelledArticleName = "economy-report") {
  const file = path.join(labelledArticlesDir, `${name}.txt`);
  const labelsFile = path.join(labelledArticlesDir, `${name}.claims.json`);
  const body = fs.readFileSync(file, "utf8");
  const labels = parseLabels(fs.readFileSync(labelsFile, "utf8"), body, labelsFile);
  return { file, labelsFile, body, labels };
}
