/**
 * Test-only: gives a person saved views to rename, share and delete, and a
 * feed token, through lib/ as the app would; prints {"rename", "share",
 * "delete"} (the views' ids) as one JSON line.
 *
 *   DATABASE_URL=… tsx --conditions=react-server e2e/support/make-views.ts --email E --tag T
 */
import { parseArgs } from "node:util";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { closeDb, getDb } from "@/db/client";
import { users } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/principal";
import { createSavedView } from "@/lib/claims/saved-views";
import { createFeedToken } from "@/lib/users/feed-tokens";

const args = z
  .object({ email: z.string().min(1), tag: z.string().min(1) })
  .parse(parseArgs({ options: { email: { type: "string" }, tag: { type: "string" } } }).values);
const row = getDb().select().from(users).where(eq(users.email, args.email)).get();
if (!row) throw new Error(`No user ${args.email}.`);
const by: SessionUser = { kind: "user", id: row.id, name: row.name, email: row.email, role: row.role };
const made = (name: string) => createSavedView({ by, name: `${name} ${args.tag}`, query: "status=sourced" }).id;
const ids = { rename: made("Matrix rename"), share: made("Matrix share"), delete: made("Matrix delete") };
createFeedToken({ by });
console.log(JSON.stringify(ids));
closeDb();
