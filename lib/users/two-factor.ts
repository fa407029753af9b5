import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import QRCode from "qrcode";
import { z } from "zod";
import { getDb, type Reader, type Tx } from "@/db/client";
import { deskSettings, recoveryCodes, ROLES, users, type Role } from "@/db/schema";
import { verifyPassword } from "@/lib/auth/password";
import { loginThrottles, secondFactorThrottles } from "@/lib/auth/login-throttle";
import { authorize, type Principal, type SessionUser } from "@/lib/auth/principal";
import {
  hashRecoveryCode,
  newRecoveryCodes,
  normaliseRecoveryCode,
  RECOVERY_CODE_COUNT,
  sameHash,
} from "@/lib/auth/recovery-codes";
import { seal, totpContext, unseal } from "@/lib/auth/sealing";
import { authSecret } from "@/lib/auth/secret";
import { looksLikeTotp, matchTotp, newTotpSecret, totpUri } from "@/lib/auth/totp";
import { AppError } from "@/lib/errors";
import { mutate } from "@/lib/mutation";
import { parseInput } from "@/lib/validation";
import { endSessionRows, person, type SignInMethod } from "./sessions";

/**
 * Two-factor sign-in (issue #14): a TOTP secret per user, sealed with the app
 * secret (lib/auth/sealing.ts), confirmed by a first code before it counts,
 * and ten single-use recovery codes, kept as keyed hashes. Which roles must
 * use it is a desk setting an admin changes.
 */
export const TWO_FACTOR_ROLES_KEY = "two_factor_roles";

const rolesValue = z.array(z.enum(ROLES));

/** The roles that must use two-factor sign-in; none unless an admin said so. */
export function twoFactorRoles(reader: Reader = getDb()): Role[] {
  const row = reader
    .select({ value: deskSettings.value })
    .from(deskSettings)
    .where(eq(deskSettings.key, TWO_FACTOR_ROLES_KEY))
    .get();
  if (!row) return [];
  try {
    const parsed = rolesValue.safeParse(JSON.parse(row.value));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

const rolesInput = z.object({
  roles: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((value) => (value === undefined ? [] : [value].flat()))
    .pipe(z.array(z.enum(ROLES, { message: `Each role must be one of: ${ROLES.join(", ")}.` }))),
});

export function setTwoFactorRoles(input: { by: Principal | null; roles: unknown }): Role[] {
  return mutate({
    by: input.by,
    permission: "user.manage",
    schema: rolesInput,
    input,
    write: (tx, { roles }, by) => {
      const before = twoFactorRoles(tx);
      const after = ROLES.filter((role) => roles.includes(role));
      const now = new Date().toISOString();
      const value = JSON.stringify(after);
      const updatedBy = by.kind === "user" ? by.id : null;
      tx.insert(deskSettings)
        .values({ key: TWO_FACTOR_ROLES_KEY, value, updatedAt: now, updatedBy })
        .onConflictDoUpdate({ target: deskSettings.key, set: { value, updatedAt: now, updatedBy } })
        .run();
      return {
        result: after,
        audit: {
          action: "desk.two_factor_roles_changed",
          entityType: "desk_setting",
          entityId: TWO_FACTOR_ROLES_KEY,
          before: { roles: before },
          after: { roles: after },
        },
      };
    },
  });
}

/** Whether this user must set up two-factor sign-in before doing anything else on the desk. */
export function lacksRequiredTwoFactor(reader: Reader, user: { role: Role; totpEnabledAt: string | null }): boolean {
  return user.totpEnabledAt === null && twoFactorRoles(reader).includes(user.role);
}

function userRow(reader: Reader, id: number) {
  const row = reader.select().from(users).where(eq(users.id, id)).get();
  if (!row) throw new AppError("unauthenticated", "Please sign in to do that.");
  return row;
}

export interface TwoFactorStatus {
  enabled: boolean;
  enabledAt: string | null;
  required: boolean;
  recoveryCodesLeft: number;
  /** Set-up begun and waiting for its first code: the secret to type, and its QR code as an SVG data URL. */
  pending: { secret: string; uri: string; qrCode: string } | null;
}

export async function twoFactorStatus(input: { by: SessionUser | null }): Promise<TwoFactorStatus> {
  const by = person(input.by);
  const db = getDb();
  const row = userRow(db, by.id);
  const left =
    db
      .select({ n: sql<number>`count(*)` })
      .from(recoveryCodes)
      .where(and(eq(recoveryCodes.userId, by.id), isNull(recoveryCodes.usedAt)))
      .get()?.n ?? 0;
  const secret = row.totpPendingSecret ? unseal(row.totpPendingSecret, totpContext(by.id), authSecret()) : null;
  let pending: TwoFactorStatus["pending"] = null;
  if (secret) {
    const uri = totpUri(secret, row.email);
    const svg = await QRCode.toString(uri, { type: "svg", margin: 2, errorCorrectionLevel: "M" });
    pending = { secret, uri, qrCode: `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}` };
  }
  return {
    enabled: row.totpEnabledAt !== null,
    enabledAt: row.totpEnabledAt,
    required: twoFactorRoles(db).includes(row.role),
    recoveryCodesLeft: row.totpEnabledAt ? left : 0,
    pending,
  };
}

/** Begins set-up: a new secret waits, sealed, for its first code. Starting again replaces it. */
export function startTwoFactorSetup(input: { by: SessionUser | null }): void {
  const by = person(input.by);
  const sealed = seal(newTotpSecret(), totpContext(by.id), authSecret());
  mutate({
    actor: { kind: "user", id: by.id },
    write: (tx) => {
      if (userRow(tx, by.id).totpEnabledAt) throw new AppError("rule", "Two-factor sign-in is already on.");
      tx.update(users).set({ totpPendingSecret: sealed }).where(eq(users.id, by.id)).run();
      return {
        result: undefined,
        audit: { action: "user.two_factor_setup_started", entityType: "user", entityId: by.id },
      };
    },
  });
}

function storeNewRecoveryCodes(tx: Tx, userId: number, at: string): string[] {
  const codes = newRecoveryCodes();
  const secret = authSecret();
  tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)).run();
  tx.insert(recoveryCodes)
    .values(codes.map((code) => ({ userId, codeHash: hashRecoveryCode(code, secret), createdAt: at })))
    .run();
  return codes;
}

