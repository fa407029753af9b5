import "server-only";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Tx } from "@/db/client";
import {
  WEBHOOK_EVENT_TYPES,
  webhookAttempts,
  webhookDeliveries,
  webhookEndpoints,
  type WebhookDeliveryState,
  type WebhookEventType,
} from "@/db/schema";
import { authorize, type Principal } from "@/lib/auth/principal";
import { seal } from "@/lib/auth/seal";
import { AppError } from "@/lib/errors";
import { mutate } from "@/lib/mutation";
import type { Loose } from "@/lib/validation";
import { insertDelivery, parseEventTypes, TEST_EVENT_TYPE } from "./enqueue";
import { targetRefusal } from "./send";
import { newSigningSecret } from "./signing";
import { SECRET_PURPOSE } from "./worker";

// Admins register where the desk sends signed notifications of its claims
// (issue 14, part 5). The signing secret is shown once, when made or rotated,
// and stored sealed (lib/auth/seal.ts). Every change is audited; the audit log
// names an endpoint by its origin only, since a receiver's path or query may
// itself be a secret and the log can never forget it.

const endpointIdSchema = z.coerce.number({ message: "Unknown webhook endpoint." }).int().positive();
const deliveryIdSchema = z.coerce.number({ message: "Unknown delivery." }).int().positive();

/** A checkbox: "on" (or "true", "1") when ticked, absent when not. */
const checkbox = z.preprocess(
  (value) => value === true || value === "on" || value === "true" || value === "1",
  z.boolean(),
);

const eventsSchema = z.preprocess(
  (value) => (value === undefined || value === "" ? [] : typeof value === "string" ? [value] : value),
  z
    .array(z.enum(WEBHOOK_EVENT_TYPES, { message: "Choose events from the list." }))
    .min(1, "Choose at least one event.")
    .transform((events) => WEBHOOK_EVENT_TYPES.filter((type) => events.includes(type))),
);

const endpointFields = z
  .object({
    url: z.string({ message: "Enter the receiver's address." }).trim().min(1, "Enter the receiver's address."),
    description: z.string().trim().max(200, "Keep the description under 200 characters.").default(""),
    events: eventsSchema,
    allowPrivate: checkbox,
  })
  .superRefine((data, ctx) => {
    const refusal = targetRefusal(data.url, data.allowPrivate);
    if (refusal) ctx.addIssue({ code: "custom", path: ["url"], message: refusal });
  });

const createSchema = endpointFields;
const updateSchema = z.intersection(z.object({ endpointId: endpointIdSchema }), endpointFields);
const endpointSchema = z.object({ endpointId: endpointIdSchema });
const disableSchema = z.object({ endpointId: endpointIdSchema, disabled: checkbox });
const redeliverSchema = z.object({ deliveryId: deliveryIdSchema });

export interface WebhookEndpointSummary {
  id: number;
  url: string;
  description: string;
  events: WebhookEventType[];
  allowPrivate: boolean;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
  pending: number;
  failed: number;
  delivered: number;
}

export interface WebhookAttemptEntry {
  at: string;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

export interface WebhookDeliveryEntry {
  id: number;
  messageId: string;
  eventType: string;
  state: WebhookDeliveryState;
  attempts: number;
  nextAttemptAt: string;
  createdAt: string;
  deliveredAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  log: WebhookAttemptEntry[];
}

/** What an action that makes a secret hands back: the secret, to be shown this once. */
export interface NewSecret {
  endpointId: number;
  secret: string;
}

const LOG_LENGTH = 50;

function origin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return "(unreadable address)";
  }
}

function loadEndpoint(tx: Tx, id: number) {
  const row = tx.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id)).get();
  if (!row) throw new AppError("not_found", "That webhook endpoint does not exist.");
  return row;
}

function counts(endpointIds: readonly number[]): Map<number, Record<WebhookDeliveryState, number>> {
  const map = new Map<number, Record<WebhookDeliveryState, number>>();
  if (endpointIds.length === 0) return map;
  const rows = getDb()
    .select({ endpointId: webhookDeliveries.endpointId, state: webhookDeliveries.state, n: sql<number>`count(*)` })
    .from(webhookDeliveries)
    .where(inArray(webhookDeliveries.endpointId, [...endpointIds]))
    .groupBy(webhookDeliveries.endpointId, webhookDeliveries.state)
    .all();
  for (const row of rows) {
    const entry = map.get(row.endpointId) ?? { pending: 0, delivered: 0, failed: 0 };
    entry[row.state] = row.n;
    map.set(row.endpointId, entry);
  }
  return map;
}

function summarize(
  row: typeof webhookEndpoints.$inferSelect,
  tally: Record<WebhookDeliveryState, number> | undefined,
): WebhookEndpointSummary {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    events: parseEventTypes(row.events),
    allowPrivate: row.allowPrivate,
    disabled: row.disabledAt !== null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    pending: tally?.pending ?? 0,
    failed: tally?.failed ?? 0,
    delivered: tally?.delivered ?? 0,
  };
}

