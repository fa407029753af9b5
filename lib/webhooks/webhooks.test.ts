import http from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Webhook } from "standardwebhooks";
import { z } from "zod";
import { getConnection, getDb } from "@/db/client";
import { webhookDeliveries } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/principal";
import { seal, unseal } from "@/lib/auth/seal";
import { addEvidence } from "@/lib/claims/evidence";
import { createClaim, setClaimStatus } from "@/lib/claims/claims";
import { publishClaim, unpublishClaim } from "@/lib/claims/publication";
import { expectAppError } from "@/lib/testing/app-error";
import { useTemporaryDatabase } from "@/lib/testing/database";
import { demoArticle, demoSentence, makeUser } from "@/lib/testing/fixtures";
import { startWebhookReceiver, verifyStandardWebhook, type WebhookReceiver } from "@/lib/testing/webhook-receiver";
import { MAX_ATTEMPTS, nextAttemptAt, RETRY_DELAYS_MS } from "./backoff";
import {
  createWebhookEndpoint,
  getWebhookEndpoint,
  redeliverWebhook,
  rotateWebhookSecret,
  sendTestEvent,
  setWebhookEndpointDisabled,
  updateWebhookEndpoint,
} from "./endpoints";
import { NOT_PUBLIC_TARGET, sendDelivery } from "./send";
import { newSigningSecret, signedHeaders, signatureMatches } from "./signing";
import { claimDueDeliveries, LEASE_MS, recordAttempt, runWebhookWorkerOnce } from "./worker";

process.env.NEXTAUTH_SECRET ??= "unit-test-secret-for-webhooks-0123456789";

let db: ReturnType<typeof useTemporaryDatabase>;
let admin: SessionUser;
let editor: SessionUser;
let reviewer: SessionUser;
const receivers: WebhookReceiver[] = [];

beforeAll(async () => {
  db = useTemporaryDatabase();
  admin = await makeUser("admin");
  editor = await makeUser("editor");
  reviewer = await makeUser("reviewer");
});
afterAll(() => db.cleanup());
afterEach(async () => {
  for (const receiver of receivers.splice(0)) await receiver.close();
  // Each test starts with an empty queue and no live endpoint.
  const { sqlite } = getConnection();
  sqlite.exec(
    "delete from webhook_attempts; delete from webhook_deliveries; update webhook_endpoints set disabled_at = '2000-01-01T00:00:00.000Z'",
  );
});

async function receiver(answers: number[] = []): Promise<WebhookReceiver> {
  const started = await startWebhookReceiver({ answers });
  receivers.push(started);
  return started;
}

function register(url: string, events: string[] = ["claim.published", "claim.corrected", "claim.unpublished"]) {
  return createWebhookEndpoint({ by: admin, url, events, allowPrivate: "on", description: "Unit test receiver" });
}

let claimCounter = 0;
/** A claim sourced by the reviewer, ready for the editor to publish. */
function sourcedClaim() {
  const sentence = demoSentence("nato-allies");
  const claim = createClaim({
    by: reviewer,
    articleId: demoArticle().id,
    spanStart: sentence.start,
    spanEnd: sentence.end,
    summary: `Webhook claim ${++claimCounter}`,
  });
  const evidence = addEvidence({
    by: reviewer,
    claimId: claim.id,
    url: "https://example.org/webhook-source",
    title: "A supporting source",
    stance: "supports",
  });
  const set = setClaimStatus({
    by: reviewer,
    claimId: claim.id,
    expectedVersion: evidence.version,
    status: "sourced",
    rationale: "The record says so.",
  });
  return { ...claim, version: set.version };
}

function deliveries() {
  return getDb().select().from(webhookDeliveries).orderBy(webhookDeliveries.id).all();
}

const payloadSchema = z.object({
  type: z.string(),
  timestamp: z.string(),
  data: z.looseObject({ slug: z.string().optional(), url: z.string().optional(), status: z.string().optional() }),
});

