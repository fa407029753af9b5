import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Reader } from "@/db/client";
import { ROLES, users, type Role } from "@/db/schema";
import { PUBLIC } from "@/lib/audit/events";
import { burnPasswordCheck, hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from "@/lib/auth/password";
import { loginAuditHash, loginFailureWindows } from "@/lib/auth/login-audit";
import { loginThrottles, secondFactorThrottles } from "@/lib/auth/login-throttle";
import { authorize, type Principal, type SessionUser } from "@/lib/auth/principal";
import { atomically } from "@/lib/limits/store";
import { AppError } from "@/lib/errors";
import { mutate } from "@/lib/mutation";
import { parseInput, type Loose } from "@/lib/validation";
import { endSessionRows, insertSession, newSessionId, sessionAlive, type SignInMethod } from "./sessions";
import { lacksRequiredTwoFactor, useSecondFactor } from "./two-factor";

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: "Enter a valid email address." }).max(254, "Email is too long."));
export const roleSchema = z.enum(ROLES, { message: `Role must be one of: ${ROLES.join(", ")}.` });
export const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `Password must be at least ${MIN_PASSWORD_LENGTH} characters.`)
  .max(200, "Password must be at most 200 characters.");
const nameSchema = z.string().trim().min(1, "Name is required.").max(120, "Name is too long.");

export interface UserSummary {
  id: number;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
}

const summaryColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  disabledAt: users.disabledAt,
};

function toSummary(row: { id: number; email: string; name: string; role: Role; disabledAt: string | null }): UserSummary {
  return { id: row.id, email: row.email, name: row.name, role: row.role, disabled: row.disabledAt !== null };
}

const createUserInput = z.object({ email: emailSchema, name: nameSchema, role: roleSchema, password: passwordSchema });

export async function createUser(input: Loose<typeof createUserInput> & { by: Principal | null }): Promise<UserSummary> {
  authorize(input.by, "user.manage");
  const data = parseInput(createUserInput, input);
  // Hashing is slow and asynchronous, so it runs before the write, which only stores the hash.
  const passwordHash = await hashPassword(data.password);
  return mutate({
    by: input.by,
    permission: "user.manage",
    write: (tx) => {
      const taken = tx.select({ id: users.id }).from(users).where(eq(users.email, data.email)).get();
      if (taken) throw new AppError("invalid", "A user with this email already exists.", { email: ["Already in use."] });
      const now = new Date().toISOString();
      const row = tx
        .insert(users)
        .values({ email: data.email, name: data.name, role: data.role, passwordHash, createdAt: now })
        .returning(summaryColumns)
        .get();
      const user = toSummary(row);
      return { result: user, audit: { action: "user.created", entityType: "user", entityId: user.id, after: user } };
    },
  });
}

const isSelf = (by: Principal, user: UserSummary) => by.kind === "user" && by.id === user.id;

function findByEmail(tx: Reader, email: string) {
  const row = tx.select(summaryColumns).from(users).where(eq(users.email, email)).get();
  if (!row) throw new AppError("not_found", `No user with email ${email}.`);
  return row;
}

export async function setUserRole(input: { by: Principal | null; email: unknown; role: unknown }): Promise<UserSummary> {
  return mutate({
    by: input.by,
    permission: "user.manage",
    schema: z.object({ email: emailSchema, role: roleSchema }),
    input,
    write: (tx, { email, role }, by) => {
      const before = toSummary(findByEmail(tx, email));
      if (before.role === role) throw new AppError("invalid", `${email} already has the role ${role}.`);
      // An admin cannot lock themselves out; another admin must do it, so one always remains.
      if (isSelf(by, before) && before.role === "admin") {
        throw new AppError("rule", "You cannot remove your own admin role; ask another administrator.");
      }
      const row = tx.update(users).set({ role }).where(eq(users.id, before.id)).returning(summaryColumns).get();
      const after = row ? toSummary(row) : before;
      return { result: after, audit: { action: "user.role_changed", entityType: "user", entityId: before.id, before, after } };
    },
  });
}

export async function setUserDisabled(input: { by: Principal | null; email: unknown; disabled: boolean }): Promise<UserSummary> {
  return mutate({
    by: input.by,
    permission: "user.manage",
    schema: z.object({ email: emailSchema }),
    input,
    write: (tx, { email }, by) => {
      const before = toSummary(findByEmail(tx, email));
      if (before.disabled === input.disabled) {
        throw new AppError("invalid", `${email} is already ${input.disabled ? "disabled" : "enabled"}.`);
      }
      if (input.disabled && isSelf(by, before)) {
        throw new AppError("rule", "You cannot disable your own account; ask another administrator.");
      }
      const row = tx
        .update(users)
        .set({
          disabledAt: input.disabled ? new Date().toISOString() : null,
          sessionVersion: sql`${users.sessionVersion} + 1`,
        })
        .where(eq(users.id, before.id))
        .returning(summaryColumns)
        .get();
      const after = row ? toSummary(row) : before;
      return {
        result: after,
        audit: { action: input.disabled ? "user.disabled" : "user.enabled", entityType: "user", entityId: before.id, before, after },
      };
    },
  });
}