const codeInput = z.object({
  code: z
    .string({ message: "Enter the six-digit code." })
    .trim()
    .min(1, "Enter the six-digit code.")
    .max(40, "That is not a code."),
});

/** A throttled code or password check for someone already signed in: the same counters as sign-in. */
function throttled(kind: "code" | "password", by: SessionUser, address: string | undefined) {
  const attempt =
    kind === "code"
      ? secondFactorThrottles().begin({ account: `user:${by.id}`, address })
      : loginThrottles().begin({ account: by.email, address });
  if (!attempt.allowed) throw new AppError("rule", "Too many wrong tries. Wait a few minutes, then try again.");
  return attempt;
}

/** Turns two-factor sign-in on with the first code from the app; returns the ten recovery codes, shown once. */
export function confirmTwoFactorSetup(input: { by: SessionUser | null; code: unknown; address?: string }): string[] {
  const by = person(input.by);
  const { code } = parseInput(codeInput, input);
  const attempt = throttled("code", by, input.address);
  const codes = mutate({
    actor: { kind: "user", id: by.id },
    write: (tx) => {
      const row = userRow(tx, by.id);
      if (row.totpEnabledAt) throw new AppError("rule", "Two-factor sign-in is already on.");
      const secret = row.totpPendingSecret ? unseal(row.totpPendingSecret, totpContext(by.id), authSecret()) : null;
      if (!secret) throw new AppError("rule", "Start the set-up first.");
      const step = matchTotp(secret, code, null);
      if (step === null)
        throw new AppError("invalid", "That code is not right. Check the app's clock and try the newest code.", {
          code: ["Not the current code."],
        });
      const now = new Date().toISOString();
      tx.update(users)
        .set({ totpSecret: row.totpPendingSecret, totpPendingSecret: null, totpEnabledAt: now, totpLastStep: step })
        .where(eq(users.id, by.id))
        .run();
      const fresh = storeNewRecoveryCodes(tx, by.id, now);
      return {
        result: fresh,
        audit: {
          action: "user.two_factor_enabled",
          entityType: "user",
          entityId: by.id,
          after: { recoveryCodes: fresh.length },
        },
      };
    },
  });
  attempt.settle(true);
  return codes;
}

const passwordInput = z.object({
  password: z
    .string({ message: "Enter your current password." })
    .min(1, "Enter your current password.")
    .max(200, "That password is too long."),
});

/** Checks the person's current password before a change to how they sign in; throttled like sign-in. */
export async function checkOwnPassword(
  by: SessionUser,
  password: unknown,
  address: string | undefined,
  field = "password",
): Promise<void> {
  const parsed = passwordInput.safeParse({ password });
  if (!parsed.success) throw new AppError("invalid", "Enter your current password.", { [field]: ["Required."] });
  const attempt = throttled("password", by, address);
  const row = userRow(getDb(), by.id);
  const ok = await verifyPassword(row.passwordHash, parsed.data.password);
  attempt.settle(ok);
  if (!ok)
    throw new AppError("invalid", "Your current password is not right.", { [field]: ["Not your current password."] });
}

