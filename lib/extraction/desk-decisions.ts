// The desk's own verdicts on suggestions (issue #11, item 7), for
// `npm run train:claims -- --with-desk`: every accepted suggestion was worth
// checking, every rejected one was not. Read-only: training never writes to
// the desk's database.
import fs from "node:fs";
import Database from "better-sqlite3";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import type { DeskDecision } from "./training-data";

const decisionRows = z.array(
  z.object({
    articleId: z.number().int(),
    body: z.string(),
    spanStart: z.number().int(),
    spanEnd: z.number().int(),
    text: z.string(),
    state: z.enum(["accepted", "rejected"]),
  }),
);

/** Accepted and rejected suggestions in the database `file`, each with its article's text for context. */
export function readDeskDecisions(file: string): DeskDecision[] {
  if (!fs.existsSync(file)) {
    throw new AppError(
      "invalid",
      `There is no desk database at ${file} to read decisions from. Set DATABASE_URL to the desk's database, or train without --with-desk.`,
    );
  }
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const hasTable = sqlite.prepare("select 1 from sqlite_master where type = 'table' and name = 'suggestions'").get();
    if (hasTable === undefined) {
      throw new AppError("invalid", `${file} is not a Claimtrail database (it has no suggestions table).`);
    }
    return decisionRows.parse(
      sqlite
        .prepare(
          `select s.article_id as articleId, a.body as body, s.span_start as spanStart, s.span_end as spanEnd,
                  s.text as text, s.state as state
             from suggestions s join articles a on a.id = s.article_id
            where s.state in ('accepted', 'rejected')
            order by s.id`,
        )
        .all(),
    );
  } finally {
    sqlite.close();
  }
}
