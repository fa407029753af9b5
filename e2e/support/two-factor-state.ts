/**
 * Test-only: puts a person's two-factor sign-in in a known state, for the
 * access matrix, whose actions run in the build's order: set-up begun and
 * confirmed through lib/ as the account page does; back to "off" and an
 * extra sign-in by direct writes, so the person's live sessions stay as they
 * are. Prints one JSON line.
 *
 *   tsx --conditions=react-server e2e/support/two-factor-state.ts --email E --state pending|enabled
 *     → {"secret": "…"} (the pending or the enabled secret)
 *   tsx --conditions=react-server e2e/support/two-factor-state.ts --email E --open-session
 *     → {"sessionId": 12} (a further sign-in of theirs, as its user_sessions row id)
 */
import { parseArgs } from "node:util";
import { desc, eq } from "drizzle-orm";
import { z } from "zod";
import { closeDb, getDb, writeTransaction } from "@/db/client";
import { recoveryCodes, users, userSessions } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/principal";
import { totpContext, unseal } from "@/lib/auth/sealing";
import { authSecret } from "@/lib/auth/secret";
import { totpCode, TOTP_PERIOD_SECONDS } from "@/lib/auth/totp";
import { insertSession, newSessionId } from "@/lib/users/sessions";
import { confirmTwoFactorSetup, startTwoFactorSetup, twoFactorStatus } from "@/lib/users/two-factor";

const args = z
  .object({
    email: z.string().min(1),
    state: z.enum(["pending", "enabled"]).optional(),
    "open-session": z.boolean().optional(),
  })
  .parse(
    parseArgs({
      options: {
        email: { type: "string" },
        state: { type: "string" },
        "open-session": { type: "boolean" },
      },
    }).values,
  );
const found = getDb().select().from(users).where(eq(users.email, args.email)).get();
if (!found) throw new Error(`No user ${args.email}.`);
const row = found;
const by: SessionUser = { kind: "user", id: row.id, name: row.name, email: row.email, role: row.role };

async function main(): Promise<void> {
  if (args["open-session"]) {
    writeTransaction((tx) =>
      insertSession(tx, {
        userId: row.id,
        sessionId: newSessionId(),
        method: "password",
        userAgent: "Matrix helper",
        at: new Date().toISOString(),
      }),
    );
    const made = getDb()
      .select({ id: userSessions.id })
      .from(userSessions)
      .where(eq(userSessions.userId, row.id))
      .orderBy(desc(userSessions.id))
      .get();
    console.log(JSON.stringify({ sessionId: made?.id }));
  } else if (args.state) {
    if (row.totpEnabledAt && args.state === "pending") {
      // A test-only reset to "off". lib's disableTwoFactor would end the person's other
      // sessions, the matrix's own among them; turning it off is tested in lib/users.
      writeTransaction((tx) => {
        tx.update(users)
          .set({ totpSecret: null, totpEnabledAt: null, totpLastStep: null })
          .where(eq(users.id, row.id))
          .run();
        tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, row.id)).run();
      });
    }
    const fresh = getDb().select().from(users).where(eq(users.id, row.id)).get();
    if (!fresh?.totpEnabledAt) {
      if (!fresh?.totpPendingSecret) startTwoFactorSetup({ by });
      if (args.state === "enabled") {
        const pending = (await twoFactorStatus({ by })).pending;
        if (!pending) throw new Error("No pending secret.");
        // The previous step's code, so a test may still use the current one.
        confirmTwoFactorSetup({ by, code: totpCode(pending.secret, Date.now() - TOTP_PERIOD_SECONDS * 1000) });
      }
    }
    const now = getDb().select().from(users).where(eq(users.id, row.id)).get();
    const sealed = args.state === "enabled" ? now?.totpSecret : now?.totpPendingSecret;
    console.log(JSON.stringify({ secret: sealed ? unseal(sealed, totpContext(row.id), authSecret()) : null }));
  } else {
    throw new Error("Say --state or --open-session.");
  }
}

main()
  .finally(() => closeDb())
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
