// The labelled sentences `npm run train:claims` and `npm run eval:claims`
// read: the debate claim data and the seed article from the shared folder,
// and the project's own labelled articles. What is held out of the shipped
// model is fixed here, in one place, so the two commands cannot disagree.
import fs from "node:fs";
import path from "node:path";
import { parseLabels } from "@/lib/extraction/labels";
import { debateExamples, newsExamples, parseClaimData, type TrainingExample } from "@/lib/extraction/training-data";
import { sharedFile } from "@/lib/testing/shared-fixtures";

/** Never trained on by the shipped model: eval:claims scores it on these. */
export const HELD_OUT = { debateSplit: "devtest", newsArticle: "flood-defences" } as const;

const OWN_FIXTURES = path.resolve(import.meta.dirname, "../../lib/extraction/fixtures");
const OWN_ARTICLES = ["economy-report", "health-study", "flood-defences"] as const;

function article(dir: string, name: string): TrainingExample[] {
  const text = fs.readFileSync(path.join(dir, `${name}.txt`), "utf8");
  const labelsFile = `${name}.claims.json`;
  const labels = parseLabels(fs.readFileSync(path.join(dir, labelsFile), "utf8"), text, labelsFile);
  return newsExamples(text, labels, name);
}

export interface ClaimData {
  debates: TrainingExample[];
  news: TrainingExample[];
}

/** Reads everything; a missing shared folder is a clear error naming the file. */
export function readClaimData(): ClaimData {
  const tsv = fs.readFileSync(sharedFile("claim-data", "claimbuster-checkworthy.tsv"), "utf8");
  const seed = sharedFile("fixtures", "seed-article.txt");
  return {
    debates: debateExamples(parseClaimData(tsv)),
    news: [
      article(path.dirname(seed), "seed-article"),
      ...OWN_ARTICLES.map((name) => article(OWN_FIXTURES, name)),
    ].flat(),
  };
}

export const isHeldOut = (e: TrainingExample) =>
  (e.source === "debates" && e.group === HELD_OUT.debateSplit) ||
  (e.source === "news" && e.group === HELD_OUT.newsArticle);