/**
 * Turns two-factor sign-in off (current password required): the secret and
 * recovery codes go, and every other session of the user ends.
 */
export async function disableTwoFactor(input: {
  by: SessionUser | null;
  password: unknown;
  sessionId: string | null;
  address?: string;
}): Promise<number> {
  const by = person(input.by);
  await checkOwnPassword(by, input.password, input.address);
  return mutate({
    actor: { kind: "user", id: by.id },
    write: (tx) => {
      const row = userRow(tx, by.id);
      if (!row.totpEnabledAt) throw new AppError("rule", "Two-factor sign-in is not on.");
      if (twoFactorRoles(tx).includes(row.role)) {
        throw new AppError("rule", `Your role (${row.role}) must use two-factor sign-in; an admin can change that.`);
      }
      tx.update(users)
        .set({ totpSecret: null, totpPendingSecret: null, totpEnabledAt: null, totpLastStep: null })
        .where(eq(users.id, by.id))
        .run();
      tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, by.id)).run();
      const ended = endSessionRows(tx, by.id, input.sessionId, new Date().toISOString());
      return {
        result: ended,
        audit: {
          action: "user.two_factor_disabled",
          entityType: "user",
          entityId: by.id,
          after: { otherSessionsEnded: ended },
        },
      };
    },
  });
}

/** Ten new recovery codes (current password required); the old ones stop working. */
export async function regenerateRecoveryCodes(input: {
  by: SessionUser | null;
  password: unknown;
  address?: string;
}): Promise<string[]> {
  const by = person(input.by);
  await checkOwnPassword(by, input.password, input.address);
  return mutate({
    actor: { kind: "user", id: by.id },
    write: (tx) => {
      if (!userRow(tx, by.id).totpEnabledAt) throw new AppError("rule", "Turn two-factor sign-in on first.");
      const codes = storeNewRecoveryCodes(tx, by.id, new Date().toISOString());
      return {
        result: codes,
        audit: {
          action: "user.recovery_codes_regenerated",
          entityType: "user",
          entityId: by.id,
          after: { recoveryCodes: RECOVERY_CODE_COUNT },
        },
      };
    },
  });
}

/**
 * The sign-in's second step, inside its transaction: a TOTP code (moving the
 * last accepted step, so it cannot be used again) or an unused recovery code
 * (spent). Returns how the user signed in, or null for a wrong or replayed code.
 */
export function useSecondFactor(
  tx: Tx,
  user: { id: number; totpSecret: string | null },
  code: string,
  now = Date.now(),
): SignInMethod | null {
  if (!user.totpSecret) return null;
  if (looksLikeTotp(code)) {
    const secret = unseal(user.totpSecret, totpContext(user.id), authSecret());
    const lastStep = userRow(tx, user.id).totpLastStep;
    const step = secret ? matchTotp(secret, code, lastStep, now) : null;
    if (step === null) return null;
    tx.update(users).set({ totpLastStep: step }).where(eq(users.id, user.id)).run();
    return "password+totp";
  }
  if (normaliseRecoveryCode(code) === null) return null;
  const hash = hashRecoveryCode(code, authSecret());
  const unused = tx
    .select({ id: recoveryCodes.id, codeHash: recoveryCodes.codeHash })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, user.id), isNull(recoveryCodes.usedAt)))
    .all();
  const match = unused.find((row) => sameHash(row.codeHash, hash));
  if (!match) return null;
  tx.update(recoveryCodes)
    .set({ usedAt: new Date(now).toISOString() })
    .where(and(eq(recoveryCodes.id, match.id), isNull(recoveryCodes.usedAt)))
    .run();
  return "password+recovery";
}

export interface TwoFactorUserRow {
  id: number;
  name: string;
  email: string;
  role: Role;
  enabled: boolean;
}

/** Who has two-factor sign-in on, for the admin page (enabled accounts only). */
export function twoFactorOverview(input: { by: Principal | null }): { roles: Role[]; users: TwoFactorUserRow[] } {
  authorize(input.by, "user.manage");
  const db = getDb();
  const rows = db
    .select({ id: users.id, name: users.name, email: users.email, role: users.role, enabledAt: users.totpEnabledAt })
    .from(users)
    .where(isNull(users.disabledAt))
    .orderBy(users.email)
    .all();
  return {
    roles: twoFactorRoles(db),
    users: rows.map(({ enabledAt, ...row }) => ({ ...row, enabled: enabledAt !== null })),
  };
}