describe("signing", () => {
  it("signs the Standard Webhooks way, which the standardwebhooks library accepts", () => {
    const secret = newSigningSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const body = JSON.stringify({ type: "claim.published", data: { slug: "x" } });
    const headers = signedHeaders(secret, "msg_abc", new Date(), body);
    expect(headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(verifyStandardWebhook(secret, headers, body)).toBe(true);
    expect(signatureMatches(secret, headers, body)).toBe(true);
  });

  it("gives a signature that fails for another body, id, timestamp or secret", () => {
    const secret = newSigningSecret();
    const at = new Date("2026-01-01T00:00:00Z");
    const headers = signedHeaders(secret, "msg_abc", at, "{}");
    expect(headers["webhook-timestamp"]).toBe("1767225600");
    expect(signatureMatches(secret, headers, "{ }")).toBe(false);
    expect(signatureMatches(secret, { ...headers, "webhook-id": "msg_abd" }, "{}")).toBe(false);
    expect(signatureMatches(secret, { ...headers, "webhook-timestamp": "1767225601" }, "{}")).toBe(false);
    expect(signatureMatches(newSigningSecret(), headers, "{}")).toBe(false);
    expect(() => new Webhook(secret).verify("{ }", headers)).toThrow();
  });
});

describe("sealed secrets", () => {
  it("opens only with the same app secret and purpose, and refuses an altered value", () => {
    const sealed = seal("whsec_abc", "webhook-secret", "a".repeat(40));
    expect(sealed).not.toContain("whsec_abc");
    expect(unseal(sealed, "webhook-secret", "a".repeat(40))).toBe("whsec_abc");
    expect(unseal(sealed, "webhook-secret", "b".repeat(40))).toBeNull();
    expect(unseal(sealed, "totp-secret", "a".repeat(40))).toBeNull();
    const parts = sealed.split(".");
    const body = parts[3] ?? "";
    const altered = [...parts.slice(0, 3), `${body.startsWith("A") ? "B" : "A"}${body.slice(1)}`].join(".");
    expect(unseal(altered, "webhook-secret", "a".repeat(40))).toBeNull();
    expect(unseal("not sealed", "webhook-secret", "a".repeat(40))).toBeNull();
  });

  it("stores a new endpoint's secret sealed, never in clear", () => {
    const { endpoint, secret } = register("http://127.0.0.1:9/never");
    const stored = getConnection()
      .sqlite.prepare("select secret from webhook_endpoints where id = ?")
      .pluck()
      .get(endpoint.id);
    expect(typeof stored).toBe("string");
    expect(stored).not.toContain(secret.slice(6));
    expect(unseal(String(stored), "webhook-secret")).toBe(secret);
  });
});

describe("the retry schedule", () => {
  it("waits 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h, then gives up", () => {
    const at = new Date("2026-01-01T00:00:00Z");
    const waits = Array.from(
      { length: MAX_ATTEMPTS - 1 },
      (_, i) => (nextAttemptAt(i + 1, at)?.getTime() ?? 0) - at.getTime(),
    );
    expect(waits).toEqual([5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]);
    expect(RETRY_DELAYS_MS[0]).toBe(0);
    expect(nextAttemptAt(MAX_ATTEMPTS, at)).toBeNull();
  });
});

describe("queueing in the transaction of the change", () => {
  it("queues one delivery per subscribed endpoint when a verdict is published, with the claim and its ClaimReview", () => {
    const first = register("http://127.0.0.1:9/first");
    register("http://127.0.0.1:9/second", ["claim.unpublished"]);
    const claim = sourcedClaim();
    expect(deliveries()).toHaveLength(0);
    publishClaim({ by: editor, claimId: claim.id, expectedVersion: claim.version });
    const queued = deliveries();
    expect(queued.map((d) => [d.endpointId, d.eventType, d.state])).toEqual([
      [first.endpoint.id, "claim.published", "pending"],
    ]);
    const payload = payloadSchema.parse(JSON.parse(queued[0]?.payload ?? ""));
    expect(payload.type).toBe("claim.published");
    expect(payload.data).toMatchObject({
      slug: claim.slug,
      status: "sourced",
      publishedStatus: "sourced",
      published: true,
    });
    expect(payload.data.url).toMatch(new RegExp(`/claims/${claim.slug}$`));
    expect(payload.data.claimReview).toMatchObject({ "@type": "ClaimReview" });
    const audit = getConnection()
      .sqlite.prepare("select id from audit_events where action = 'claim.published' order by id desc limit 1")
      .pluck()
      .get();
    expect(queued[0]?.auditEventId).toBe(audit);

    unpublishClaim({ by: editor, claimId: claim.id, reason: "Checked again" });
    expect(deliveries().map((d) => d.eventType)).toEqual(["claim.published", "claim.unpublished", "claim.unpublished"]);
  });

  it("queues nothing for a refused write, a disabled endpoint or an event nobody asked for", () => {
    const { endpoint } = register("http://127.0.0.1:9/refused", ["claim.published"]);
    const claim = sourcedClaim();
    // Four eyes: the reviewer who set the verdict may not publish it.
    expectAppError(
      () => publishClaim({ by: reviewer, claimId: claim.id, expectedVersion: claim.version }),
      "forbidden",
    );
    expect(deliveries()).toHaveLength(0);
    setWebhookEndpointDisabled({ by: admin, endpointId: endpoint.id, disabled: "on" });
    publishClaim({ by: editor, claimId: claim.id, expectedVersion: claim.version });
    expect(deliveries()).toHaveLength(0);
  });

  it("leaves no delivery behind when the write rolls back after queueing", () => {
    register("http://127.0.0.1:9/one");
    register("http://127.0.0.1:9/two");
    const claim = sourcedClaim();
    const { sqlite } = getConnection();
    // The second delivery's insert fails, after the first was written in the same transaction.
    sqlite.exec(`create temp trigger refuse_second_delivery before insert on webhook_deliveries
      when (select count(*) from webhook_deliveries) >= 1
      begin select raise(abort, 'refused for the test'); end`);
    try {
      expect(() => publishClaim({ by: editor, claimId: claim.id, expectedVersion: claim.version })).toThrow(
        /refused for the test/,
      );
    } finally {
      sqlite.exec("drop trigger refuse_second_delivery");
    }
    expect(deliveries()).toHaveLength(0);
    const row = sqlite.prepare("select published_at from claims where id = ?").pluck().get(claim.id);
    expect(row).toBeNull();
    expect(
      sqlite
        .prepare("select count(*) from audit_events where action = 'claim.published' and entity_id = ?")
        .pluck()
        .get(String(claim.id)),
    ).toBe(0);
  });

  it("reports status changes only to endpoints that asked for them", () => {
    register("http://127.0.0.1:9/status", ["claim.status_changed"]);
    register("http://127.0.0.1:9/published", ["claim.published"]);
    sourcedClaim();
    const queued = deliveries();
    expect(queued.map((d) => d.eventType)).toEqual(["claim.status_changed"]);
    const payload = payloadSchema.parse(JSON.parse(queued[0]?.payload ?? ""));
    expect(payload.data).toMatchObject({ status: "sourced", previousStatus: "unverified", published: false });
    expect(payload.data.claimReview).toBeUndefined();
  });
});

describe("the SSRF guard", () => {
  it("refuses to register a private or metadata address unless the admin allows private addresses", () => {
    for (const url of [
      "http://169.254.169.254/latest",
      "http://127.0.0.1:8080/",
      "http://[::1]/",
      "http://10.1.2.3/",
      "http://localhost:3000/",
      "http://api.localhost./",
      "http://[::ffff:192.168.0.1]/",
    ]) {
      const error = expectAppError(
        () => createWebhookEndpoint({ by: admin, url, events: ["claim.published"] }),
        "invalid",
      );
      expect(error.fieldErrors.url).toEqual([NOT_PUBLIC_TARGET]);
    }
    expectAppError(
      () => createWebhookEndpoint({ by: admin, url: "ftp://example.org/", events: ["claim.published"] }),
      "invalid",
    );
    expectAppError(
      () => createWebhookEndpoint({ by: admin, url: "https://u:p@example.org/", events: ["claim.published"] }),
      "invalid",
    );
    expectAppError(
      () => createWebhookEndpoint({ by: admin, url: "https://example.org/", events: [] }),
      "invalid",
      /event/,
    );
    expectAppError(
      () => createWebhookEndpoint({ by: editor, url: "https://example.org/", events: ["claim.published"] }),
      "forbidden",
    );
  });

  it("does not connect to a host name that resolves to a private address", async () => {
    const local = await receiver();
    const outcome = await sendDelivery({
      url: `http://hooks.example.org:${local.port}/x`,
      allowPrivate: false,
      headers: {},
      body: "{}",
      resolveHost: () => Promise.resolve([{ address: "127.0.0.1", family: 4 }]),
    });
    expect(outcome).toMatchObject({ ok: false, refused: true, error: NOT_PUBLIC_TARGET });
    expect(local.received).toHaveLength(0);
    // The same name, allowed private, reaches the pinned address.
    const allowed = await sendDelivery({
      url: `http://hooks.example.org:${local.port}/x`,
      allowPrivate: true,
      headers: {},
      body: "{}",
      resolveHost: () => Promise.resolve([{ address: "127.0.0.1", family: 4 }]),
    });
    expect(allowed).toEqual({ ok: true, status: 200 });
    expect(local.received.map((r) => r.headers.host)).toEqual([`hooks.example.org:${local.port}`]);
  });

  it("gives up on a receiver that does not answer in time, and reads no more than the start of a long answer", async () => {
    const silent = http.createServer(() => undefined);
    const chatty = http.createServer((_request, response) => {
      response.writeHead(200);
      // Far more than the sender reads; it stops and closes the connection.
      const chunk = Buffer.alloc(64 * 1024, 120);
      const write = (): void => {
        while (response.write(chunk));
        response.once("drain", write);
      };
      write();
    });
    const listen = (server: http.Server) =>
      new Promise<number>((resolve) =>
        server.listen(0, "127.0.0.1", () => {
          const address = server.address();
          resolve(typeof address === "object" && address ? address.port : 0);
        }),
      );
    try {
      const silentPort = await listen(silent);
      const late = await sendDelivery({
        url: `http://127.0.0.1:${silentPort}/`,
        allowPrivate: true,
        headers: {},
        body: "{}",
        timeoutMs: 300,
      });
      expect(late).toMatchObject({ ok: false, status: null, error: "No answer within 0.3 seconds." });
      const chattyPort = await listen(chatty);
      expect(
        await sendDelivery({ url: `http://127.0.0.1:${chattyPort}/`, allowPrivate: true, headers: {}, body: "{}" }),
      ).toEqual({
        ok: true,
        status: 200,
      });
    } finally {
      silent.closeAllConnections();
      chatty.closeAllConnections();
      silent.close();
      chatty.close();
    }
  });

  it("does not follow a redirect", async () => {
    const local = await receiver([302]);
    const outcome = await sendDelivery({ url: local.url, allowPrivate: true, headers: {}, body: "{}" });
    expect(outcome).toMatchObject({ ok: false, status: 302 });
    expect(local.received).toHaveLength(1);
  });
});

describe("the worker", () => {
  it("claims a due delivery for one worker only, until its lease runs out", () => {
    const { endpoint } = register("http://127.0.0.1:9/lock");
    sendTestEvent({ by: admin, endpointId: endpoint.id });
    const now = new Date();
    const first = claimDueDeliveries(now);
    expect(first).toHaveLength(1);
    expect(claimDueDeliveries(now)).toHaveLength(0);
    expect(claimDueDeliveries(new Date(now.getTime() + LEASE_MS - 1))).toHaveLength(0);
    const late = claimDueDeliveries(new Date(now.getTime() + LEASE_MS + 1));
    expect(late.map((d) => d.id)).toEqual(first.map((d) => d.id));
    // The first worker's lease is gone: what it records does not move the row the second now holds.
    const [stale] = first;
    if (!stale) throw new Error("nothing claimed");
    recordAttempt(stale, { ok: true, status: 200 }, new Date(), 5);
    expect(deliveries()[0]).toMatchObject({ state: "pending", attempts: 0, lockedUntil: late[0]?.lockedUntil });
  });

  it("signs each attempt, retries a 500 after the backoff with the same webhook-id, and marks it delivered", async () => {
    const local = await receiver([500]);
    const { endpoint, secret } = register(local.url);
    const claim = sourcedClaim();
    publishClaim({ by: editor, claimId: claim.id, expectedVersion: claim.version });
    const start = new Date();
    expect(await runWebhookWorkerOnce(undefined, start)).toBe(1);
    expect(deliveries()[0]).toMatchObject({ state: "pending", attempts: 1, lastStatus: 500 });
    // Not due again before the backoff.
    expect(await runWebhookWorkerOnce(undefined, new Date(start.getTime() + 1_000))).toBe(0);
    expect(await runWebhookWorkerOnce(undefined, new Date(start.getTime() + 6_000))).toBe(1);
    expect(deliveries()[0]).toMatchObject({ state: "delivered", attempts: 2, lastStatus: 200, lockedUntil: null });
    expect(local.received).toHaveLength(2);
    const [one, two] = local.received;
    expect(one?.headers["webhook-id"]).toBe(two?.headers["webhook-id"]);
    expect(one?.body).toBe(two?.body);
    for (const request of local.received) {
      expect(request.headers["content-type"]).toBe("application/json");
      expect(verifyStandardWebhook(secret, request.headers, request.body)).toBe(true);
    }
    expect(payloadSchema.parse(JSON.parse(two?.body ?? "")).data.slug).toBe(claim.slug);
    const log = getWebhookEndpoint({ by: admin, endpointId: endpoint.id });
    expect(log?.deliveries[0]?.log.map((a) => a.statusCode)).toEqual([500, 200]);
  });

  it("marks a delivery failed after the last attempt, and redelivers it on request", async () => {
    const local = await receiver([503]);
    const { endpoint } = register(local.url);
    sendTestEvent({ by: admin, endpointId: endpoint.id });
    getConnection()
      .sqlite.prepare("update webhook_deliveries set attempts = ?")
      .run(MAX_ATTEMPTS - 1);
    await runWebhookWorkerOnce();
    const [failed] = deliveries();
    expect(failed).toMatchObject({ state: "failed", attempts: MAX_ATTEMPTS, lastStatus: 503 });
    expect(failed?.lastError).toMatch(/HTTP 503/);
    expectAppError(() => redeliverWebhook({ by: editor, deliveryId: failed?.id }), "forbidden");
    redeliverWebhook({ by: admin, deliveryId: failed?.id });
    expectAppError(() => redeliverWebhook({ by: admin, deliveryId: failed?.id }), "invalid", /still pending/);
    await runWebhookWorkerOnce();
    expect(deliveries()[0]).toMatchObject({ state: "delivered", attempts: 1, messageId: failed?.messageId });
  });

  it("signs with the new secret after a rotation, and records an edit in the audit log without the address's path", async () => {
    const local = await receiver();
    const { endpoint, secret: old } = register(local.url);
    const { secret } = rotateWebhookSecret({ by: admin, endpointId: endpoint.id });
    expect(secret).not.toBe(old);
    sendTestEvent({ by: admin, endpointId: endpoint.id });
    await runWebhookWorkerOnce();
    const [request] = local.received;
    expect(request && verifyStandardWebhook(secret, request.headers, request.body)).toBe(true);
    expect(request && verifyStandardWebhook(old, request.headers, request.body)).toBe(false);

    updateWebhookEndpoint({
      by: admin,
      endpointId: endpoint.id,
      url: `${local.url}?token=hidden`,
      events: "claim.corrected",
      allowPrivate: "on",
    });
    const after = getConnection()
      .sqlite.prepare("select after from audit_events where action = 'webhook.updated' order by id desc limit 1")
      .pluck()
      .get();
    expect(String(after)).toContain(`"origin":"http://127.0.0.1:${local.port}"`);
    expect(String(after)).not.toContain("hidden");
    expect(getWebhookEndpoint({ by: admin, endpointId: endpoint.id })?.endpoint.events).toEqual(["claim.corrected"]);
  });
});
