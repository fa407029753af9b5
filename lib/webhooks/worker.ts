import "server-only";
import { and, asc, eq, inArray, isNull, lte, or } from "drizzle-orm";
import { getDb, writeTransaction } from "@/db/client";
import { webhookAttempts, webhookDeliveries, webhookEndpoints } from "@/db/schema";
import { unseal } from "@/lib/auth/seal";
import { nextAttemptAt } from "./backoff";
import { sendDelivery, type SendOutcome, type SendRequest } from "./send";
import { signedHeaders } from "./signing";

// Sends due deliveries from the queue in SQLite. A worker first claims rows
// by setting locked_until inside a BEGIN IMMEDIATE transaction, so two server
// processes on one database never send the same row at once; a worker that
// dies mid-send leaves a lease that runs out, and the row is sent again (the
// receiver drops the repeat by its webhook-id). Queue bookkeeping (attempts,
// states) is not audited: the admin actions that start deliveries are.

/** How long a claimed row stays with its worker: longer than any one send can take. */
export const LEASE_MS = 60_000;
const BATCH = 10;
export const POLL_MS = 1_000;
export const SECRET_PURPOSE = "webhook-secret";
const USER_AGENT = "Claimtrail-Webhooks/0.1";

export interface ClaimedDelivery {
  id: number;
  messageId: string;
  payload: string;
  attempts: number;
  lockedUntil: string;
  url: string;
  secret: string;
  allowPrivate: boolean;
}

/** Claims up to `limit` due deliveries of enabled endpoints for this worker until now + LEASE_MS. */
export function claimDueDeliveries(now: Date = new Date(), limit = BATCH): ClaimedDelivery[] {
  const at = now.toISOString();
  const lockedUntil = new Date(now.getTime() + LEASE_MS).toISOString();
  // A plain read first: the write lock is taken only when something is due, not every second.
  const anyDue = getDb()
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.state, "pending"), lte(webhookDeliveries.nextAttemptAt, at)))
    .limit(1)
    .get();
  if (!anyDue) return [];
  return writeTransaction((tx) => {
    const due = tx
      .select({
        id: webhookDeliveries.id,
        messageId: webhookDeliveries.messageId,
        payload: webhookDeliveries.payload,
        attempts: webhookDeliveries.attempts,
        url: webhookEndpoints.url,
        secret: webhookEndpoints.secret,
        allowPrivate: webhookEndpoints.allowPrivate,
      })
      .from(webhookDeliveries)
      .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
      .where(
        and(
          eq(webhookDeliveries.state, "pending"),
          lte(webhookDeliveries.nextAttemptAt, at),
          or(isNull(webhookDeliveries.lockedUntil), lte(webhookDeliveries.lockedUntil, at)),
          isNull(webhookEndpoints.disabledAt),
        ),
      )
      .orderBy(asc(webhookDeliveries.nextAttemptAt), asc(webhookDeliveries.id))
      .limit(limit)
      .all();
    if (due.length === 0) return [];
    tx.update(webhookDeliveries)
      .set({ lockedUntil })
      .where(
        inArray(
          webhookDeliveries.id,
          due.map((row) => row.id),
        ),
      )
      .run();
    return due.map((row) => ({ ...row, lockedUntil }));
  });
}

/** Stores one attempt and moves its delivery on: delivered, due again after the backoff, or failed after the last. */
export function recordAttempt(delivery: ClaimedDelivery, outcome: SendOutcome, at: Date, durationMs: number): void {
  const attempts = delivery.attempts + 1;
  const next = outcome.ok ? null : nextAttemptAt(attempts, at);
  writeTransaction((tx) => {
    tx.insert(webhookAttempts)
      .values({
        deliveryId: delivery.id,
        at: at.toISOString(),
        statusCode: outcome.status,
        error: outcome.ok ? null : outcome.error,
        durationMs: Math.max(0, Math.round(durationMs)),
      })
      .run();
    // Only while the row is still this worker's: a lease that ran out belongs to whoever claimed it since.
    tx.update(webhookDeliveries)
      .set({
        attempts,
        state: outcome.ok ? "delivered" : next ? "pending" : "failed",
        nextAttemptAt: next ? next.toISOString() : at.toISOString(),
        lockedUntil: null,
        lastStatus: outcome.status,
        lastError: outcome.ok ? null : outcome.error,
        deliveredAt: outcome.ok ? at.toISOString() : null,
      })
      .where(and(eq(webhookDeliveries.id, delivery.id), eq(webhookDeliveries.lockedUntil, delivery.lockedUntil)))
      .run();
  });
}

export type Sender = (request: SendRequest) => Promise<SendOutcome>;

const UNREADABLE_SECRET =
  "The signing secret cannot be read (the app secret has changed since it was made); rotate the endpoint's secret.";

/** Signs and sends one claimed delivery, then records the attempt. */
export async function deliver(delivery: ClaimedDelivery, send: Sender = sendDelivery): Promise<SendOutcome> {
  const startedAt = new Date();
  const secret = unseal(delivery.secret, SECRET_PURPOSE);
  const outcome: SendOutcome =
    secret === null
      ? { ok: false, status: null, error: UNREADABLE_SECRET }
      : await send({
          url: delivery.url,
          allowPrivate: delivery.allowPrivate,
          body: delivery.payload,
          headers: {
            "content-type": "application/json",
            "user-agent": USER_AGENT,
            ...signedHeaders(secret, delivery.messageId, startedAt, delivery.payload),
          },
        });
  recordAttempt(delivery, outcome, startedAt, Date.now() - startedAt.getTime());
  return outcome;
}

/** One pass: claims what is due and sends it, a few at a time. Returns how many were sent. */
export async function runWebhookWorkerOnce(send: Sender = sendDelivery, now: Date = new Date()): Promise<number> {
  const claimed = claimDueDeliveries(now);
  await Promise.all(claimed.map((delivery) => deliver(delivery, send)));
  return claimed.length;
}

const globalForWorker = globalThis as unknown as { claimtrailWebhookWorker?: NodeJS.Timeout };

/**
 * Starts the server's worker (instrumentation.ts): a pass every second, never
 * two at once in one process. Its timer does not keep the process alive.
 */
export function startWebhookWorker(): void {
  if (globalForWorker.claimtrailWebhookWorker) return;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    runWebhookWorkerOnce()
      .catch((error: unknown) => console.error("webhooks: a worker pass failed", error))
      .finally(() => {
        running = false;
      });
  }, POLL_MS);
  timer.unref();
  globalForWorker.claimtrailWebhookWorker = timer;
}