export function listWebhookEndpoints(input: { by: Principal | null }): WebhookEndpointSummary[] {
  authorize(input.by, "webhook.manage");
  const rows = getDb().select().from(webhookEndpoints).orderBy(webhookEndpoints.id).all();
  const tally = counts(rows.map((row) => row.id));
  return rows.map((row) => summarize(row, tally.get(row.id)));
}

/** One endpoint with its latest deliveries, each with every attempt; null when there is no such endpoint. */
export function getWebhookEndpoint(input: {
  by: Principal | null;
  endpointId: unknown;
}): { endpoint: WebhookEndpointSummary; deliveries: WebhookDeliveryEntry[] } | null {
  authorize(input.by, "webhook.manage");
  const id = endpointIdSchema.safeParse(input.endpointId);
  if (!id.success) return null;
  const db = getDb();
  const row = db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id.data)).get();
  if (!row) return null;
  const deliveries = db
    .select({
      id: webhookDeliveries.id,
      messageId: webhookDeliveries.messageId,
      eventType: webhookDeliveries.eventType,
      state: webhookDeliveries.state,
      attempts: webhookDeliveries.attempts,
      nextAttemptAt: webhookDeliveries.nextAttemptAt,
      createdAt: webhookDeliveries.createdAt,
      deliveredAt: webhookDeliveries.deliveredAt,
      lastStatus: webhookDeliveries.lastStatus,
      lastError: webhookDeliveries.lastError,
    })
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.endpointId, row.id))
    .orderBy(desc(webhookDeliveries.id))
    .limit(LOG_LENGTH)
    .all();
  const attempts = deliveries.length
    ? db
        .select({
          deliveryId: webhookAttempts.deliveryId,
          at: webhookAttempts.at,
          statusCode: webhookAttempts.statusCode,
          error: webhookAttempts.error,
          durationMs: webhookAttempts.durationMs,
        })
        .from(webhookAttempts)
        .where(
          inArray(
            webhookAttempts.deliveryId,
            deliveries.map((d) => d.id),
          ),
        )
        .orderBy(webhookAttempts.id)
        .all()
    : [];
  return {
    endpoint: summarize(row, counts([row.id]).get(row.id)),
    deliveries: deliveries.map((delivery) => ({
      ...delivery,
      log: attempts
        .filter((attempt) => attempt.deliveryId === delivery.id)
        .map(({ at, statusCode, error, durationMs }) => ({ at, statusCode, error, durationMs })),
    })),
  };
}

function audited(row: { url: string; description: string; events: readonly string[]; allowPrivate: boolean }) {
  return { origin: origin(row.url), description: row.description, events: row.events, allowPrivate: row.allowPrivate };
}

export function createWebhookEndpoint(input: Loose<typeof createSchema> & { by: Principal | null }): {
  endpoint: WebhookEndpointSummary;
  secret: string;
} {
  authorize(input.by, "webhook.manage");
  const secret = newSigningSecret();
  const sealed = seal(secret, SECRET_PURPOSE);
  return mutate({
    by: input.by,
    permission: "webhook.manage",
    person: "Webhook endpoints are registered by an admin.",
    schema: createSchema,
    input,
    write: (tx, data, by) => {
      const now = new Date().toISOString();
      const row = tx
        .insert(webhookEndpoints)
        .values({
          url: data.url,
          description: data.description,
          events: JSON.stringify(data.events),
          secret: sealed,
          allowPrivate: data.allowPrivate,
          createdBy: by.id,
          createdAt: now,
          updatedAt: now,
        })
        .returning()
        .get();
      return {
        result: { endpoint: summarize(row, undefined), secret },
        audit: { action: "webhook.created", entityType: "webhook_endpoint", entityId: row.id, after: audited(data) },
      };
    },
  });
}

export function updateWebhookEndpoint(
  input: Loose<typeof updateSchema> & { by: Principal | null },
): WebhookEndpointSummary {
  return mutate({
    by: input.by,
    permission: "webhook.manage",
    person: "Webhook endpoints are changed by an admin.",
    schema: updateSchema,
    input,
    write: (tx, data) => {
      const before = loadEndpoint(tx, data.endpointId);
      const row = tx
        .update(webhookEndpoints)
        .set({
          url: data.url,
          description: data.description,
          events: JSON.stringify(data.events),
          allowPrivate: data.allowPrivate,
          updatedAt: new Date().toISOString(),
        })
        .where(eq(webhookEndpoints.id, before.id))
        .returning()
        .get();
      if (!row) throw new AppError("not_found", "That webhook endpoint does not exist.");
      return {
        result: summarize(row, undefined),
        audit: {
          action: "webhook.updated",
          entityType: "webhook_endpoint",
          entityId: row.id,
          before: audited({ ...before, events: parseEventTypes(before.events) }),
          after: audited(data),
        },
      };
    },
  });
}

