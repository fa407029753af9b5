import "server-only";
import { randomBytes } from "node:crypto";
import { eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/db/client";
import {
  articles,
  claims,
  WEBHOOK_EVENT_TYPES,
  webhookDeliveries,
  webhookEndpoints,
  type WebhookEventType,
} from "@/db/schema";
import type { AuditRow } from "@/lib/audit/chain";
import { claimReviewJsonLd } from "@/lib/public/claim-review";
import { getPublishedClaim } from "@/lib/public/published-claim";
import { absoluteUrl } from "@/lib/site";

// The queue is filled inside the transaction of the change it reports
// (mutate() calls enqueueWebhookDeliveries with the audit events it just
// appended), so a publication that commits always has its deliveries, and a
// write that rolls back leaves none. The worker (worker.ts) sends them.

/** The event a delivery made with "Send test event" carries; no desk change has this type. */
export const TEST_EVENT_TYPE = "webhook.test";

const eventTypes = z.array(z.enum(WEBHOOK_EVENT_TYPES));

/** An endpoint's stored event list (JSON), parsed: the events it asked for. */
export function parseEventTypes(stored: string): WebhookEventType[] {
  const parsed = eventTypes.safeParse(parseJson(stored));
  return parsed.success ? parsed.data : [];
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isWebhookEvent(action: string): action is WebhookEventType {
  return (WEBHOOK_EVENT_TYPES as readonly string[]).includes(action);
}

/** A delivery's webhook-id: the same for every attempt, so a receiver can drop a repeat. */
export function newMessageId(): string {
  return `msg_${randomBytes(16).toString("base64url")}`;
}

export interface WebhookPayload {
  type: string;
  timestamp: string;
  data: Record<string, unknown>;
}

const statusOf = z.looseObject({ status: z.string().optional() });

function previousStatus(before: string | null): string | null {
  if (before === null) return null;
  const parsed = statusOf.safeParse(parseJson(before));
  return parsed.success ? (parsed.data.status ?? null) : null;
}

/** What a claim event says: the claim as the change left it, its public page and, while published, its ClaimReview. */
function claimEventPayload(tx: Tx, event: AuditRow & { action: WebhookEventType }): WebhookPayload | null {
  const claim = tx
    .select({
      slug: claims.slug,
      status: claims.status,
      summary: claims.summary,
      claimant: claims.claimant,
      publishedStatus: claims.publishedStatus,
      publishedAt: claims.publishedAt,
      articleSlug: articles.slug,
      articleTitle: articles.title,
    })
    .from(claims)
    .innerJoin(articles, eq(articles.id, claims.articleId))
    .where(eq(claims.id, Number(event.entityId)))
    .get();
  if (!claim) return null;
  // Reads the published snapshot this very transaction wrote: the same connection sees it before commit.
  const published = claim.publishedAt ? getPublishedClaim(claim.slug) : null;
  const data: Record<string, unknown> = {
    slug: claim.slug,
    url: absoluteUrl(`/claims/${claim.slug}`),
    status: claim.status,
    publishedStatus: claim.publishedStatus,
    published: claim.publishedAt !== null,
    summary: claim.summary,
    claimant: claim.claimant,
    article: { slug: claim.articleSlug, title: claim.articleTitle, url: absoluteUrl(`/articles/${claim.articleSlug}`) },
    auditEventId: event.id,
  };
  if (event.action === "claim.status_changed") data.previousStatus = previousStatus(event.before);
  if (event.reason) data.reason = event.reason;
  if (published && event.action !== "claim.status_changed") data.claimReview = claimReviewJsonLd(published);
  return { type: event.action, timestamp: event.at, data };
}

/** Queues one delivery of `payload` to an endpoint, due at once. */
export function insertDelivery(
  tx: Tx,
  endpointId: number,
  payload: WebhookPayload,
  auditEventId: number | null,
  now: string,
): number {
  return tx
    .insert(webhookDeliveries)
    .values({
      endpointId,
      messageId: newMessageId(),
      eventType: payload.type,
      payload: JSON.stringify(payload),
      auditEventId,
      nextAttemptAt: now,
      createdAt: now,
    })
    .returning({ id: webhookDeliveries.id })
    .get().id;
}

/**
 * Queues a delivery to every enabled endpoint that asked for one of these
 * events' types. Called by mutate() inside the write's transaction.
 */
export function enqueueWebhookDeliveries(tx: Tx, events: readonly AuditRow[]): void {
  const reported = events.filter(
    (event): event is AuditRow & { action: WebhookEventType } =>
      event.entityType === "claim" && isWebhookEvent(event.action),
  );
  if (reported.length === 0) return;
  const endpoints = tx
    .select({ id: webhookEndpoints.id, events: webhookEndpoints.events })
    .from(webhookEndpoints)
    .where(isNull(webhookEndpoints.disabledAt))
    .all()
    .map((endpoint) => ({ id: endpoint.id, events: parseEventTypes(endpoint.events) }));
  if (endpoints.length === 0) return;
  const now = new Date().toISOString();
  for (const event of reported) {
    const subscribers = endpoints.filter((endpoint) => endpoint.events.includes(event.action));
    if (subscribers.length === 0) continue;
    const payload = claimEventPayload(tx, event);
    if (!payload) continue;
    for (const endpoint of subscribers) insertDelivery(tx, endpoint.id, payload, event.id, now);
  }
}
