import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { evidence, STANCES, type SourceCheckResult } from "@/db/schema";
import { authorize, type Principal } from "@/lib/auth/principal";
import { budgetMessage, EVIDENCE_FETCH_BUDGET, fetchBudgetKey } from "@/lib/evidence/fetch-budget";
import { fetchSnapshot } from "@/lib/evidence/safe-fetch";
import { compareSnapshot, passageFound, sha256 } from "@/lib/evidence/snapshot";
import { AppError } from "@/lib/errors";
import { mutate } from "@/lib/mutation";
import { parseInput, type Loose } from "@/lib/validation";
import { activeStances, assertVersion, bumpVersion, idSchema, loadClaim, reasonSchema, versionSchema } from "./claims";
import { evidenceRemovalViolation } from "./rules";
import type { EvidenceSnapshotInfo } from "./workspace";

// Evidence on a claim, and evidence that lasts (issue #5): what a source said
// when it was cited, and whether it still says it. Fetching happens before the
// write transaction, which stays synchronous and short.

export const evidenceInputSchema = z.object({
  claimId: idSchema,
  url: z.url({ protocol: /^https?$/, message: "Enter a full http(s) URL." }).max(2000),
  title: z.string().trim().min(1, "A title is required.").max(300),
  publisher: z.string().trim().max(200).nullish(),
  quotedPassage: z.string().trim().max(5000, "The quoted passage is at most 5,000 characters.").nullish(),
  stance: z.enum(STANCES, { message: "Choose supports, contradicts or context." }),
  accessedAt: z.iso.datetime({ message: "Use an ISO date and time." }).nullish(),
  // Forms always send the version they showed; scripts adding evidence to a fresh claim may leave it out.
  expectedVersion: versionSchema.optional(),
});

export const evidenceRemovalSchema = z.object({
  evidenceId: z.coerce.number({ message: "Unknown evidence." }).int().positive(),
  expectedVersion: versionSchema.optional(),
  reason: reasonSchema.min(1, "Say why the evidence is removed."),
});

export const recheckSchema = z.object({
  evidenceId: z.coerce.number({ message: "Unknown evidence." }).int().positive(),
});

/** A snapshot taken by lib/evidence when the evidence was added; never from the form. */
export type EvidenceSnapshotInput = EvidenceSnapshotInfo;

export function addEvidence(
  input: Loose<typeof evidenceInputSchema> & {
    by: Principal | null;
    /** What the source said when cited (lib/evidence), or why it could not be fetched. */
    snapshot?: EvidenceSnapshotInput | null;
    snapshotError?: string | null;
  },
): { id: number; version: number } {
  const snapshot = input.snapshot ?? null;
  return mutate({
    by: input.by,
    permission: "claim.edit",
    person: "Evidence is added by a person.",
    schema: evidenceInputSchema,
    input,
    write: (tx, data, by) => {
      const claim = loadClaim(tx, data.claimId);
      assertVersion(tx, claim, data.expectedVersion);
      const now = new Date().toISOString();
      const values = {
        claimId: claim.id,
        url: data.url,
        title: data.title,
        publisher: data.publisher || null,
        quotedPassage: data.quotedPassage || null,
        stance: data.stance,
        accessedAt: data.accessedAt ?? snapshot?.fetchedAt ?? now,
        addedBy: by.id,
        addedAt: now,
        snapshotSource: snapshot?.source ?? null,
        snapshotText: snapshot?.text ?? null,
        snapshotFetchedAt: snapshot?.fetchedAt ?? null,
        contentHash: snapshot?.sha256 ?? null,
        // Kept beside a pasted passage too: the reviewer sees why the page itself was not copied.
        snapshotError: input.snapshotError ?? null,
      };
      const row = tx.insert(evidence).values(values).returning({ id: evidence.id }).get();
      const version = bumpVersion(tx, claim, now);
      return {
        result: { id: row.id, version },
        audit: {
          action: "evidence.added",
          entityType: "evidence",
          entityId: row.id,
          after: {
            claimId: claim.id,
            claimVersion: version,
            url: values.url,
            title: values.title,
            publisher: values.publisher,
            stance: values.stance,
            quotedPassage: values.quotedPassage,
            snapshot: snapshot
              ? { source: snapshot.source, sha256: snapshot.sha256, fetchedAt: snapshot.fetchedAt }
              : null,
          },
        },
      };
    },
  });
}

export function removeEvidence(input: Loose<typeof evidenceRemovalSchema> & { by: Principal | null }): {
  version: number;
} {
  return mutate({
    by: input.by,
    permission: "claim.edit",
    schema: evidenceRemovalSchema,
    input,
    write: (tx, data, by) => {
      const item = tx.select().from(evidence).where(eq(evidence.id, data.evidenceId)).get();
      if (!item) throw new AppError("not_found", "That evidence does not exist.");
      if (item.removedAt) throw new AppError("invalid", "That evidence was already removed.");
      const claim = loadClaim(tx, item.claimId);
      assertVersion(tx, claim, data.expectedVersion);
      const violation = evidenceRemovalViolation(claim, item.stance, activeStances(tx, claim.id));
      if (violation) throw new AppError("rule", violation);
      const now = new Date().toISOString();
      tx.update(evidence)
        .set({ removedAt: now, removedBy: by.kind === "user" ? by.id : null, removalReason: data.reason })
        .where(eq(evidence.id, item.id))
        .run();
      const version = bumpVersion(tx, claim, now);
      return {
        result: { version },
        audit: {
          action: "evidence.removed",
          entityType: "evidence",
          entityId: item.id,
          before: { claimId: claim.id, url: item.url, title: item.title, stance: item.stance, removed: false },
          after: { claimId: claim.id, claimVersion: version, removed: true },
          reason: data.reason,
        },
      };
    },
  });
}

// ---------------------------------------------------------------- snapshots and re-checks

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
  const wait = input.fetchPage ? EVIDENCE_FETCH_BUDGET.take(fetchBudgetKey(input.by)) : 0;
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
  const wait = EVIDENCE_FETCH_BUDGET.take(fetchBudgetKey(by));
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
  // The fetch ran outside the transaction; the write that records it is the mutation.
  mutate({
    by,
    permission: "claim.edit",
    write: (tx) => {
      tx.update(evidence)
        .set({ lastCheckedAt: checkedAt, lastCheckResult: check.result, lastCheckHash: currentHash })
        .where(eq(evidence.id, item.id))
        .run();
      return {
        result: undefined,
        audit: {
          action: "evidence.checked",
          entityType: "evidence",
          entityId: item.id,
          before: { claimId: item.claimId, title: item.title, result: item.lastCheckResult },
          after: { claimId: item.claimId, title: item.title, result: check.result, sha256: currentHash },
        },
      };
    },
  });
  return { ...check, checkedAt };
}
