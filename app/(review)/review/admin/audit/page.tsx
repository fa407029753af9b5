import type { Metadata } from "next";
import Link from "next/link";
import {
  AUDIT_FILTER_KEYS,
  auditFilterChoices,
  listAuditEvents,
  type AuditLogEntry,
  type AuditLogPage,
} from "@/lib/admin/audit-log";
import { diffFields, type HistoryChange } from "@/lib/claims/history";
import { isAppError } from "@/lib/errors";
import { formatDateTime } from "@/app/components/format";
import { AdminNav } from "../admin-nav";
import { AdminOnly } from "../admin-only";
import { requireAdmin } from "../require-admin";
import styles from "../admin.module.css";
import { TextField } from "@/app/components/forms";
import { Panel } from "@/app/components/panel";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Admin: audit log" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
type FilterKey = (typeof AUDIT_FILTER_KEYS)[number];

const FIELDS: { key: FilterKey; label: string; type: "text" | "date"; hint?: string; list?: string }[] = [
  { key: "actor", label: "Actor", type: "text", hint: "A user's email or id, or system, or public." },
  {
    key: "action",
    label: "Action",
    type: "text",
    hint: "Exact, or a prefix ending in a dot, like claim.",
    list: "audit-actions",
  },
  {
    key: "entityType",
    label: "Entity type",
    type: "text",
    hint: "Like claim, evidence or user.",
    list: "audit-entity-types",
  },
  { key: "entityId", label: "Entity id", type: "text" },
  { key: "from", label: "From", type: "date", hint: "On or after this day (UTC)." },
  { key: "to", label: "To", type: "date", hint: "On or before this day (UTC)." },
];

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** The page's address with these filters (and cursor), for links that keep them. */
function hrefWith(
  base: string,
  filters: Partial<Record<FilterKey, string>>,
  extra: Record<string, string> = {},
): string {
  const query = new URLSearchParams();
  for (const key of AUDIT_FILTER_KEYS) {
    const value = filters[key];
    if (value) query.set(key, value);
  }
  for (const [key, value] of Object.entries(extra)) query.set(key, value);
  const text = query.toString();
  return text ? `${base}?${text}` : base;
}

/** "5 Mar 2024, 14:07:33 UTC": an audit event wants its second. Stored times are toISOString() output. */
function formatInstant(iso: string): string {
  return formatDateTime(iso).replace(/\d\d:\d\d UTC$/, `${iso.slice(11, 19)} UTC`);
}

function show(value: unknown): string {
  if (value === null || value === undefined || value === "") return "(none)";
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return value ? "yes" : "no";
  return JSON.stringify(value);
}

function Changes({ changes }: { changes: HistoryChange[] }) {
  if (changes.length === 0) return null;
  return (
    <ul className={styles.changes}>
      {changes.map((change) => (
        <li key={change.field}>
          <span className={styles.changeField}>{change.field}:</span>{" "}
          <span className={styles.before}>{show(change.before)}</span> <span aria-hidden="true">→</span>
          <span className="visually-hidden">changed to</span> <span>{show(change.after)}</span>
        </li>
      ))}
    </ul>
  );
}

function Actor({ actor }: { actor: AuditLogEntry["actor"] }) {
  if (actor.kind === "system") return <>System</>;
  if (actor.kind === "public") return <>Public</>;
  return (
    <>
      {actor.name ?? `User #${actor.id ?? "?"}`}
      {actor.email && <span className={styles.actorEmail}>{actor.email}</span>}
    </>
  );
}