export async function resetPassword(input: { by: Principal | null; email: unknown; password: unknown }): Promise<UserSummary> {
  authorize(input.by, "user.manage");
  const { email, password } = parseInput(z.object({ email: emailSchema, password: passwordSchema }), input);
  const passwordHash = await hashPassword(password);
  return mutate({
    by: input.by,
    permission: "user.manage",
    write: (tx) => {
      const user = toSummary(findByEmail(tx, email));
      // A new password ends every session the old one opened.
      tx.update(users)
        .set({ passwordHash, sessionVersion: sql`${users.sessionVersion} + 1` })
        .where(eq(users.id, user.id))
        .run();
      return { result: user, audit: { action: "user.password_reset", entityType: "user", entityId: user.id } };
    },
  });
}

export interface AuthenticatedUser {
  id: number;
  name: string;
  email: string;
  sessionVersion: number;
  /** The new session's random id, carried in the session token; the database keeps only its hash. */
  sessionId: string;
  method: SignInMethod;
}

/** The audit subject of a failed sign-in: the account, or one "unknown" for every email that names none. */
const UNKNOWN_ACCOUNT = "unknown";

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * How a sign-in ended. `code_needed` and `code_refused` only ever answer the
 * right password for an account with two-factor sign-in: whoever sees them
 * has proved the password already, and every other failure reads the same.
 */
export type SignInOutcome =
  | { kind: "signed_in"; user: AuthenticatedUser }
  | { kind: "failed" }
  | { kind: "code_needed" }
  | { kind: "code_refused" };

export interface SignInInput {
  email: unknown;
  password: unknown;
  /** The second step: a six-digit code or a recovery code; absent on the first try. */
  code?: unknown;
  address?: string;
  userAgent?: string;
}

function auditFailure(row: { id: number } | undefined, email: string, kind: "failed" | "throttled", reason: string, addressHash: string): void {
  const subject = row ? String(row.id) : UNKNOWN_ACCOUNT;
  // One transaction for the count and its event: only a failure whose event is written opens a window.
  atomically(() => {
    const opened = loginFailureWindows().count(subject, kind);
    if (!opened) return;
    mutate({
      actor: PUBLIC,
      write: () => ({
        result: undefined,
        audit: {
          action: "user.login_failed",
          entityType: "user",
          entityId: subject,
          after: {
            ...opened,
            first: { reason, addressHash, ...(row ? {} : { emailHash: loginAuditHash("email", email) }) },
          },
          // The first failure's reason; the rest of the window is counted, not logged one by one.
          reason,
        },
      }),
    });
  });
}

/**
 * Checks a login. Unknown emails still cost one hash check, every failure
 * reads the same, and the throttle (lib/auth/login-throttle.ts) counts the
 * attempt before the password is checked, so parallel guesses cannot outrun
 * it. An account with two-factor sign-in then needs a code, counted the same
 * way by its own, stricter throttle (per account, from any address). A
 * success opens a session row (lib/users/sessions.ts) and is audited as its
 * own event; failures are counted per account (or "unknown") and window, one
 * event each (lib/auth/login-audit.ts), with the address and an unknown
 * email only as keyed hashes. A recovery code is spent, audited, and ends the
 * user's other sessions.
 */
