import "server-only";
import type { z } from "zod";
import { writeTransaction, type Tx } from "@/db/client";
import { appendAuditEvent, type Actor, type AuditInput } from "@/lib/audit/events";
import { assertWritesAllowed } from "@/lib/audit/guard";
import type { Permission } from "@/lib/auth/permissions";
import { actorOf, authorize, type Principal, type SessionUser } from "@/lib/auth/principal";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { enqueueWebhookDeliveries } from "@/lib/webhooks/enqueue";

/**
 * One audit event a write records. The actor defaults to whoever asked for the
 * write; `at` pins the event's time to a timestamp the write also stored.
 */
export type AuditedEvent = Omit<AuditInput, "actor"> & { actor?: Actor; at?: Date };

/** What a write hands back: its result, and at least one audit event (DESIGN.md: every write is audited). */
export interface Audited<R> {
  result: R;
  audit: AuditedEvent | readonly [AuditedEvent, ...AuditedEvent[]];
}

type Data<S> = S extends z.ZodType ? z.output<S> : undefined;

interface Parsed<S extends z.ZodType | undefined> {
  /** Parsed before the write lock is taken; bad input changes nothing. */
  schema?: S;
  input?: unknown;
}

/** A write by someone signed in (or the command line), checked against `permission` before anything else. */
export interface AuthorizedMutation<S extends z.ZodType | undefined, R> extends Parsed<S> {
  by: Principal | null;
  permission: Permission;
  write: (tx: Tx, data: Data<S>, by: Principal) => Audited<R>;
}

/** The same, for writes only a person may make: the system principal is refused with `person` as the message. */
export interface PersonMutation<S extends z.ZodType | undefined, R> extends Parsed<S> {
  by: Principal | null;
  permission: Permission;
  person: string;
  write: (tx: Tx, data: Data<S>, by: SessionUser) => Audited<R>;
}

/**
 * A write no permission governs: a reader's correction request, a sign-in
 * attempt, a sign-out by session token. `actor` is who the audit log names.
 */
export interface UnauthenticatedMutation<S extends z.ZodType | undefined, R> extends Parsed<S> {
  actor: Actor;
  write: (tx: Tx, data: Data<S>) => Audited<R>;
}

function parsed<S extends z.ZodType | undefined>(options: Parsed<S>): Data<S>;
function parsed(options: Parsed<z.ZodType | undefined>): unknown {
  return options.schema ? parseInput(options.schema, options.input) : undefined;
}

function events(audit: Audited<unknown>["audit"]): readonly AuditedEvent[] {
  return "action" in audit ? [audit] : audit;
}

/**
 * Every write in lib/ goes through here: authorize, parse, the audit guard
 * (lib/audit/guard.ts), one synchronous BEGIN IMMEDIATE transaction, and the
 * write's audit events appended in that same transaction after its rows, so
 * no write can commit without them; the webhook deliveries those events call
 * for are queued there too (lib/webhooks/enqueue.ts). Anything slow or asynchronous (hashing a
 * password, fetching a page) is done by the caller first and handed in.
 */
export function mutate<S extends z.ZodType | undefined = undefined, R = void>(options: PersonMutation<S, R>): R;
export function mutate<S extends z.ZodType | undefined = undefined, R = void>(options: AuthorizedMutation<S, R>): R;
export function mutate<S extends z.ZodType | undefined = undefined, R = void>(
  options: UnauthenticatedMutation<S, R>,
): R;
export function mutate<S extends z.ZodType | undefined, R>(
  options: PersonMutation<S, R> | AuthorizedMutation<S, R> | UnauthenticatedMutation<S, R>,
): R {
  if ("actor" in options) {
    const data = parsed(options);
    return inTransaction(options.actor, (tx) => options.write(tx, data));
  }
  authorize(options.by, options.permission);
  const by = options.by;
  const data = parsed(options);
  if ("person" in options) {
    if (by.kind !== "user") throw new AppError("forbidden", options.person);
    return inTransaction(actorOf(by), (tx) => options.write(tx, data, by));
  }
  return inTransaction(actorOf(by), (tx) => options.write(tx, data, by));
}

function inTransaction<R>(actor: Actor, work: (tx: Tx) => Audited<R>): R {
  assertWritesAllowed();
  return writeTransaction((tx) => {
    const { result, audit } = work(tx);
    const appended = events(audit).map(({ at, ...event }) =>
      appendAuditEvent(tx, { ...event, actor: event.actor ?? actor }, at),
    );
    enqueueWebhookDeliveries(tx, appended);
    return result;
  });
}
