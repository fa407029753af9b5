import fs from "node:fs";
import path from "node:path";
import type { Role } from "@/db/schema";
import { createArticle, findArticleByBody } from "@/lib/articles/articles";
import { SYSTEM_PRINCIPAL, type SessionUser } from "@/lib/auth/principal";
import { createClaim } from "@/lib/claims/claims";
import { labelsSchema } from "@/lib/extraction/labels";
import { createUser } from "@/lib/users/users";

const FIXTURES = path.resolve(__dirname, "../../../shared/fixtures");

/** The sample article users bring, read from ../shared (the project keeps no copy). */
export function seedArticle() {
  const body = fs.readFileSync(path.join(FIXTURES, "seed-article.txt"), "utf8");
  const labels = labelsSchema.parse(JSON.parse(fs.readFileSync(path.join(FIXTURES, "seed-article.claims.json"), "utf8")));
  const sentence = (n: number) => {
    const found = labels.sentences.find((s) => s.n === n);
    if (!found) throw new Error(`no sentence ${n} in the fixture`);
    return found;
  };
  return { body, labels, sentence };
}

let counter = 0;

export async function makeUser(role: Role, name = `${role} ${++counter}`): Promise<SessionUser> {
  const user = await createUser({
    by: SYSTEM_PRINCIPAL,
    email: `${role}-${counter}-${Date.now()}@claimtrail.test`,
    name,
    role,
    password: "correct horse battery staple",
  });
  return { kind: "user", id: user.id, name: user.name, email: user.email, role: user.role };
}

/** A claim on the seed article (added once): by default the casualty figure, sentence 20. */
export function makeSeedClaim(sentenceNumber = 20) {
  const { body, labels, sentence } = seedArticle();
  const article =
    findArticleByBody(body) ?? createArticle({ by: SYSTEM_PRINCIPAL, title: "Turkey and Iran after October 7", outlet: labels.outlet, body });
  const s = sentence(sentenceNumber);
  const claim = createClaim({
    by: SYSTEM_PRINCIPAL,
    articleId: article.id,
    spanStart: s.start,
    spanEnd: s.end,
    summary: s.text.length <= 75 ? s.text : `${s.text.slice(0, 60).replace(/\s+\S*$/, "")}…`,
    claimant: sentenceNumber === 20 ? "Gaza Health Ministry" : null,
    reportedBy: labels.outlet,
  });
  return { article, claim, sentence: s };
}