/** Disables an endpoint (nothing more is queued or sent to it) or enables it again (what was queued is sent). */
export function setWebhookEndpointDisabled(
  input: Loose<typeof disableSchema> & { by: Principal | null },
): WebhookEndpointSummary {
  return mutate({
    by: input.by,
    permission: "webhook.manage",
    person: "Webhook endpoints are changed by an admin.",
    schema: disableSchema,
    input,
    write: (tx, data) => {
      const before = loadEndpoint(tx, data.endpointId);
      if ((before.disabledAt !== null) === data.disabled)
        throw new AppError(
          "invalid",
          data.disabled ? "That endpoint is already disabled." : "That endpoint is already enabled.",
        );
      const now = new Date().toISOString();
      const row = tx
        .update(webhookEndpoints)
        .set({ disabledAt: data.disabled ? now : null, updatedAt: now })
        .where(eq(webhookEndpoints.id, before.id))
        .returning()
        .get();
      if (!row) throw new AppError("not_found", "That webhook endpoint does not exist.");
      return {
        result: summarize(row, undefined),
        audit: {
          action: data.disabled ? "webhook.disabled" : "webhook.enabled",
          entityType: "webhook_endpoint",
          entityId: row.id,
        },
      };
    },
  });
}

/** A new signing secret for the endpoint; the old one stops at once. Shown to the admin once. */
export function rotateWebhookSecret(input: Loose<typeof endpointSchema> & { by: Principal | null }): NewSecret {
  authorize(input.by, "webhook.manage");
  const secret = newSigningSecret();
  const sealed = seal(secret, SECRET_PURPOSE);
  return mutate({
    by: input.by,
    permission: "webhook.manage",
    person: "Webhook secrets are rotated by an admin.",
    schema: endpointSchema,
    input,
    write: (tx, data) => {
      const endpoint = loadEndpoint(tx, data.endpointId);
      tx.update(webhookEndpoints)
        .set({ secret: sealed, updatedAt: new Date().toISOString() })
        .where(eq(webhookEndpoints.id, endpoint.id))
        .run();
      return {
        result: { endpointId: endpoint.id, secret },
        audit: { action: "webhook.secret_rotated", entityType: "webhook_endpoint", entityId: endpoint.id },
      };
    },
  });
}

/** Queues a `webhook.test` delivery to the endpoint, sent like any other. */
export function sendTestEvent(input: Loose<typeof endpointSchema> & { by: Principal | null }): { deliveryId: number } {
  return mutate({
    by: input.by,
    permission: "webhook.manage",
    person: "Test events are sent by an admin.",
    schema: endpointSchema,
    input,
    write: (tx, data) => {
      const endpoint = loadEndpoint(tx, data.endpointId);
      if (endpoint.disabledAt !== null)
        throw new AppError("invalid", "Enable the endpoint before sending it a test event.");
      const now = new Date().toISOString();
      const deliveryId = insertDelivery(
        tx,
        endpoint.id,
        {
          type: TEST_EVENT_TYPE,
          timestamp: now,
          data: { endpointId: endpoint.id, message: "A test event from the Claimtrail desk." },
        },
        null,
        now,
      );
      return {
        result: { deliveryId },
        audit: {
          action: "webhook.test_sent",
          entityType: "webhook_endpoint",
          entityId: endpoint.id,
          after: { deliveryId },
        },
      };
    },
  });
}

/**
 * Sends a failed delivery again from the start of the schedule, with the same
 * webhook-id and body; a delivered one too, for a receiver that lost what it got.
 * One still pending is left to the schedule it is on.
 */
export function redeliverWebhook(input: Loose<typeof redeliverSchema> & { by: Principal | null }): {
  deliveryId: number;
} {
  return mutate({
    by: input.by,
    permission: "webhook.manage",
    person: "Deliveries are redelivered by an admin.",
    schema: redeliverSchema,
    input,
    write: (tx, data) => {
      const delivery = tx
        .select({ id: webhookDeliveries.id, state: webhookDeliveries.state, endpointId: webhookDeliveries.endpointId })
        .from(webhookDeliveries)
        .where(eq(webhookDeliveries.id, data.deliveryId))
        .get();
      if (!delivery) throw new AppError("not_found", "That delivery does not exist.");
      if (delivery.state === "pending")
        throw new AppError("invalid", "That delivery is still pending: it is sent on its schedule.");
      const now = new Date().toISOString();
      tx.update(webhookDeliveries)
        .set({ state: "pending", attempts: 0, nextAttemptAt: now, lockedUntil: null, deliveredAt: null })
        .where(and(eq(webhookDeliveries.id, delivery.id), eq(webhookDeliveries.state, delivery.state)))
        .run();
      return {
        result: { deliveryId: delivery.id },
        audit: {
          action: "webhook.redelivered",
          entityType: "webhook_endpoint",
          entityId: delivery.endpointId,
          after: { deliveryId: delivery.id },
        },
      };
    },
  });
}
