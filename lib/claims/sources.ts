import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { getDb, writeTransaction } from "@/db/client";
import { evidence, type SourceCheckResult } from "@/db/schema";
import { appendAuditEvent } from "@/lib/audit/events";
import { actorOf, authorize, type Principal } from "@/lib/auth/principal";
import { budgetMessage, EVIDENCE_FETCH_BUDGET } from "@/lib/evidence/fetch-budget";
import { fetchSnapshot } from "@/lib/evidence/safe-fetch";
import { compareSnapshot, passageFound, sha256 } from "@/lib/evidence/snapshot";
import { AppError } from "@/lib/errors";
import { parseInput, type Loose } from "@/lib/validation";
import { addEvidence, evidenceInputSchema, type EvidenceSnapshotInput } from "./claims";

// Evidence that lasts (issue #5): what a source said when it was cited, and
// whether it still says it. Fetching happens before the write transaction,
// which stays synchronous and short.

function principalKey(by: Principal): string {
  return by.kind === "user" ? `user:${by.id}` : by.kind;
}

export interface AddedEvidence {
  id: number;
  version: number;
  /** Why the page could not be kept, when a fetch was asked for and failed. */
  snapshotError: string | null;
  snapshot: "fetched" | "manual" | null;
}

/**
 * Adds evidence and, when `fetchPage` is set, keeps a copy of the page's text
 * with its SHA-256. When the page cannot be fetched (or no fetch was asked
 * for) a quoted passage typed by the reviewer becomes the snapshot instead.
 */
export async function addEvidenceWithSnapshot(
  input: Loose<typeof evidenceInputSchema> & { by: Principal | null; fetchPage?: boolean },
): Promise<AddedEvidence> {
  authorize(input.by, "claim.edit");
  // Bad input is refused before any request leaves the server.
  const data = parseInput(evidenceInputSchema, input);
  let snapshot: EvidenceSnapshotInput | null = null;
  let snapshotError: string | null = null;
  const wait = input.fetchPage ? EVIDENCE_FETCH_BUDGET.take(principalKey(input.by)) : 0;
  if (wait > 0) {
    snapshotError = budgetMessage(wait);
  } else if (input.fetchPage) {
    const page = await fetchSnapshot(data.url);
    if (page.ok) {
      snapshot = { source: "fetched", text: page.text, sha256: page.sha256, fetchedAt: page.fetchedAt };
    } else {
      snapshotError = page.error;
    }
  }
  if (!snapshot && data.quotedPassage) {
    snapshot = {
      source: "manual",
      text: data.quotedPassage,
      sha256: sha256(data.quotedPassage),
      fetchedAt: new Date().toISOString(),
    };
  }
  const added = addEvidence({ ...input, snapshot, snapshotError });
  return { ...added, snapshotError, snapshot: snapshot?.source ?? null };
}

export const recheckSchema = z.object({
  evidenceId: z.coerce.number({ message: "Unknown evidence." }).int().positive(),
});

export interface SourceCheck {
  result: SourceCheckResult;
  detail: string;
  checkedAt: string;
}

/**
 * Fetches the source again and compares it with its snapshot: the same text,
 * changed text that still holds the quoted passage, the passage gone, or the
 * page unreachable. The outcome is stored and audited; the claim's version
 * does not move, since nothing about the verdict was edited.
 */
export async function recheckEvidence(
  input: Loose<typeof recheckSchema> & { by: Principal | null },
): Promise<SourceCheck> {
  authorize(input.by, "claim.edit");
  const data = parseInput(recheckSchema, input);
  const by = input.by;
  const item = getDb().select().from(evidence).where(eq(evidence.id, data.evidenceId)).get();
  if (!item) throw new AppError("not_found", "That evidence does not exist.");
  if (item.removedAt) throw new AppError("invalid", "That evidence was removed.");
  if (!item.snapshotText || !item.contentHash) {
    throw new AppError(
      "invalid",
      "This source has no snapshot to compare with. Add it again with a fetched copy or a quoted passage.",
    );
  }
  const wait = EVIDENCE_FETCH_BUDGET.take(principalKey(by));
  if (wait > 0) throw new AppError("rule", budgetMessage(wait));
  const current = await fetchSnapshot(item.url);
  let check: { result: SourceCheckResult; detail: string };
  if (item.snapshotSource === "manual") {
    // A pasted passage is a quotation, not the page: what matters is whether the page still says it.
    check = !current.ok
      ? { result: "unreachable", detail: current.error }
      : passageFound(item.snapshotText, current.text)
        ? { result: "match", detail: "The page still contains the passage quoted when the evidence was added." }
        : {
            result: "passage-missing",
            detail: "The page no longer contains the passage quoted when the evidence was added.",
          };
  } else {
    check = compareSnapshot({
      snapshotText: item.snapshotText,
      snapshotHash: item.contentHash,
      quotedPassage: item.quotedPassage,
      current,
    });
  }
  const checkedAt = new Date().toISOString();
  const currentHash = current.ok ? current.sha256 : null;
  writeTransaction((tx) => {
    tx.update(evidence)
      .set({ lastCheckedAt: checkedAt, lastCheckResult: check.result, lastCheckHash: currentHash })
      .where(eq(evidence.id, item.id))
      .run();
    appendAuditEvent(tx, {
      actor: actorOf(by),
      action: "evidence.checked",
      entityType: "evidence",
      entityId: item.id,
      before: { claimId: item.claimId, title: item.title, result: item.lastCheckResult },
      after: { claimId: item.claimId, title: item.title, result: check.result, sha256: currentHash },
    });
  });
  return { ...check, checkedAt };
}
