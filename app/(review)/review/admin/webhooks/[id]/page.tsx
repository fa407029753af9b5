import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { FeedbackScope } from "@/app/components/forms";
import { formatDateTime } from "@/app/components/format";
import { Panel } from "@/app/components/panel";
import { getWebhookEndpoint, type WebhookDeliveryEntry } from "@/lib/webhooks/endpoints";
import { AdminNav } from "../../admin-nav";
import { AdminOnly } from "../../admin-only";
import { requireAdmin } from "../../require-admin";
import { EditWebhookForm, EndpointControls, RedeliverButton } from "../endpoint-controls";
import { DeliveryState, EndpointState } from "../endpoint-state";
import styles from "../../admin.module.css";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Admin: webhook endpoint" };

/** What the last column says for each state, as its label on narrow screens. */
const WHEN_LABEL: Record<WebhookDeliveryEntry["state"], string> = {
  pending: "Next attempt",
  delivered: "Delivered",
  failed: "Gave up",
};

function Time({ at }: { at: string }) {
  return <time dateTime={at}>{formatDateTime(at)}</time>;
}

function AttemptLog({ delivery }: { delivery: WebhookDeliveryEntry }) {
  if (delivery.log.length === 0) return <span className="muted">Not tried yet</span>;
  return (
    <ol className={styles.attempts}>
      {delivery.log.map((attempt, index) => (
        <li key={`${attempt.at}-${index}`}>
          <Time at={attempt.at} />: {attempt.statusCode === null ? "no answer" : `HTTP ${attempt.statusCode}`} after{" "}
          {attempt.durationMs.toLocaleString("en-GB")} ms
          {attempt.error && <span className={`${styles.block} ${styles.attemptError}`}>{attempt.error}</span>}
        </li>
      ))}
    </ol>
  );
}

export default async function WebhookEndpointPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const admin = await requireAdmin(`/review/admin/webhooks/${encodeURIComponent(id)}`);
  if (!admin) return <AdminOnly />;
  const found = getWebhookEndpoint({ by: admin, endpointId: id });
  if (!found) notFound();
  const { endpoint, deliveries } = found;

  return (
    <>
      <AdminNav />
      <p>
        <Link href="/review/admin/webhooks">All webhooks</Link>
      </p>
      <h1 className={styles.endpointUrl}>{endpoint.url}</h1>
      <p className="lede">
        <EndpointState disabled={endpoint.disabled} /> {endpoint.delivered} delivered, {endpoint.pending} pending,{" "}
        {endpoint.failed} failed. Registered <Time at={endpoint.createdAt} />.
      </p>
      <FeedbackScope>
        <EndpointControls endpointId={endpoint.id} disabled={endpoint.disabled} />
        <EditWebhookForm endpointId={endpoint.id} saved={endpoint} />
      </FeedbackScope>

      <Panel aria-labelledby="delivery-log-heading">
        <h2 id="delivery-log-heading" className={styles.flush}>
          Delivery log
        </h2>
        {deliveries.length === 0 ? (
          <p className="muted">Nothing sent yet.</p>
        ) : (
          <div className="table-scroll" role="region" aria-label="Delivery log" tabIndex={0}>
            <table className={styles.stacked}>
              <caption className="visually-hidden">
                The latest deliveries, newest first, each with every attempt
              </caption>
              <thead>
                <tr>
                  <th scope="col">Event</th>
                  <th scope="col">State</th>
                  <th scope="col">Attempts</th>
                  <th scope="col">Next attempt or done</th>
                </tr>
              </thead>
              <tbody>
                {deliveries.map((delivery) => {
                  const labelId = `delivery-${delivery.id}`;
                  return (
                    <tr key={delivery.id}>
                      <th scope="row" id={labelId} className={styles.rowHead}>
                        <code>{delivery.eventType}</code>
                        <span className={`${styles.rowNote} ${styles.messageId}`}>{delivery.messageId}</span>
                        <span className={styles.rowNote}>
                          Queued <Time at={delivery.createdAt} />
                        </span>
                      </th>
                      <td data-label="State">
                        <DeliveryState state={delivery.state} />
                      </td>
                      <td data-label="Attempts">
                        <AttemptLog delivery={delivery} />
                      </td>
                      <td data-label={WHEN_LABEL[delivery.state]}>
                        {delivery.state === "pending" && <Time at={delivery.nextAttemptAt} />}
                        {delivery.state === "delivered" && delivery.deliveredAt && <Time at={delivery.deliveredAt} />}
                        {delivery.state !== "pending" && (
                          <RedeliverButton endpointId={endpoint.id} deliveryId={delivery.id} labelId={labelId} />
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </Panel>
    </>
  );
}