export async function signIn(input: SignInInput): Promise<SignInOutcome> {
  const parsed = z.object({ email: emailSchema, password: z.string().min(1).max(200) }).safeParse(input);
  const email = parsed.success ? parsed.data.email : typeof input.email === "string" ? input.email.slice(0, 254) : "";
  const accountKey = email.trim().toLowerCase();
  // Looking the account up is not a guess: it names the audit subject even when the attempt is refused.
  const row = parsed.success ? getDb().select().from(users).where(eq(users.email, parsed.data.email)).get() : undefined;
  const attempt = loginThrottles().begin({ account: accountKey, address: input.address });
  let ok = false;
  if (attempt.allowed && row && parsed.success) {
    if (attempt.waitMs > 0) await sleep(attempt.waitMs);
    ok = await verifyPassword(row.passwordHash, parsed.data.password);
  } else {
    await burnPasswordCheck(parsed.success ? parsed.data.password : "");
  }
  const passwordRight = ok && row !== undefined && row.disabledAt === null;
  if (attempt.allowed) attempt.settle(passwordRight);
  const addressHash = loginAuditHash("address", input.address);
  if (!passwordRight || !row) {
    const reason = !attempt.allowed
      ? "throttled after repeated failures"
      : !row
        ? "unknown email"
        : row.disabledAt
          ? "account disabled"
          : "wrong password";
    auditFailure(row, email, attempt.allowed ? "failed" : "throttled", reason, addressHash);
    return { kind: "failed" };
  }

  let method: SignInMethod = "password";
  let secondStep: { settle(success: boolean): void } | undefined;
  const code = typeof input.code === "string" ? input.code.trim().slice(0, 40) : "";
  if (row.totpEnabledAt) {
    if (!code) return { kind: "code_needed" };
    const codeAttempt = secondFactorThrottles().begin({ account: `user:${row.id}`, address: input.address });
    if (!codeAttempt.allowed) {
      auditFailure(row, email, "throttled", "second step throttled after repeated wrong codes", addressHash);
      return { kind: "code_refused" };
    }
    secondStep = codeAttempt;
  }

  const sessionId = newSessionId();
  const wrongCode = new AppError("invalid", "wrong code");
  try {
  // Nobody is signed in yet: the attempt is audited as the person it signed in.
  mutate({
    actor: { kind: "user", id: row.id },
    write: (tx) => {
      if (row.totpEnabledAt) {
        const used = useSecondFactor(tx, row, code);
        // Nothing written: the transaction is abandoned, and the failure audited below.
        if (!used) throw wrongCode;
        method = used;
      }
      const at = new Date().toISOString();
      insertSession(tx, { userId: row.id, sessionId, method, userAgent: input.userAgent, address: input.address, at });
      const login = { action: "user.login", entityType: "user", entityId: row.id, after: { addressHash, method } } as const;
      if (method !== "password+recovery") return { result: true, audit: login };
      const ended = endSessionRows(tx, row.id, sessionId, at);
      return {
        result: true,
        audit: [
          login,
          { action: "user.recovery_code_used", entityType: "user", entityId: row.id, after: { otherSessionsEnded: ended } },
        ] as const,
      };
    },
  });
  } catch (error) {
    if (error !== wrongCode) throw error;
    auditFailure(row, email, "failed", "wrong second-step code", addressHash);
    return { kind: "code_refused" };
  }
  secondStep?.settle(true);
  return { kind: "signed_in", user: { id: row.id, name: row.name, email: row.email, sessionVersion: row.sessionVersion, sessionId, method } };
}

/** signIn(), answering only who signed in (null for any failure, a needed code included). */
export async function authenticate(input: SignInInput): Promise<AuthenticatedUser | null> {
  const outcome = await signIn(input);
  return outcome.kind === "signed_in" ? outcome.user : null;
}

/** The user behind a session token, or null when they were disabled or their sessions were ended since. */
export function loadSessionUser(userId: number, sessionVersion: number, sessionId?: string): SessionUser | null {
  const db = getDb();
  const row = db
    .select({ ...summaryColumns, sessionVersion: users.sessionVersion, totpEnabledAt: users.totpEnabledAt })
    .from(users)
    .where(eq(users.id, userId))
    .get();
  if (!row || row.disabledAt !== null || row.sessionVersion !== sessionVersion) return null;
  if (sessionId !== undefined && !sessionAlive(userId, sessionId)) return null;
  const user: SessionUser = { kind: "user", id: row.id, name: row.name, email: row.email, role: row.role };
  return lacksRequiredTwoFactor(db, row) ? { ...user, twoFactorMissing: true } : user;
}

/**
 * Ends every session of the user at once: the session version moves on, so
 * every token of the user stops matching. Only a token that is still valid
 * may do it: one of an earlier version (ended already, or stolen before a
 * password reset) changes nothing. Returns whether sessions were ended.
 * (Sign-out ends just its own session: lib/users/sessions.ts endThisSession.)
 */
export function endSessions(userId: number, sessionVersion: number): boolean {
  try {
    // The session token names the user; no permission governs ending one's own sessions.
    return mutate({
      actor: { kind: "user", id: userId },
      write: (tx) => {
        const ended = tx
          .update(users)
          .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
          .where(and(eq(users.id, userId), eq(users.sessionVersion, sessionVersion), isNull(users.disabledAt)))
          .returning({ id: users.id })
          .get();
        // Nothing changed, so nothing to audit: the transaction is abandoned.
        if (!ended) throw new AppError("conflict", "That session had already ended.");
        return { result: true, audit: { action: "user.logout", entityType: "user", entityId: userId } };
      },
    });
  } catch (error) {
    if (error instanceof AppError && error.code === "conflict") return false;
    throw error;
  }
}

export function listUsers(input: { by: Principal | null }): UserSummary[] {
  authorize(input.by, "user.manage");
  return getDb().select(summaryColumns).from(users).orderBy(users.email).all().map(toSummary);
}

export function countUsers(): number {
  return getDb().select({ n: sql<number>`count(*)` }).from(users).get()?.n ?? 0;
}
