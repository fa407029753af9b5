import type { Metadata } from "next";
import Link from "next/link";
import { FeedbackScope } from "@/app/components/forms";
import { listWebhookEndpoints } from "@/lib/webhooks/endpoints";
import { AdminNav } from "../admin-nav";
import { AdminOnly } from "../admin-only";
import { requireAdmin } from "../require-admin";
import { CreateWebhookForm } from "./create-webhook-form";
import { EndpointState } from "./endpoint-state";
import styles from "../admin.module.css";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Admin: webhooks" };

export default async function WebhooksPage() {
  const admin = await requireAdmin("/review/admin/webhooks");
  if (!admin) return <AdminOnly />;
  const endpoints = listWebhookEndpoints({ by: admin });

  return (
    <>
      <AdminNav />
      <h1>Webhooks</h1>
      <p className="lede">
        The desk tells other systems when a verdict is published, corrected or withdrawn: a signed JSON POST to each
        endpoint registered here, retried with backoff for about a day if the receiver is down. Every change here is
        recorded in the audit log.
      </p>
      {endpoints.length === 0 ? (
        <p className="muted">No endpoints yet.</p>
      ) : (
        <div className={`table-scroll ${styles.spaced}`} role="region" aria-label="Webhook endpoints" tabIndex={0}>
          <table className={`${styles.users} ${styles.stacked}`}>
            <caption className="visually-hidden">Webhook endpoints, oldest first</caption>
            <thead>
              <tr>
                <th scope="col">Receiver</th>
                <th scope="col">Events</th>
                <th scope="col">State</th>
                <th scope="col">Deliveries</th>
              </tr>
            </thead>
            <tbody>
              {endpoints.map((endpoint) => (
                <tr key={endpoint.id}>
                  <th scope="row" className={styles.rowHead}>
                    <Link href={`/review/admin/webhooks/${endpoint.id}`} className={styles.endpointUrl}>
                      {endpoint.url}
                    </Link>
                    {endpoint.description && <span className={styles.rowNote}>{endpoint.description}</span>}
                  </th>
                  <td data-label="Events">
                    <ul className={styles.eventList}>
                      {endpoint.events.map((type) => (
                        <li key={type}>
                          <code>{type}</code>
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td data-label="State">
                    <EndpointState disabled={endpoint.disabled} />
                  </td>
                  <td data-label="Deliveries">
                    {endpoint.delivered} delivered, {endpoint.pending} pending, {endpoint.failed} failed
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <FeedbackScope>
        <CreateWebhookForm />
      </FeedbackScope>
    </>
  );
}