export default async function AuditLogPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const text = (key: FilterKey) => first(params[key])?.trim() ?? "";
  const typed: Record<FilterKey, string> = {
    actor: text("actor"),
    action: text("action"),
    entityType: text("entityType"),
    entityId: text("entityId"),
    from: text("from"),
    to: text("to"),
  };
  const cursor = first(params.cursor);
  const admin = await requireAdmin(hrefWith("/review/admin/audit", typed, cursor ? { cursor } : {}));
  if (!admin) return <AdminOnly />;

  let page: AuditLogPage | null = null;
  let refused: { message: string; fieldErrors: Record<string, string[]> } | null = null;
  try {
    page = listAuditEvents({ by: admin, ...typed, cursor });
  } catch (error) {
    if (!isAppError(error) || error.code !== "invalid") throw error;
    refused = { message: error.message, fieldErrors: error.fieldErrors };
  }
  const choices = auditFilterChoices({ by: admin });
  const filtered = AUDIT_FILTER_KEYS.some((key) => typed[key] !== "");

  return (
    <>
      <AdminNav />
      <h1>Audit log</h1>
      <p className="lede">
        Every recorded change and sign-in, newest first. The log is append-only and each event&apos;s hash covers the
        one before it; the <Link href="/review/admin/chain">chain check</Link> recomputes them all.
      </p>

      <Panel as="div">
        <form method="get" action="/review/admin/audit" className={styles.filterForm} aria-label="Filter events">
          {FIELDS.map((field) => (
            <TextField
              key={field.key}
              id={`filter-${field.key}`}
              name={field.key}
              label={field.label}
              hint={field.hint}
              errors={refused?.fieldErrors[field.key]}
              type={field.type === "date" ? "date" : "text"}
              defaultValue={typed[field.key]}
              list={field.list}
              autoComplete="off"
            />
          ))}
          <datalist id="audit-actions">
            {[...new Set(choices.actions.map((a) => `${a.split(".")[0]}.`))].map((prefix) => (
              <option key={prefix} value={prefix} />
            ))}
            {choices.actions.map((action) => (
              <option key={action} value={action} />
            ))}
          </datalist>
          <datalist id="audit-entity-types">
            {choices.entityTypes.map((type) => (
              <option key={type} value={type} />
            ))}
          </datalist>
          <div className={styles.filterButtons}>
            <button type="submit">Filter</button>
            {filtered && <Link href="/review/admin/audit">Clear filters</Link>}
          </div>
        </form>
      </Panel>

      {refused && (
        <p role="alert" className="form-alert">
          {refused.message}
        </p>
      )}

      {page && (
        <>
          <ul className={styles.downloads} aria-label="Download these events">
            <li>
              <a href={hrefWith("/review/admin/audit/export", typed, { format: "csv" })}>Download CSV</a>
            </li>
            <li>
              <a href={hrefWith("/review/admin/audit/export", typed, { format: "jsonl" })}>Download JSON Lines</a>
            </li>
            <li className="muted">Downloads hold every matching event, oldest first, and are recorded in this log.</li>
          </ul>

          {page.events.length === 0 ? (
            <p className="empty">{filtered ? "No events match these filters." : "No events yet."}</p>
          ) : (
            <div className="table-scroll" role="region" aria-label="Audit events" tabIndex={0}>
              <table className={styles.events}>
                <caption className="visually-hidden">Audit events, newest first</caption>
                <thead>
                  <tr>
                    <th scope="col">Event</th>
                    <th scope="col">Actor</th>
                    <th scope="col">Action</th>
                    <th scope="col">Changes</th>
                  </tr>
                </thead>
                <tbody>
                  {page.events.map((event) => (
                    <tr key={event.id}>
                      <td className={styles.eventCell}>
                        <span className={styles.eventId}>#{event.id}</span>
                        <time dateTime={event.at}>{formatInstant(event.at)}</time>
                        <code className={styles.hash} title={`SHA-256 ${event.hash}`}>
                          <span className="visually-hidden">Hash </span>
                          {event.hash.slice(0, 12)}
                        </code>
                      </td>
                      <td>
                        <Actor actor={event.actor} />
                      </td>
                      <td>
                        <span className={styles.action}>{event.action}</span>
                        <span className={styles.entity}>
                          on{" "}
                          <Link
                            href={hrefWith("/review/admin/audit", {
                              entityType: event.entityType,
                              entityId: event.entityId,
                            })}
                            title={`Every event about ${event.entityType} ${event.entityId}`}
                          >
                            {event.entityType} {event.entityId}
                          </Link>
                        </span>
                      </td>
                      <td>
                        <Changes changes={diffFields(event.before, event.after)} />
                        {event.reason && <p className={styles.reason}>Reason: {event.reason}</p>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}

          {(cursor || page.nextCursor !== null) && (
            <nav aria-label="Pages" className={styles.pager}>
              {cursor ? <Link href={hrefWith("/review/admin/audit", typed)}>Newest events</Link> : <span />}
              {page.nextCursor !== null && (
                <Link href={hrefWith("/review/admin/audit", typed, { cursor: String(page.nextCursor) })}>
                  Older events
                </Link>
              )}
            </nav>
          )}
        </>
      )}
    </>
  );
}
