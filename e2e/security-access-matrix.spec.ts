/**
 * Issue #4, item 7: the access-control matrix. Every server action and every
 * route handler in the build is called directly over HTTP (never through the
 * UI) as five callers: signed out, reviewer, editor, admin, and an admin whose
 * account was disabled after signing in. Allowed calls must have their effect
 * in the database and the audit log; every other call must be refused and
 * leave every table as it was. Protected pages get the same grid, plus header
 * and URL variants an attacker would try (Origin, X-Forwarded-Host,
 * x-middleware-subrequest, .rsc, ?_rsc=, RSC: 1) and cross-origin action posts.
 */
import type { APIRequestContext, APIResponse } from "@playwright/test";
import { z } from "zod";
import {
  createClaim,
  createClaims,
  createUser,
  makeViews,
  expect,
  test,
  uniqueTag,
  type TestClaim,
  type TestUser,
} from "./fixtures";
import {
  ACTION_BODY_SHAPES,
  auditEventsAfter,
  changedTables,
  countRows,
  lastAuditHash,
  postAction,
  queryRow,
  queryRows,
  RequestTally,
  routeHandlerPatterns,
  serverActions,
  signInOverHttp,
  snapshotDatabase,
  userCli,
  userId,
  type ActionOutcome,
  type FormFields,
} from "./support/http-security";
import { closedPort, startPageServer, type PageServer } from "./support/page-server";
import { startWebhookReceiver, type WebhookReceiver } from "@/lib/testing/webhook-receiver";
import { openExtraSession, totpFor, twoFactorState } from "./support/two-factor";

const CALLERS = ["signed-out", "disabled", "reviewer", "editor", "admin"] as const;
type Caller = (typeof CALLERS)[number];
type SignedIn = Exclude<Caller, "signed-out">;

const EVERYONE: readonly Caller[] = CALLERS;
const REVIEWERS: readonly Caller[] = ["reviewer", "editor", "admin"];
const EDITORS: readonly Caller[] = ["editor", "admin"];
const ADMINS: readonly Caller[] = ["admin"];
const NOBODY: readonly Caller[] = [];

// lib/auth/principal.ts: what authorize() answers, through lib/actions.ts runAction.
const REFUSAL: Record<Caller, string> = {
  "signed-out": "Please sign in to do that.",
  disabled: "Please sign in to do that.",
  reviewer: "Your role does not allow that.",
  editor: "Your role does not allow that.",
  admin: "Your role does not allow that.",
};

/** Every server action the build holds today; a new one fails the coverage test until it has a row here. */
const EXPECTED_ACTION_COUNT = 48;

interface Victim {
  email: string;
  id: number;
}

/** Everything the matrix acts on, made once per worker in beforeAll. */
interface Desk {
  origin: string;
  contexts: Record<Caller, APIRequestContext>;
  users: Record<SignedIn, TestUser>;
  /** Unpublished, sourced by the reviewer: its summary must never reach anyone but signed-in staff. */
  main: TestClaim;
  /** Published: readers may ask for its correction. */
  published: TestClaim;
  /** Sourced by the reviewer, unpublished: an editor or admin may publish them. */
  toPublish: TestClaim[];
  /** Published: an editor or admin may withdraw them. */
  toUnpublish: TestClaim[];
  correctionRequest: { id: number; message: string };
  /** The reader's private page of that request (issue #14): /requests/TOKEN. */
  requestPage: string;
  /** Requests of their own for each editor and admin to mark under review, answer and reopen (answered in setup). */
  triage: Record<"start" | "answer" | "reopen", Record<"editor" | "admin", number>>;
  /** Each signed-in caller's own saved views to rename, share and delete (the disabled admin's too). */
  views: Record<SignedIn, { rename: number; share: number; delete: number }>;
  /** An article brought in through intake, whose suggestions reviewers accept. */
  intake: { id: number; slug: string; title: string };
  /** Unlinked claims a reviewer may link to `main` as duplicates. */
  copies: TestClaim[];
  victims: { role: Victim; disable: Victim; enable: Victim; reset: Victim };
  /** Endpoints at a receiver of the test's own: one to edit, test and rotate, one to disable; a delivered delivery. */
  webhooks: { endpoint: number; toDisable: number; delivery: number; url: string };
}

let desk: Desk | undefined;
function d(): Desk {
  if (!desk) throw new Error("beforeAll did not build the desk.");
  return desk;
}

const tally = new RequestTally();
let addressCounter = 0;
/** A fresh client address per correction request: they are rate-limited per address (lib/public/correction-requests.ts). */
function freshAddress(): string {
  addressCounter += 1;
  return `198.51.100.${addressCounter}`;
}

const claimRow = z.object({
  version: z.number(),
  status: z.string(),
  rationale: z.string(),
  published_at: z.string().nullable(),
});
function claimState(id: number) {
  return queryRow(claimRow, "select version, status, rationale, published_at from claims where id = ?", id);
}

const userRow = z.object({
  role: z.string(),
  disabled_at: z.string().nullable(),
  password_hash: z.string(),
  session_version: z.number(),
});
function userState(id: number) {
  return queryRow(userRow, "select role, disabled_at, password_hash, session_version from users where id = ?", id);
}

const aboutRow = z.object({ body: z.string(), updated_at: z.string() });
function aboutSectionState(key: string) {
  return queryRows(aboutRow, "select body, updated_at from about_sections where key = ?", key)[0];
}

function firstWhere(pool: TestClaim[], published: boolean): TestClaim {
  const claim = pool.find((c) => (claimState(c.id).published_at !== null) === published);
  if (!claim)
    throw new Error(`No ${published ? "published" : "unpublished"} claim left in the pool: make the pool bigger.`);
  return claim;
}

// ---------------------------------------------------------------- server actions

interface ActionCase {
  allowed: readonly Caller[];
  /** The page whose form posts the action: where a browser sends it. */
  page: () => string;
  /** A body that succeeds for an allowed caller now; refused calls send the same. */
  fields: (caller: Caller) => FormFields;
  headers?: () => Record<string, string>;
  /** What an allowed call records in the audit log (in order), under whose name; null when it records nothing. */
  audit: () => { action: string | readonly string[]; actor: "caller" | "public" } | null;
  /** State read before an allowed call, handed to `effect`. */
  prior?: (fields: FormFields) => unknown;
  /** The allowed call's answer and its effect in the database. */
  effect: (fields: FormFields, outcome: ActionOutcome, prior: unknown) => void;
  /** Waits out background work the allowed call started (a webhook delivery), so later snapshots see a quiet database. */
  settle?: () => Promise<void>;
}

const FORGED_COOKIE = "next-auth.session-token=forged";

const WEBHOOK_TOGGLE = "app/(review)/review/admin/webhooks/actions.ts#setWebhookDisabledAction";
let webhookReceiver: WebhookReceiver | undefined;

/** Until the server's webhook worker has sent everything queued (it writes the queue in the background). */
async function webhookQueueSettled(): Promise<void> {
  await expect
    .poll(() => countRows("webhook_deliveries", "state = 'pending' or locked_until is not null"), { timeout: 30_000 })
    .toBe(0);
}

/**
 * How a refused JS call may look: the action's own refusal (REFUSAL), or, for a
 * caller with no session cookie at all, proxy.ts's optimistic redirect to sign
 * in, either directly (a /review page) or as the empty answer Next gives when
 * the action it forwards to its own /review page is redirected there.
 */
function expectActionRefusal(
  outcome: ActionOutcome,
  caller: Caller,
  noCookie: boolean,
  origin: string,
  where: string,
): void {
  if (caller === "signed-out" && noCookie) {
    if (outcome.status >= 300 && outcome.status < 400) {
      expect(new URL(outcome.location ?? "", origin).pathname, where).toBe("/signin");
      return;
    }
    if (outcome.status === 200 && outcome.text.trim() === "{}") return;
  }
  expect(outcome.message, where).toBe(REFUSAL[caller]);
}

function expectOk(outcome: ActionOutcome): void {
  expect(outcome.state, `answer: ${outcome.status} ${outcome.text.slice(0, 300)}`).toBe("ok");
}

/** A caller's own views; a signed-out caller sends the reviewer's. */
function viewOf(caller: Caller) {
  return d().views[caller === "signed-out" ? "reviewer" : caller];
}

function liveTokens(caller: SignedIn): number {
  return countRows("feed_tokens", "user_id = ? and revoked_at is null", userId(d().users[caller].email));
}

/** Whether the caller of createFeedTokenAction had a live token, read just before the call. */
let tokenWasLive = false;

const ACTIONS: Record<string, ActionCase> = {
  "app/(public)/claims/[slug]/actions.ts#requestCorrectionAction": {
    allowed: EVERYONE,
    page: () => `/claims/${d().published.slug}`,
    fields: (caller) => ({
      slug: d().published.slug,
      message: `Matrix: the date looks wrong (${caller} ${uniqueTag()}).`,
      email: "",
    }),
    headers: () => ({ "X-Forwarded-For": freshAddress() }),
    audit: () => ({ action: "correction_request.received", actor: "public" }),
    effect: (fields, outcome) => {
      // The reader is sent to the request's private page, whose token is stored only as a SHA-256.
      expect(outcome.actionRedirect ?? outcome.location ?? "").toMatch(/\/requests\/crq_[A-Za-z0-9_-]{43}(;push)?$/);
      expect(countRows("correction_requests", "message = ? and state = 'open'", fields.message)).toBe(1);
    },
  },
  "app/(review)/review/admin/actions.ts#createUserAction": {
    allowed: ADMINS,
    page: () => "/review/admin",
    fields: (caller) => ({
      name: `Matrix newcomer ${caller}`,
      email: `matrix.${caller}.${uniqueTag()}@example.org`,
      role: "reviewer",
    }),
    audit: () => ({ action: "user.created", actor: "caller" }),
    effect: (fields, outcome) => {
      expectOk(outcome);
      // The one-time password comes back once, in the answer.
      expect(outcome.text).toContain('"oneTimePassword"');
      expect(countRows("users", "email = ? and role = 'reviewer' and disabled_at is null", fields.email)).toBe(1);
    },
  },
  "app/(review)/review/admin/actions.ts#changeRoleAction": {
    allowed: ADMINS,
    page: () => "/review/admin",
    fields: () => {
      const { role: victim } = d().victims;
      return { email: victim.email, role: userState(victim.id).role === "reviewer" ? "editor" : "reviewer" };
    },
    audit: () => ({ action: "user.role_changed", actor: "caller" }),
    effect: (fields, outcome) => {
      expectOk(outcome);
      expect(userState(d().victims.role.id).role).toBe(fields.role);
    },
  },
  "app/(review)/review/admin/actions.ts#disableUserAction": {
    allowed: ADMINS,
    page: () => "/review/admin",
    fields: () => ({ email: d().victims.disable.email }),
    audit: () => ({ action: "user.disabled", actor: "caller" }),
    prior: () => userState(d().victims.disable.id),
    effect: (_fields, outcome, prior) => {
      expectOk(outcome);
      const after = userState(d().victims.disable.id);
      expect(after.disabled_at).not.toBeNull();
      // Disabling ends the victim's sessions too.
      expect(after.session_version).toBe(userRow.parse(prior).session_version + 1);
    },
  },
  "app/(review)/review/admin/actions.ts#enableUserAction": {
    allowed: ADMINS,
    page: () => "/review/admin",
    fields: () => ({ email: d().victims.enable.email }),
    audit: () => ({ action: "user.enabled", actor: "caller" }),
    effect: (_fields, outcome) => {
      expectOk(outcome);
      expect(userState(d().victims.enable.id).disabled_at).toBeNull();
    },
  },
  "app/(review)/review/admin/actions.ts#resetPasswordAction": {
    allowed: ADMINS,
    page: () => "/review/admin",
    fields: () => ({ email: d().victims.reset.email }),
    audit: () => ({ action: "user.password_reset", actor: "caller" }),
    prior: () => userState(d().victims.reset.id),
    effect: (_fields, outcome, prior) => {
      expectOk(outcome);
      expect(outcome.text).toContain('"oneTimePassword"');
      const before = userRow.parse(prior);
      const after = userState(d().victims.reset.id);
      expect(after.password_hash).not.toBe(before.password_hash);
      expect(after.session_version).toBe(before.session_version + 1);
    },
  },
  "app/(review)/review/admin/about/actions.ts#saveAboutSectionAction": {
    allowed: ADMINS,
    page: () => "/review/admin/about",
    // The section as saved now, so the edit is never stale; new text each time, so it is never "nothing changed".
    fields: (caller) => ({
      key: "organisation",
      body: `Matrix edit by ${caller} ${uniqueTag()}.`,
      baseUpdatedAt: aboutSectionState("organisation")?.updated_at ?? "",
    }),
    audit: () => ({ action: "about.section_saved", actor: "caller" }),
    effect: (fields, outcome) => {
      expectOk(outcome);
      expect(aboutSectionState("organisation")?.body).toBe(fields.body);
    },
  },
  "app/(review)/review/admin/chain/actions.ts#anchorNowAction": {
    allowed: ADMINS,
    page: () => "/review/admin/chain",
    fields: () => ({}),
    // The e2e server runs without AUDIT_ANCHOR_FILE unless the runner sets one: then the
    // admin gets past the role check and is told why nothing was anchored.
    audit: () => (process.env.AUDIT_ANCHOR_FILE ? { action: "audit.anchored", actor: "caller" } : null),
    effect: (_fields, outcome) => {
      if (process.env.AUDIT_ANCHOR_FILE) expectOk(outcome);
      else {
        expect(outcome.state).toBe("error");
        expect(outcome.message).toContain("AUDIT_ANCHOR_FILE");
      }
    },
  },
  "app/(review)/review/admin/webhooks/actions.ts#createWebhookAction": {
    allowed: ADMINS,
    page: () => "/review/admin/webhooks",
    fields: (caller) => ({
      url: `${d().webhooks.url}?created-by=${caller}`,
      description: `Matrix endpoint by ${caller} ${uniqueTag()}`,
      events: "claim.corrected",
      allowPrivate: "on",
    }),
    audit: () => ({ action: "webhook.created", actor: "caller" }),
    effect: (fields, outcome) => {
      expectOk(outcome);
      expect(outcome.text).toMatch(/whsec_[A-Za-z0-9+/]{43}=/);
      expect(countRows("webhook_endpoints", "description = ? and secret not like 'whsec_%'", fields.description)).toBe(
        1,
      );
    },
    // Off again at once: later rows' writes must not queue deliveries to it.
    settle: async () => {
      const made = queryRow(z.object({ id: z.number() }), "select id from webhook_endpoints order by id desc limit 1");
      await adminSetupAction(d().contexts.admin, WEBHOOK_TOGGLE, "/review/admin/webhooks", {
        endpointId: String(made.id),
        disabled: "on",
      });
    },
  },
  "app/(review)/review/admin/webhooks/actions.ts#updateWebhookAction": {
    allowed: ADMINS,
    page: () => `/review/admin/webhooks/${d().webhooks.endpoint}`,
    fields: (caller) => ({
      endpointId: String(d().webhooks.endpoint),
      url: d().webhooks.url,
      description: `Edited by ${caller} ${uniqueTag()}`,
      events: "claim.corrected",
      allowPrivate: "on",
    }),
    audit: () => ({ action: "webhook.updated", actor: "caller" }),
    effect: (fields, outcome) => {
      expectOk(outcome);
      expect(
        countRows("webhook_endpoints", "id = ? and description = ?", d().webhooks.endpoint, fields.description),
      ).toBe(1);
    },
  },
  [WEBHOOK_TOGGLE]: {
    allowed: ADMINS,
    page: () => `/review/admin/webhooks/${d().webhooks.toDisable}`,
    fields: () => ({ endpointId: String(d().webhooks.toDisable), disabled: "on" }),
    audit: () => ({ action: "webhook.disabled", actor: "caller" }),
    effect: (_fields, outcome) => {
      expectOk(outcome);
      expect(countRows("webhook_endpoints", "id = ? and disabled_at is not null", d().webhooks.toDisable)).toBe(1);
    },
  },
  "app/(review)/review/admin/webhooks/actions.ts#rotateWebhookSecretAction": {
    allowed: ADMINS,
    page: () => `/review/admin/webhooks/${d().webhooks.endpoint}`,
    fields: () => ({ endpointId: String(d().webhooks.endpoint) }),
    prior: () =>
      queryRow(
        z.object({ secret: z.string() }),
        "select secret from webhook_endpoints where id = ?",
        d().webhooks.endpoint,
      ),
    audit: () => ({ action: "webhook.secret_rotated", actor: "caller" }),
    effect: (_fields, outcome, prior) => {
      expectOk(outcome);
      expect(outcome.text).toMatch(/whsec_/);
      const after = queryRow(
        z.object({ secret: z.string() }),
        "select secret from webhook_endpoints where id = ?",
        d().webhooks.endpoint,
      );
      expect(after.secret).not.toBe(z.object({ secret: z.string() }).parse(prior).secret);
    },
  },
  "app/(review)/review/admin/webhooks/actions.ts#sendTestEventAction": {
    allowed: ADMINS,
    page: () => `/review/admin/webhooks/${d().webhooks.endpoint}`,
    fields: () => ({ endpointId: String(d().webhooks.endpoint) }),
    prior: () =>
      countRows("webhook_deliveries", "endpoint_id = ? and event_type = 'webhook.test'", d().webhooks.endpoint),
    audit: () => ({ action: "webhook.test_sent", actor: "caller" }),
    effect: (_fields, outcome, prior) => {
      expectOk(outcome);
      expect(
        countRows("webhook_deliveries", "endpoint_id = ? and event_type = 'webhook.test'", d().webhooks.endpoint),
      ).toBe(z.number().parse(prior) + 1);
    },
    settle: webhookQueueSettled,
  },
  "app/(review)/review/admin/webhooks/actions.ts#redeliverWebhookAction": {
    allowed: ADMINS,
    page: () => `/review/admin/webhooks/${d().webhooks.endpoint}`,
    fields: () => ({ deliveryId: String(d().webhooks.delivery) }),
    audit: () => ({ action: "webhook.redelivered", actor: "caller" }),
    effect: (_fields, outcome) => {
      expectOk(outcome);
      expect(
        countRows("webhook_deliveries", "id = ? and state = 'pending' and attempts = 0", d().webhooks.delivery),
      ).toBe(1);
    },
    settle: webhookQueueSettled,
  },
  "app/(review)/review/claims/[slug]/actions.ts#addEvidenceAction": {
    allowed: REVIEWERS,
    page: () => `/review/claims/${d().main.slug}`,
    fields: (caller) => ({
      claimId: String(d().main.id),
      url: "https://example.org/matrix-context",
      title: `Matrix context from ${caller} ${uniqueTag()}`,
      publisher: "Example Research",
      quotedPassage: "Background only.",
      stance: "context",
    }),
    audit: () => ({ action: "evidence.added", actor: "caller" }),
    effect: (fields, outcome) => {
      expectOk(outcome);
      expect(
        countRows("evidence", "claim_id = ? and title = ? and removed_at is null", d().main.id, fields.title),
      ).toBe(1);
    },
  },
  "app/(review)/review/claims/[slug]/actions.ts#removeEvidenceAction": {
    allowed: REVIEWERS,
    page: () => `/review/claims/${d().main.slug}`,
    fields: (caller) => {
      const row = queryRow(
        z.object({ id: z.number() }),
        "select id from evidence where claim_id = ? and stance = 'context' and removed_at is null order by id limit 1",
        d().main.id,
      );
      return { evidenceId: String(row.id), reason: `Matrix: ${caller} found it irrelevant.` };
    },
    audit: () => ({ action: "evidence.removed", actor: "caller" }),
    effect: (fields, outcome) => {
      expectOk(outcome);
      expect(
        countRows(
          "evidence",
          "id = ? and removed_at is not null and removal_reason = ?",
          Number(fields.evidenceId),
          fields.reason,
        ),
      ).toBe(1);
    },
  },
  "app/(review)/review/claims/[slug]/actions.ts#saveVerdictAction": {
    allowed: REVIEWERS,
    page: () => `/review/claims/${d().main.slug}`,
    fields: (caller) => ({
      claimId: String(d().main.id),
      expectedVersion: String(claimState(d().main.id).version),
      status: "sourced",
      rationale: `Matrix: ${caller} re-read NATO's statement (${uniqueTag()}).`,
    }),
    audit: () => ({ action: "claim.status_changed", actor: "caller" }),
    effect: (fields, outcome) => {
      expectOk(outcome);
      const after = claimState(d().main.id);
      expect(after.rationale).toBe(fields.rationale);
      expect(after.version).toBe(Number(fields.expectedVersion) + 1);
    },
  },
  "app/(review)/review/claims/[slug]/actions.ts#publishAction": {
    allowed: EDITORS,
    page: () => `/review/claims/${firstWhere(d().toPublish, false).slug}`,
    fields: () => {
      const claim = firstWhere(d().toPublish, false);
      return { claimId: String(claim.id), expectedVersion: String(claimState(claim.id).version), reason: "" };
    },
    audit: () => ({ action: "claim.published", actor: "caller" }),
    effect: (fields, outcome) => {
      expectOk(outcome);
      expect(claimState(Number(fields.claimId)).published_at).not.toBeNull();
      expect(countRows("publications", "claim_id = ? and kind = 'published'", Number(fields.claimId))).toBe(1);
    },
  },
  "app/(review)/review/claims/[slug]/actions.ts#unpublishAction": {
    allowed: EDITORS,
    page: () => `/review/claims/${firstWhere(d().toUnpublish, true).slug}`,
    fields: (caller) => ({
      claimId: String(firstWhere(d().toUnpublish, true).id),
      reason: `Matrix: ${caller} withdraws it pending a check.`,
    }),
    audit: () => ({ action: "claim.unpublished", actor: "caller" }),
    effect: (fields, outcome) => {
      expectOk(outcome);
      expect(claimState(Number(fields.claimId)).published_at).toBeNull();
    },
  },
  "app/(review)/review/articles/actions.ts#intakeArticleAction": {
    allowed: REVIEWERS,
    page: () => "/review/articles/new",
    fields: (caller) => ({
      title: `Matrix intake by ${caller} ${uniqueTag()}`,
      body: matrixArticle(`${caller} ${uniqueTag()}`),
    }),
    audit: () => ({ action: ["article.created", "article.claims_suggested"], actor: "caller" }),
    effect: (fields, outcome) => {
      expect(outcome.actionRedirect ?? outcome.location ?? "").toContain("/review/articles/matrix-intake-by-");
      expect(countRows("articles", "title = ?", fields.title)).toBe(1);
    },
  },
  "app/(review)/review/articles/actions.ts#fetchArticleAction": {
    allowed: REVIEWERS,
    page: () => "/review/articles/new",
    fields: () => ({ sourceUrl: articlePage() }),
    // Fetching fills the form and keeps nothing: no write, no audit event.
    audit: () => null,
    effect: (_fields, outcome) => {
      expectOk(outcome);
      expect(outcome.text).toContain("Matrix harbour report");
    },
  },
  "app/(review)/review/articles/actions.ts#decideSuggestionAction": {
    allowed: REVIEWERS,
    page: () => `/review/articles/${d().intake.slug}`,
    fields: (caller) => ({
      suggestionId: String(openSuggestion()),
      summary: `Matrix accepted by ${caller} ${uniqueTag()}`,
      text: "",
      claimant: "",
      reportedBy: "",
      intent: "accept",
    }),
    audit: () => ({ action: ["claim.created", "suggestion.accepted"], actor: "caller" }),
    effect: (fields, outcome) => {
      expectOk(outcome);
      expect(
        countRows("suggestions", "id = ? and state = 'accepted' and claim_id is not null", Number(fields.suggestionId)),
      ).toBe(1);
      expect(countRows("claims", "summary = ? and status = 'unverified'", fields.summary)).toBe(1);
    },
  },
  "app/(review)/review/articles/actions.ts#bulkDecideAction": {
    allowed: REVIEWERS,
    page: () => `/review/articles/${d().intake.slug}`,
    fields: () => ({ suggestionId: String(openSuggestion()), intent: "reject" }),
    audit: () => ({ action: "suggestion.rejected", actor: "caller" }),
    effect: (fields, outcome) => {
      expectOk(outcome);
      expect(countRows("suggestions", "id = ? and state = 'rejected'", Number(fields.suggestionId))).toBe(1);
    },
  },
  "app/(review)/review/articles/actions.ts#createSpanClaimAction": {
    allowed: REVIEWERS,
    page: () => `/review/articles/${d().intake.slug}`,
    // "Matrix": the headline's first word, which no suggestion spans on its own and the text has once.
    fields: (caller) => ({
      articleId: String(d().intake.id),
      words: "Matrix",
      summary: `Matrix span claim by ${caller} ${uniqueTag()}`,
      claimant: "",
      reportedBy: "",
    }),
    audit: () => ({ action: "claim.created", actor: "caller" }),
    effect: (fields, outcome) => {
      expectOk(outcome);
      expect(countRows("claims", "summary = ? and span_start = 0 and span_end = 6", fields.summary)).toBe(1);
    },
  },
  "app/(review)/review/articles/actions.ts#duplicateLinkAction": {
    allowed: REVIEWERS,
    page: () => `/review/articles/${d().main.articleSlug}`,
    fields: () => {
      const copy = d().copies.find((c) => countRows("claims", "id = ? and duplicate_of_id is null", c.id) === 1);
      if (!copy) throw new Error("No unlinked copy left in the pool: make the pool bigger.");
      return {
        claimId: String(copy.id),
        duplicateOfId: String(d().main.id),
        expectedVersion: String(claimState(copy.id).version),
        intent: "link",
      };
    },
    audit: () => ({ action: "claim.duplicate_linked", actor: "caller" }),
    effect: (fields, outcome) => {
      expectOk(outcome);
      expect(countRows("claims", "id = ? and duplicate_of_id = ?", Number(fields.claimId), d().main.id)).toBe(1);
    },
  },
  "app/(review)/review/claims/[slug]/actions.ts#saveDetailsAction": {
    allowed: REVIEWERS,
    page: () => `/review/claims/${d().main.slug}`,
    // The summary stays as it is: other checks look for it to prove the claim is never shown to the public.
    fields: (caller) => ({
      claimId: String(d().main.id),
      expectedVersion: String(claimState(d().main.id).version),
      summary: d().main.summary,
      claimant: `Matrix claimant named by ${caller} ${uniqueTag()}`,
      reportedBy: "",
      firstAppearedIn: "",
      attributionStatus: "unconfirmed",
      attributionNote: "",
      priority: "1",
    }),
    audit: () => ({ action: "claim.details_changed", actor: "caller" }),
    effect: (fields, outcome) => {
      expectOk(outcome);
      expect(
        countRows(
          "claims",
          "id = ? and claimant = ? and version = ?",
          d().main.id,
          fields.claimant,
          Number(fields.expectedVersion) + 1,
        ),
      ).toBe(1);
    },
  },
  "app/(review)/review/claims/[slug]/actions.ts#recheckEvidenceAction": {
    allowed: REVIEWERS,
    page: () => `/review/claims/${d().main.slug}`,
    fields: () => ({ evidenceId: String(snapshotEvidence().id) }),
    audit: () => ({ action: "evidence.checked", actor: "caller" }),
    prior: () => snapshotEvidence(),
    effect: (_fields, outcome, prior) => {
      expectOk(outcome);
      const before = snapshotEvidenceRow.parse(prior);
      const after = snapshotEvidence();
      // Nothing listens on the source's port: the page is unreachable, and the check says so.
      expect(after.last_check_result).toBe("unreachable");
      expect(after.last_checked_at).not.toBeNull();
      expect(after.last_checked_at).not.toBe(before.last_checked_at);
    },
  },
  "app/(review)/review/claims/[slug]/actions.ts#assignAction": {
    allowed: REVIEWERS,
    page: () => `/review/claims/${d().main.slug}`,
    // In CALLERS order: the reviewer takes the unassigned claim, then the editor and the admin each take it over.
    fields: (caller) => {
      const current = assigneeOf(d().main.id);
      const who = caller === "signed-out" ? "reviewer" : caller;
      return {
        claimId: String(d().main.id),
        assigneeId: String(userId(d().users[who].email)),
        expectedAssigneeId: current === null ? "" : String(current),
      };
    },
    audit: () => ({ action: "claim.assigned", actor: "caller" }),
    effect: (fields, outcome) => {
      expectOk(outcome);
      expect(assigneeOf(d().main.id)).toBe(Number(fields.assigneeId));
    },
  },
  "app/(review)/review/claims/[slug]/actions.ts#addCommentAction": {
    allowed: REVIEWERS,
    page: () => `/review/claims/${d().main.slug}`,
    fields: (caller) => ({ claimId: String(d().main.id), body: `Matrix comment by ${caller} ${uniqueTag()}` }),
    audit: () => ({ action: "comment.added", actor: "caller" }),
    effect: (fields, outcome) => {
      expectOk(outcome);
      expect(countRows("comments", "claim_id = ? and body = ? and deleted_at is null", d().main.id, fields.body)).toBe(
        1,
      );
    },
  },
  "app/(review)/review/claims/[slug]/actions.ts#editCommentAction": {
    allowed: REVIEWERS,
    page: () => `/review/claims/${d().main.slug}`,
    // Only the author edits a comment: each caller sends their own (callers who may not, the reviewer's).
    fields: (caller) => ({
      commentId: String(matrixComment("editable", commentAuthor(caller))),
      body: `Matrix comment edited by ${caller} ${uniqueTag()}`,
    }),
    audit: () => ({ action: "comment.edited", actor: "caller" }),
    effect: (fields, outcome) => {
      expectOk(outcome);
      expect(
        countRows("comments", "id = ? and body = ? and edited_at is not null", Number(fields.commentId), fields.body),
      ).toBe(1);
    },
  },
  "app/(review)/review/claims/[slug]/actions.ts#deleteCommentAction": {
    allowed: REVIEWERS,
    page: () => `/review/claims/${d().main.slug}`,
    fields: (caller) => ({ commentId: String(matrixComment("deletable", commentAuthor(caller))) }),
    audit: () => ({ action: "comment.deleted", actor: "caller" }),
    effect: (fields, outcome) => {
      expectOk(outcome);
      expect(countRows("comments", "id = ? and deleted_at is not null", Number(fields.commentId))).toBe(1);
    },
  },
  "app/(review)/review/bulk-actions.ts#bulkChangeAction": {
    allowed: REVIEWERS,
    page: () => "/review",
    // Every role may set a priority from the queue; each allowed caller moves the main claim's to another one.
    fields: () => {
      const { version, priority } = queryRow(
        z.object({ version: z.number(), priority: z.number() }),
        "select version, priority from claims where id = ?",
        d().main.id,
      );
      return { action: "priority", priority: priority === 1 ? "3" : "1", claim: `${d().main.id}:${version}` };
    },
    audit: () => ({ action: "claim.details_changed", actor: "caller" }),
    effect: (fields, outcome) => {
      expectOk(outcome);
      expect(countRows("claims", "id = ? and priority = ?", d().main.id, Number(fields.priority))).toBe(1);
    },
  },
  "app/(review)/review/views/actions.ts#saveViewAction": {
    allowed: REVIEWERS,
    page: () => "/review",
    fields: (caller) => ({ name: `Matrix view by ${caller} ${uniqueTag()}`, query: "status=disputed&page=2" }),
    audit: () => ({ action: "view.created", actor: "caller" }),
    effect: (fields, outcome) => {
      expectOk(outcome);
      expect(countRows("saved_views", "name = ? and query = ?", fields.name, "status=disputed")).toBe(1);
    },
  },
  "app/(review)/review/views/actions.ts#renameViewAction": {
    allowed: REVIEWERS,
    page: () => "/review/views",
    fields: (caller) => ({ viewId: String(viewOf(caller).rename), name: `Matrix renamed by ${caller} ${uniqueTag()}` }),
    audit: () => ({ action: "view.renamed", actor: "caller" }),
    effect: (fields, outcome) => {
      expectOk(outcome);
      expect(countRows("saved_views", "id = ? and name = ?", Number(fields.viewId), fields.name)).toBe(1);
    },
  },
  "app/(review)/review/views/actions.ts#shareViewAction": {
    allowed: EDITORS,
    page: () => "/review/views",
    fields: (caller) => ({ viewId: String(viewOf(caller).share), shared: "true" }),
    audit: () => ({ action: "view.shared", actor: "caller" }),
    effect: (fields, outcome) => {
      expectOk(outcome);
      expect(countRows("saved_views", "id = ? and shared = 1", Number(fields.viewId))).toBe(1);
    },
  },
  "app/(review)/review/views/actions.ts#deleteViewAction": {
    allowed: REVIEWERS,
    page: () => "/review/views",
    fields: (caller) => ({ viewId: String(viewOf(caller).delete) }),
    audit: () => ({ action: "view.deleted", actor: "caller" }),
    effect: (fields, outcome) => {
      expectOk(outcome);
      expect(countRows("saved_views", "id = ?", Number(fields.viewId))).toBe(0);
    },
  },
  "app/(review)/review/settings/actions.ts#createFeedTokenAction": {
    allowed: REVIEWERS,
    page: () => "/review/settings",
    // Making a token revokes the caller's live one first, when there is one (make-views.ts gave each caller one).
    fields: (caller) => {
      tokenWasLive = caller !== "signed-out" && liveTokens(caller) > 0;
      return { caller };
    },
    audit: () => ({
      action: tokenWasLive ? ["feed_token.revoked", "feed_token.created"] : "feed_token.created",
      actor: "caller",
    }),
    effect: (fields, outcome) => {
      expectOk(outcome);
      expect(outcome.text).toMatch(/ctf_[A-Za-z0-9_-]{43}/);
      expect(liveTokens(fields.caller as SignedIn)).toBe(1);
    },
  },
  "app/(review)/review/settings/actions.ts#revokeFeedTokenAction": {
    allowed: REVIEWERS,
    page: () => "/review/settings",
    fields: (caller) => ({ caller }),
    audit: () => ({ action: "feed_token.revoked", actor: "caller" }),
    effect: (fields, outcome) => {
      expectOk(outcome);
      expect(liveTokens(fields.caller as SignedIn)).toBe(0);
    },
  },
  "app/(review)/review/account/actions.ts#startTwoFactorAction": {
    allowed: REVIEWERS,
    page: () => "/review/account",
    // Set-up starts from "off": whatever an earlier row left, the caller has at most a pending set-up.
    fields: (caller) => {
      if (isSignedInCaller(caller)) twoFactorState(d().users[caller], "pending");
      return { caller };
    },
    audit: () => ({ action: "user.two_factor_setup_started", actor: "caller" }),
    prior: (fields) => pendingSecretOf(fields.caller),
    effect: (fields, outcome, prior) => {
      expectOk(outcome);
      const after = pendingSecretOf(fields.caller);
      expect(after).not.toBeNull();
      expect(after).not.toBe(prior);
    },
  },
  "app/(review)/review/account/actions.ts#confirmTwoFactorAction": {
    allowed: REVIEWERS,
    page: () => "/review/account",
    fields: (caller) => {
      const secret = isSignedInCaller(caller) ? twoFactorState(d().users[caller], "pending") : "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
      return { code: totpFor(secret), caller };
    },
    audit: () => ({ action: "user.two_factor_enabled", actor: "caller" }),
    effect: (fields, outcome) => {
      expectOk(outcome);
      expect(outcome.text).toContain('"recoveryCodes"');
      const id = userId(d().users[fields.caller as SignedIn].email);
      expect(countRows("users", "id = ? and totp_enabled_at is not null and totp_pending_secret is null", id)).toBe(1);
      expect(countRows("recovery_codes", "user_id = ? and used_at is null", id)).toBe(10);
    },
  },
  "app/(review)/review/account/actions.ts#regenerateRecoveryCodesAction": {
    allowed: REVIEWERS,
    page: () => "/review/account",
    fields: (caller) => {
      if (isSignedInCaller(caller)) twoFactorState(d().users[caller], "enabled");
      return { password: passwordOf(caller), caller };
    },
    audit: () => ({ action: "user.recovery_codes_regenerated", actor: "caller" }),
    prior: (fields) => recoveryHashes(fields.caller),
    effect: (fields, outcome, prior) => {
      expectOk(outcome);
      const after = recoveryHashes(fields.caller);
      expect(after).toHaveLength(10);
      expect(after.some((hash) => (prior as string[]).includes(hash))).toBe(false);
    },
  },
  "app/(review)/review/account/actions.ts#disableTwoFactorAction": {
    allowed: REVIEWERS,
    page: () => "/review/account",
    fields: (caller) => {
      if (isSignedInCaller(caller)) twoFactorState(d().users[caller], "enabled");
      return { password: passwordOf(caller), caller };
    },
    audit: () => ({ action: "user.two_factor_disabled", actor: "caller" }),
    effect: (fields, outcome) => {
      expectOk(outcome);
      const id = userId(d().users[fields.caller as SignedIn].email);
      expect(countRows("users", "id = ? and totp_secret is null and totp_enabled_at is null", id)).toBe(1);
      expect(countRows("recovery_codes", "user_id = ?", id)).toBe(0);
    },
  },
  "app/(review)/review/account/actions.ts#changePasswordAction": {
    allowed: REVIEWERS,
    page: () => "/review/account",
    fields: (caller) => {
      const next = `Matrix new password ${caller} ${uniqueTag()}`;
      return { currentPassword: passwordOf(caller), newPassword: next, confirmPassword: next, caller };
    },
    audit: () => ({ action: "user.password_changed", actor: "caller" }),
    prior: (fields) => userState(userId(d().users[fields.caller as SignedIn].email)).password_hash,
    effect: (fields, outcome, prior) => {
      expectOk(outcome);
      const user = d().users[fields.caller as SignedIn];
      expect(userState(userId(user.email)).password_hash).not.toBe(prior);
      // Later rows (and this caller's next sign-in) use the new one.
      user.password = fields.newPassword ?? "";
    },
  },
  "app/(review)/review/account/actions.ts#endSessionAction": {
    allowed: REVIEWERS,
    page: () => "/review/account",
    fields: (caller) => ({ id: String(isSignedInCaller(caller) ? openExtraSession(d().users[caller].email) : 1) }),
    audit: () => ({ action: "user.session_ended", actor: "caller" }),
    effect: (fields, outcome) => {
      expectOk(outcome);
      expect(countRows("user_sessions", "id = ? and ended_at is not null", Number(fields.id))).toBe(1);
    },
  },
  "app/(review)/review/account/actions.ts#endOtherSessionsAction": {
    allowed: REVIEWERS,
    page: () => "/review/account",
    fields: (caller) => {
      if (isSignedInCaller(caller)) openExtraSession(d().users[caller].email);
      return { caller };
    },
    audit: () => ({ action: "user.other_sessions_ended", actor: "caller" }),
    effect: (fields, outcome) => {
      expectOk(outcome);
      // Only the matrix's own session of the caller is left.
      const id = userId(d().users[fields.caller as SignedIn].email);
      expect(countRows("user_sessions", "user_id = ? and ended_at is null", id)).toBe(1);
    },
  },
  "app/(review)/review/admin/two-factor/actions.ts#setTwoFactorRolesAction": {
    allowed: ADMINS,
    page: () => "/review/admin/two-factor",
    // No role: a requirement would send every caller to set it up and fail the rows after.
    fields: () => ({}),
    audit: () => ({ action: "desk.two_factor_roles_changed", actor: "caller" }),
    effect: (_fields, outcome) => {
      expectOk(outcome);
      expect(countRows("desk_settings", "key = 'two_factor_roles' and value = '[]'")).toBe(1);
    },
  },
  "app/(review)/review/corrections/actions.ts#startReviewAction": {
    allowed: EDITORS,
    page: () => "/review/corrections",
    fields: (caller) => ({ id: String(d().triage.start[caller === "admin" ? "admin" : "editor"]) }),
    audit: () => ({ action: "correction_request.review_started", actor: "caller" }),
    effect: (fields, outcome) => {
      expectOk(outcome);
      expect(countRows("correction_requests", "id = ? and review_started_at is not null", Number(fields.id))).toBe(1);
    },
  },
  "app/(review)/review/corrections/actions.ts#answerRequestAction": {
    allowed: EDITORS,
    page: () => "/review/corrections",
    fields: (caller) => ({
      id: String(d().triage.answer[caller === "admin" ? "admin" : "editor"]),
      outcome: "dismissed",
      answer: `Matrix answer by ${caller}: the verdict stands.`,
    }),
    audit: () => ({ action: "correction_request.answered", actor: "caller" }),
    effect: (fields, outcome) => {
      expectOk(outcome);
      expect(
        countRows(
          "correction_requests",
          "id = ? and state = 'dismissed' and public_answer = ?",
          Number(fields.id),
          fields.answer,
        ),
      ).toBe(1);
    },
  },
  "app/(review)/review/corrections/actions.ts#setRequestStateAction": {
    allowed: EDITORS,
    page: () => "/review/corrections",
    fields: (caller) => ({ id: String(d().triage.reopen[caller === "admin" ? "admin" : "editor"]), state: "open" }),
    audit: () => ({ action: "correction_request.state_changed", actor: "caller" }),
    effect: (fields, outcome) => {
      expectOk(outcome);
      expect(
        countRows("correction_requests", "id = ? and state = 'open' and public_answer is null", Number(fields.id)),
      ).toBe(1);
    },
  },
};

// ---------------------------------------------------------------- two-factor rows

/** The callers with an account the two-factor rows can prepare; the others are refused whatever they send. */
function isSignedInCaller(caller: Caller): caller is "reviewer" | "editor" | "admin" {
  return caller === "reviewer" || caller === "editor" || caller === "admin";
}

function passwordOf(caller: Caller): string {
  return caller === "signed-out" ? "not a password at all" : d().users[caller].password;
}

function pendingSecretOf(caller: string | undefined): string | null {
  return queryRow(
    z.object({ s: z.string().nullable() }),
    "select totp_pending_secret as s from users where id = ?",
    userId(d().users[caller as SignedIn].email),
  ).s;
}

function recoveryHashes(caller: string | undefined): string[] {
  return queryRows(
    z.object({ h: z.string() }),
    "select code_hash as h from recovery_codes where user_id = ? order by id",
    userId(d().users[caller as SignedIn].email),
  ).map((row) => row.h);
}

// ---------------------------------------------------------------- setup

const snapshotEvidenceRow = z.object({
  id: z.number(),
  last_checked_at: z.string().nullable(),
  last_check_result: z.string().nullable(),
});
/** The main claim's one source with a snapshot (a pasted passage), made in beforeAll for recheckEvidenceAction. */
function snapshotEvidence() {
  return queryRow(
    snapshotEvidenceRow,
    "select id, last_checked_at, last_check_result from evidence where claim_id = ? and title like 'Matrix snapshot source %'",
    d().main.id,
  );
}

function assigneeOf(claimId: number): number | null {
  return queryRow(z.object({ a: z.number().nullable() }), "select assignee_id as a from claims where id = ?", claimId)
    .a;
}

/** Whose comment a caller sends: their own, or the reviewer's for callers who have none. */
function commentAuthor(caller: Caller): "reviewer" | "editor" | "admin" {
  return caller === "editor" || caller === "admin" ? caller : "reviewer";
}

/** A comment on the main claim by that caller, made in beforeAll, that is still there to edit or delete. */
function matrixComment(kind: "editable" | "deletable", author: "reviewer" | "editor" | "admin"): number {
  return queryRow(
    z.object({ id: z.number() }),
    "select id from comments where claim_id = ? and author_id = ? and body like ? and deleted_at is null order by id limit 1",
    d().main.id,
    userId(d().users[author].email),
    `Matrix ${kind} comment %`,
  ).id;
}

/** An article for intake: a headline and sentences the extractor suggests (figures, dates, attributions). */
function matrixArticle(tag: string): string {
  return [
    `Matrix harbour report ${tag}`,
    "",
    "The port authority said on Tuesday that 1,250 ships docked in March, up 12 percent from a year earlier.",
    '"We handled 48,000 containers in a single week," said Dana Okafor, the authority\'s chief executive.',
    "According to the city council, the new quay cost 35 million euros and opened on May 2.",
    "Fuel prices at the harbour rose 8 percent in April, the highest monthly increase since 2019, the agency reported.",
    "Officials said 310 jobs were created at the terminal last year.",
    // Enough suggestions for every reviewer's single decision and bulk decision.
    "The ferry service carried 2.1 million passengers in 2023, 15 percent more than in 2022, the operator said.",
    "According to the harbour master, waiting times fell to 4 hours in June from 9 hours a year earlier.",
    "The regional government said it spent 18 million euros on new cranes in 2024.",
    "Cargo volumes dropped 6 percent in the first quarter, the statistics office reported on Friday.",
  ].join("\n");
}

let articlePages: PageServer | undefined;
/** An article page served from this machine, for fetchArticleAction. */
function articlePage(): string {
  if (!articlePages) throw new Error("beforeAll did not start the article page server.");
  return articlePages.url("/matrix-article");
}

/** The first open suggestion of the intake article. */
function openSuggestion(): number {
  return queryRow(
    z.object({ id: z.number() }),
    "select id from suggestions where article_id = ? and state = 'open' order by id limit 1",
    d().intake.id,
  ).id;
}

async function adminSetupAction(
  context: APIRequestContext,
  key: string,
  path: string,
  fields: FormFields,
  headers: Record<string, string> = {},
): Promise<void> {
  const action = serverActions().find((a) => a.key === key);
  if (!action) throw new Error(`No server action ${key} in the build.`);
  const outcome = await postAction(context, {
    id: action.id,
    path,
    fields,
    shape: "js-with-state",
    origin: d().origin,
    headers,
  });
  if (outcome.state !== "ok" && !outcome.actionRedirect)
    throw new Error(`Setup call ${key} failed: ${outcome.status} ${outcome.message ?? outcome.text.slice(0, 300)}`);
}

test.beforeAll(async ({ playwright }) => {
  test.setTimeout(120_000);
  articlePages = await startPageServer();
  articlePages.serve(
    "/matrix-article",
    `<!DOCTYPE html><html lang="en"><head><title>Matrix harbour report</title></head><body><article><h1>Matrix harbour report</h1>${matrixArticle(
      "page",
    )
      .split("\n")
      .slice(2)
      .map((line) => `<p>${line}</p>`)
      .join("")}</article></body></html>`,
  );
  const baseURL = process.env.E2E_BASE_URL ?? "";
  const origin = new URL(baseURL).origin;
  const tag = uniqueTag();
  const [reviewer, editor, admin, disabled] = await Promise.all([
    createUser({ role: "reviewer" }),
    createUser({ role: "editor" }),
    createUser({ role: "admin" }),
    createUser({ role: "admin", name: `Dee Disabled ${tag}` }),
  ]);
  // Claims in an article of their own: publishing them outside the server leaves no cached public page stale.
  const main = await createClaim({
    summary: `Matrix-only unpublished claim ${tag}`,
    articleTitle: `Access matrix article ${tag}`,
    verdict: { status: "sourced", by: reviewer },
  });
  const [toPublish, publishedClaims] = await Promise.all([
    createClaims(3, {
      summary: `Matrix claim to publish ${tag}`,
      articleSlug: main.articleSlug,
      verdict: { status: "sourced", by: reviewer },
    }),
    createClaims(4, {
      summary: `Matrix published claim ${tag}`,
      articleSlug: main.articleSlug,
      verdict: { status: "sourced", by: reviewer },
      publishBy: editor,
    }),
  ]);
  const copies = await createClaims(4, { summary: `Matrix duplicate copy ${tag}`, articleSlug: main.articleSlug });
  const [published, ...toUnpublish] = publishedClaims;
  if (!published) throw new Error("No published claim was made.");

  const signedIn = await Promise.all(
    [reviewer, editor, admin, disabled].map((user) => signInOverHttp(playwright.request, baseURL, user)),
  );
  const [reviewerContext, editorContext, adminContext, disabledContext] = signedIn;
  if (!reviewerContext || !editorContext || !adminContext || !disabledContext)
    throw new Error("Sign-in contexts missing.");
  // A real session cookie, then the account is disabled behind its back (DESIGN.md: it loses its rights on the next request).
  await userCli(["disable", "--email", disabled.email]);

  desk = {
    origin,
    contexts: {
      "signed-out": await playwright.request.newContext({ baseURL }),
      disabled: disabledContext,
      reviewer: reviewerContext,
      editor: editorContext,
      admin: adminContext,
    },
    users: { disabled, reviewer, editor, admin },
    main,
    published,
    toPublish,
    toUnpublish,
    correctionRequest: { id: 0, message: "" },
    requestPage: "",
    triage: { start: { editor: 0, admin: 0 }, answer: { editor: 0, admin: 0 }, reopen: { editor: 0, admin: 0 } },
    views: Object.fromEntries(
      await Promise.all(
        (["reviewer", "editor", "admin", "disabled"] as const).map(async (who) => [
          who,
          await makeViews({ reviewer, editor, admin, disabled }[who]),
        ]),
      ),
    ) as Desk["views"],
    intake: { id: 0, slug: "", title: `Matrix intake ${tag}` },
    copies,
    victims: {
      role: { email: `victim.role.${tag}@example.org`, id: 0 },
      disable: { email: `victim.disable.${tag}@example.org`, id: 0 },
      enable: { email: `victim.enable.${tag}@example.org`, id: 0 },
      reset: { email: `victim.reset.${tag}@example.org`, id: 0 },
    },
    webhooks: { endpoint: 0, toDisable: 0, delivery: 0, url: "" },
  };

  const createUserKey = "app/(review)/review/admin/actions.ts#createUserAction";
  for (const victim of Object.values(desk.victims)) {
    await adminSetupAction(adminContext, createUserKey, "/review/admin", {
      name: `Victim ${tag}`,
      email: victim.email,
      role: "reviewer",
    });
    victim.id = userId(victim.email);
  }
  await adminSetupAction(adminContext, "app/(review)/review/admin/actions.ts#disableUserAction", "/review/admin", {
    email: desk.victims.enable.email,
  });
  // Evidence that nothing rests on, for removeEvidenceAction to remove.
  for (let i = 0; i < 4; i += 1) {
    await adminSetupAction(
      adminContext,
      "app/(review)/review/claims/[slug]/actions.ts#addEvidenceAction",
      `/review/claims/${main.slug}`,
      {
        claimId: String(main.id),
        url: `https://example.org/removable-${i}`,
        title: `Removable context ${i} ${tag}`,
        stance: "context",
      },
    );
  }
  // A source whose pasted passage is its snapshot, for recheckEvidenceAction; nothing listens on its port.
  await adminSetupAction(
    adminContext,
    "app/(review)/review/claims/[slug]/actions.ts#addEvidenceAction",
    `/review/claims/${main.slug}`,
    {
      claimId: String(main.id),
      url: `http://127.0.0.1:${await closedPort()}/matrix-source`,
      title: `Matrix snapshot source ${tag}`,
      quotedPassage: "Israel has the right to defend itself.",
      stance: "supports",
    },
  );
  // Comments for editCommentAction and deleteCommentAction: only their authors may edit them. Two of each,
  // so the cross-origin test still finds one after the matrix has edited and deleted the first.
  for (const [who, context] of [
    ["reviewer", reviewerContext],
    ["editor", editorContext],
    ["admin", adminContext],
  ] as const) {
    for (const kind of ["editable", "deletable", "editable", "deletable"]) {
      await adminSetupAction(
        context,
        "app/(review)/review/claims/[slug]/actions.ts#addCommentAction",
        `/review/claims/${main.slug}`,
        {
          claimId: String(main.id),
          body: `Matrix ${kind} comment by ${who} ${tag}`,
        },
      );
    }
  }
  await adminSetupAction(
    adminContext,
    "app/(review)/review/articles/actions.ts#intakeArticleAction",
    "/review/articles/new",
    {
      title: desk.intake.title,
      body: matrixArticle(tag),
    },
  );
  const intake = queryRow(
    z.object({ id: z.number(), slug: z.string() }),
    "select id, slug from articles where title = ?",
    desk.intake.title,
  );
  desk.intake = { ...desk.intake, ...intake };
  const requestKey = "app/(public)/claims/[slug]/actions.ts#requestCorrectionAction";
  const requestAction = serverActions().find((a) => a.key === requestKey);
  if (!requestAction) throw new Error(`No server action ${requestKey} in the build.`);
  /** A reader's request through the action itself; returns its id and the private page it redirects to. */
  const sendRequest = async (message: string) => {
    const outcome = await postAction(d().contexts["signed-out"], {
      id: requestAction.id,
      path: `/claims/${published.slug}`,
      fields: { slug: published.slug, message, email: "" },
      shape: "js-with-state",
      origin,
      headers: { "X-Forwarded-For": freshAddress() },
    });
    if (!outcome.actionRedirect)
      throw new Error(`Setup request failed: ${outcome.status} ${outcome.text.slice(0, 300)}`);
    const id = queryRow(
      z.object({ id: z.number() }),
      "select id from correction_requests where message = ?",
      message,
    ).id;
    // Next's x-action-redirect header is "PATH;push".
    return { id, page: new URL(outcome.actionRedirect.split(";")[0] ?? "", origin).pathname };
  };
  const message = `Matrix setup: please recheck the figures (${tag}).`;
  const first = await sendRequest(message);
  desk.correctionRequest = { id: first.id, message };
  desk.requestPage = first.page;
  for (const kind of ["start", "answer", "reopen"] as const) {
    for (const who of ["editor", "admin"] as const) {
      desk.triage[kind][who] = (await sendRequest(`Matrix ${kind} request for ${who} (${tag}).`)).id;
    }
  }
  for (const who of ["editor", "admin"] as const) {
    await adminSetupAction(
      adminContext,
      "app/(review)/review/corrections/actions.ts#answerRequestAction",
      "/review/corrections",
      {
        id: String(desk.triage.reopen[who]),
        outcome: "resolved",
        answer: `Matrix setup answer (${tag}).`,
      },
    );
  }
  // Two endpoints at a receiver of our own, for events the matrix never causes; one delivery already delivered.
  webhookReceiver = await startWebhookReceiver();
  desk.webhooks.url = `${webhookReceiver.url}/${tag}`;
  for (const description of [`Matrix webhook ${tag}`, `Matrix webhook to disable ${tag}`]) {
    await adminSetupAction(
      adminContext,
      "app/(review)/review/admin/webhooks/actions.ts#createWebhookAction",
      "/review/admin/webhooks",
      {
        url: desk.webhooks.url,
        description,
        events: "claim.corrected",
        allowPrivate: "on",
      },
    );
  }
  const endpointIds = queryRows(
    z.object({ id: z.number() }),
    "select id from webhook_endpoints where url = ? order by id",
    desk.webhooks.url,
  );
  desk.webhooks.endpoint = endpointIds[0]?.id ?? 0;
  desk.webhooks.toDisable = endpointIds[1]?.id ?? 0;
  await adminSetupAction(
    adminContext,
    "app/(review)/review/admin/webhooks/actions.ts#sendTestEventAction",
    "/review/admin/webhooks",
    {
      endpointId: String(desk.webhooks.endpoint),
    },
  );
  await webhookQueueSettled();
  desk.webhooks.delivery = queryRow(
    z.object({ id: z.number() }),
    "select id from webhook_deliveries where endpoint_id = ? and state = 'delivered'",
    desk.webhooks.endpoint,
  ).id;
});

test.afterAll(async () => {
  console.log(`\n${tally.summary("Access-control matrix (issue #4, item 7)")}\n`);
  // Its receiver closes below: later specs' corrections must not queue deliveries to it.
  if (desk?.webhooks.endpoint)
    await adminSetupAction(desk.contexts.admin, WEBHOOK_TOGGLE, "/review/admin/webhooks", {
      endpointId: String(desk.webhooks.endpoint),
      disabled: "on",
    });
  if (desk) for (const context of Object.values(desk.contexts)) await context.dispose();
  await articlePages?.close();
  await webhookReceiver?.close();
});

// ---------------------------------------------------------------- coverage

/** Every route handler this spec calls, as the build names it; the coverage test compares it with the build. */
const ROUTE_HANDLERS = [
  "/api/auth/[...nextauth]",
  "/api/v1/articles/[slug]",
  "/api/v1/claimreview.json",
  "/api/v1/claims",
  "/api/v1/claims/[slug]",
  "/api/v1/openapi.json",
  "/feed.xml",
  "/icon.svg",
  "/review/admin/audit/export",
  "/review/admin/export/archive",
  "/review/insights/export",
  "/review/mine/feed.xml",
  "/transparency/anchors.jsonl",
  "/transparency/feed.xml",
];

test("the matrix covers every server action and route handler in the build", () => {
  const actions = serverActions();
  expect(
    actions.length,
    "fewer server actions than expected: the manifest's shape may have changed",
  ).toBeGreaterThanOrEqual(EXPECTED_ACTION_COUNT);
  expect(
    actions.filter((a) => !(a.key in ACTIONS)).map((a) => a.key),
    "server actions with no row in the matrix: add one to ACTIONS",
  ).toEqual([]);
  expect(
    Object.keys(ACTIONS).filter((key) => !actions.some((a) => a.key === key)),
    "matrix rows for actions the build no longer has",
  ).toEqual([]);
  expect(routeHandlerPatterns(), "route handlers the matrix does not list (or lists but the build lacks)").toEqual(
    [...ROUTE_HANDLERS].sort(),
  );
  expect(
    routeCases()
      .map((c) => c.handler)
      .filter((h, i, all) => all.indexOf(h) === i)
      .sort(),
    "route handlers with no case",
  ).toEqual([...ROUTE_HANDLERS].sort());
});

// ---------------------------------------------------------------- the action matrix

test("server actions: allowed roles succeed, every other caller is refused and changes nothing", async () => {
  test.setTimeout(180_000);
  const { contexts, origin, users } = d();
  for (const action of serverActions()) {
    const row = ACTIONS[action.key];
    if (!row) throw new Error(`No matrix row for ${action.key}.`);
    for (const caller of CALLERS) {
      const context = contexts[caller];
      const label = `${action.key} as ${caller}`;
      if (row.allowed.includes(caller)) {
        const fields = row.fields(caller);
        const before = snapshotDatabase();
        const prior = row.prior?.(fields);
        const outcome = await postAction(context, {
          id: action.id,
          path: row.page(),
          fields,
          shape: "js-with-state",
          origin,
          headers: row.headers?.(),
        });
        row.effect(fields, outcome, prior);
        const expected = row.audit();
        const actorId = caller === "signed-out" || expected?.actor === "public" ? null : userId(users[caller].email);
        expect(
          auditEventsAfter(before.lastAuditId).map(
            (e) => `${e.action} by ${e.actor_kind}${e.actor_id === null ? "" : ` ${e.actor_id}`}`,
          ),
          `${label}: the audit events it wrote`,
        ).toEqual(
          expected
            ? [expected.action]
                .flat()
                .map((action) => `${action} by ${expected.actor === "public" ? "public" : `user ${actorId}`}`)
            : [],
        );
        if (!expected)
          expect(changedTables(before, snapshotDatabase()), `${label}: wrote without an audit event`).toEqual([]);
        await row.settle?.();
        tally.add("server actions", "allowed");
        continue;
      }
      // A body that would succeed for an allowed caller, in every shape, at the form's page and at a public page.
      // A signed-out caller also sends a forged session cookie: it gets past proxy.ts's optimistic redirect
      // (and Next's internal forwarding of the action to its page), so the action itself must refuse.
      const fields = row.fields(caller);
      const before = snapshotDatabase();
      for (const cookie of caller === "signed-out" ? [null, FORGED_COOKIE] : [null]) {
        for (const path of [row.page(), "/"]) {
          for (const shape of ACTION_BODY_SHAPES) {
            const headers = { ...row.headers?.(), ...(cookie ? { Cookie: cookie } : {}) };
            const outcome = await postAction(context, { id: action.id, path, fields, shape, origin, headers });
            const where = `${label}${cookie ? " (forged cookie)" : ""}, ${shape} to ${path}: ${outcome.status} ${outcome.message ?? outcome.text.slice(0, 200)}`;
            expect(outcome.state, where).not.toBe("ok");
            expect(outcome.actionRedirect, where).toBeNull();
            if (shape === "js-with-state") expectActionRefusal(outcome, caller, cookie === null, origin, where);
            tally.add("server actions", "refused");
          }
        }
      }
      expect(changedTables(before, snapshotDatabase()), `${label}: refused calls changed the database`).toEqual([]);
    }
  }
});

// ---------------------------------------------------------------- route handlers

type Method = "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE";

interface RouteCase {
  handler: string;
  name: string;
  method: Method;
  path: () => string;
  headers?: Record<string, string>;
  form?: () => Record<string, string>;
  allowed: readonly Caller[];
  /** What an allowed call records in the audit log (by the caller); none when absent. */
  audit?: string;
  onAllowed: (response: APIResponse, body: string, caller: Caller) => void;
  /** Extra checks of a refusal; every refusal is also a 3xx to /signin or a 4xx. */
  onRefused?: (response: APIResponse, body: string, caller: Caller) => void;
}

function expectNoUnpublished(body: string): void {
  expect(body).not.toContain(d().main.summary);
  expect(body).not.toContain(d().correctionRequest.message);
}

const PUBLIC_READS = [
  "/api/v1/claimreview.json",
  "/api/v1/claims",
  "/api/v1/claims/[slug]",
  "/api/v1/articles/[slug]",
  "/api/v1/openapi.json",
  "/feed.xml",
  "/transparency/feed.xml",
  "/transparency/anchors.jsonl",
] as const;

function publicPath(handler: string): string {
  return handler
    .replace("/claims/[slug]", `/claims/${d().published.slug}`)
    .replace("/articles/[slug]", `/articles/${d().main.articleSlug}`);
}

function routeCases(): RouteCase[] {
  const ok = (type: RegExp) => (response: APIResponse, body: string) => {
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"] ?? "").toMatch(type);
    expectNoUnpublished(body);
  };
  const cases: RouteCase[] = [
    {
      handler: "/api/auth/[...nextauth]",
      name: "GET /api/auth/csrf",
      method: "GET",
      path: () => "/api/auth/csrf",
      allowed: EVERYONE,
      onAllowed: (r, body) => {
        expect(r.status()).toBe(200);
        expect(body).toMatch(/"csrfToken":"[0-9a-f]{64}"/);
      },
    },
    {
      handler: "/api/auth/[...nextauth]",
      name: "GET /api/auth/providers",
      method: "GET",
      path: () => "/api/auth/providers",
      allowed: EVERYONE,
      onAllowed: ok(/json/),
    },
    {
      handler: "/api/auth/[...nextauth]",
      name: "GET /api/auth/session",
      method: "GET",
      path: () => "/api/auth/session",
      allowed: EVERYONE,
      onAllowed: (r, body, caller) => {
        expect(r.status()).toBe(200);
        // Only ever the caller's own token, never anyone else's account.
        const others = Object.entries(d().users)
          .filter(([who]) => who !== caller)
          .map(([, u]) => u.email);
        for (const email of others) expect(body).not.toContain(email);
        expect(body).not.toContain("password");
        if (caller === "signed-out") expect(body.trim()).toBe("{}");
        if (caller === "reviewer" || caller === "editor" || caller === "admin")
          expect(body).toContain(d().users[caller].email);
      },
    },
    {
      handler: "/api/auth/[...nextauth]",
      name: "POST /api/auth/signout without the CSRF token",
      method: "POST",
      path: () => "/api/auth/signout",
      form: () => ({ json: "true" }),
      allowed: NOBODY,
      onAllowed: () => undefined,
      // next-auth answers with a pointer back to its sign-out page and ends nothing (the snapshot shows session_version unchanged).
      onRefused: (r, body) => expect(body).toContain("csrf=true"),
    },
    {
      handler: "/api/auth/[...nextauth]",
      name: "POST /api/auth/callback/credentials without the CSRF token",
      method: "POST",
      path: () => "/api/auth/callback/credentials",
      form: () => ({ email: d().users.editor.email, password: d().users.editor.password, json: "true" }),
      allowed: NOBODY,
      onAllowed: () => undefined,
      onRefused: (r, body) => {
        expect(body).toContain("csrf=true");
        expect(
          r
            .headersArray()
            .some((h) => h.name.toLowerCase() === "set-cookie" && h.value.startsWith("next-auth.session-token=")),
        ).toBe(false);
      },
    },
    {
      handler: "/api/v1/claims",
      name: "GET /api/v1/claims",
      method: "GET",
      path: () => "/api/v1/claims",
      allowed: EVERYONE,
      onAllowed: ok(/json/),
    },
    {
      handler: "/api/v1/claims/[slug]",
      name: "GET /api/v1/claims/[published]",
      method: "GET",
      path: () => `/api/v1/claims/${d().published.slug}`,
      allowed: EVERYONE,
      onAllowed: (r, body) => {
        ok(/json/)(r, body);
        expect(body).toContain(d().published.summary);
      },
    },
    {
      handler: "/api/v1/claims/[slug]",
      name: "GET /api/v1/claims/[unpublished] (the public API never shows it, whoever asks)",
      method: "GET",
      path: () => `/api/v1/claims/${d().main.slug}`,
      allowed: NOBODY,
      onAllowed: () => undefined,
      onRefused: (r, body) => {
        expect(r.status()).toBe(404);
        expectNoUnpublished(body);
      },
    },
    {
      handler: "/api/v1/articles/[slug]",
      name: "GET /api/v1/articles/[slug]",
      method: "GET",
      path: () => `/api/v1/articles/${d().main.articleSlug}`,
      allowed: EVERYONE,
      onAllowed: ok(/json/),
    },
    {
      handler: "/api/v1/claimreview.json",
      name: "GET /api/v1/claimreview.json",
      method: "GET",
      path: () => "/api/v1/claimreview.json",
      allowed: EVERYONE,
      onAllowed: (r, body) => {
        ok(/ld\+json/)(r, body);
        expect(body).toContain(`/claims/${d().published.slug}"`);
        expect(body).not.toContain(`/claims/${d().main.slug}"`);
      },
    },
    {
      handler: "/api/v1/openapi.json",
      name: "GET /api/v1/openapi.json",
      method: "GET",
      path: () => "/api/v1/openapi.json",
      allowed: EVERYONE,
      onAllowed: ok(/json/),
    },
    {
      handler: "/feed.xml",
      name: "GET /feed.xml",
      method: "GET",
      path: () => "/feed.xml",
      allowed: EVERYONE,
      onAllowed: ok(/atom\+xml/),
    },
    {
      handler: "/transparency/feed.xml",
      name: "GET /transparency/feed.xml",
      method: "GET",
      path: () => "/transparency/feed.xml",
      allowed: EVERYONE,
      onAllowed: (response, body) => {
        ok(/atom\+xml/)(response, body);
        // The anchors, never the file on the server they were written to.
        expect(body).not.toContain(process.env.AUDIT_ANCHOR_FILE ?? "no anchor file");
      },
    },
    {
      handler: "/transparency/anchors.jsonl",
      name: "GET /transparency/anchors.jsonl",
      method: "GET",
      path: () => "/transparency/anchors.jsonl",
      allowed: EVERYONE,
      onAllowed: (response, body) => {
        ok(/x-ndjson/)(response, body);
        for (const line of body.split("\n").filter(Boolean))
          expect(Object.keys(JSON.parse(line) as object).sort()).toEqual(["at", "hash", "id"]);
      },
    },
    {
      handler: "/icon.svg",
      name: "GET /icon.svg",
      method: "GET",
      path: () => "/icon.svg",
      allowed: EVERYONE,
      onAllowed: ok(/svg/),
    },
    {
      handler: "/icon.svg",
      name: "POST /icon.svg",
      method: "POST",
      path: () => "/icon.svg",
      allowed: NOBODY,
      onAllowed: () => undefined,
      onRefused: (r) => expect(r.status()).toBe(405),
    },
  ];
  // The public handlers are read-only: every write method is refused.
  for (const handler of PUBLIC_READS) {
    for (const method of ["POST", "PUT", "PATCH", "DELETE"] as const) {
      cases.push({
        handler,
        name: `${method} ${handler}`,
        method,
        path: () => publicPath(handler),
        form: () => ({ summary: "Written by the matrix", status: "sourced" }),
        allowed: NOBODY,
        onAllowed: () => undefined,
        onRefused: (r) => expect(r.status()).toBe(405),
      });
    }
  }
  const exportRefusal = (r: APIResponse, body: string, caller: Caller) => {
    expect(body).not.toContain("prevHash");
    expect(body).not.toContain("prev_hash");
    if (caller === "disabled") expect(r.status()).toBe(401);
    if (caller === "reviewer" || caller === "editor") expect(r.status()).toBe(403);
  };
  const exported = (format: string) => (r: APIResponse, body: string) => {
    expect(r.status()).toBe(200);
    expect(r.headers()["content-disposition"] ?? "").toMatch(
      new RegExp(`attachment; filename="claimtrail-audit-.*\\.${format}"`),
    );
    expect(body).toMatch(format === "csv" ? /prev_hash/ : /"prevHash"/);
  };
  // A session opens no one's feed: only a personal token does (e2e/mine.spec.ts), and a wrong one gets the same 401.
  const feedRefusal = (r: APIResponse, body: string) => {
    expect(r.status()).toBe(401);
    expect(body).toMatch(/^This feed address does not work\./);
    expectNoUnpublished(body);
  };
  for (const [name, query] of [
    ["without a token", ""],
    ["with a made-up token", `?token=ctf_${"A".repeat(43)}`],
    ["with a malformed token", "?token=%3Cscript%3E"],
  ] as const) {
    cases.push({
      handler: "/review/mine/feed.xml",
      name: `GET /review/mine/feed.xml ${name}`,
      method: "GET",
      path: () => `/review/mine/feed.xml${query}`,
      allowed: NOBODY,
      onAllowed: () => undefined,
      onRefused: feedRefusal,
    });
  }
  // Insights are aggregates for editors (issue #14): a download records nothing and changes nothing.
  const insightsRefusal = (r: APIResponse, body: string, caller: Caller) => {
    expect(body).not.toContain("week_starting");
    if (caller === "reviewer") expect(r.status()).toBe(403);
  };
  cases.push(
    {
      handler: "/review/insights/export",
      name: "GET /review/insights/export?chart=flow",
      method: "GET",
      path: () => "/review/insights/export?chart=flow",
      allowed: EDITORS,
      onAllowed: (r, body) => {
        expect(r.status()).toBe(200);
        expect(r.headers()["content-type"] ?? "").toMatch(/^text\/csv/);
        expect(body.split("\r\n")[0]).toBe("week_starting,brought_in,verdicts_set,published");
      },
      onRefused: insightsRefusal,
    },
    {
      handler: "/review/insights/export",
      name: "GET /review/insights/export?chart=claimants",
      method: "GET",
      path: () => "/review/insights/export?chart=claimants&from=2020-01-01&to=2021-01-01",
      allowed: EDITORS,
      onAllowed: (r, body) => {
        expect(r.status()).toBe(200);
        expect(body).toBe("claimant,sourced,disputed,total\r\n");
      },
      onRefused: insightsRefusal,
    },
    {
      handler: "/review/insights/export",
      name: "POST /review/insights/export",
      method: "POST",
      path: () => "/review/insights/export?chart=flow",
      form: () => ({ chart: "flow" }),
      allowed: NOBODY,
      onAllowed: () => undefined,
      onRefused: (r, body, caller) => {
        expect(body).not.toContain("week_starting");
        if (caller !== "signed-out") expect(r.status()).toBe(405);
      },
    },
  );
  cases.push(
    {
      handler: "/review/admin/audit/export",
      name: "GET /review/admin/audit/export?format=csv",
      method: "GET",
      path: () => "/review/admin/audit/export?format=csv",
      allowed: ADMINS,
      audit: "audit.exported",
      onAllowed: exported("csv"),
      onRefused: exportRefusal,
    },
    {
      handler: "/review/admin/audit/export",
      name: "GET /review/admin/audit/export?format=jsonl",
      method: "GET",
      path: () => "/review/admin/audit/export?format=jsonl&action=user.",
      allowed: ADMINS,
      audit: "audit.exported",
      onAllowed: exported("jsonl"),
      onRefused: exportRefusal,
    },
    {
      handler: "/review/admin/audit/export",
      name: "GET /review/admin/audit/export started by another site (Sec-Fetch-Site: cross-site)",
      method: "GET",
      path: () => "/review/admin/audit/export?format=csv",
      headers: { "Sec-Fetch-Site": "cross-site" },
      allowed: NOBODY,
      onAllowed: () => undefined,
      onRefused: (r, body, caller) => {
        exportRefusal(r, body, caller);
        if (caller === "admin") expect(r.status()).toBe(403);
      },
    },
    {
      handler: "/review/admin/export/archive",
      name: "GET /review/admin/export/archive",
      method: "GET",
      path: () => "/review/admin/export/archive",
      allowed: ADMINS,
      audit: "desk.exported",
      onAllowed: (r) => {
        expect(r.status()).toBe(200);
        expect(r.headers()["content-type"]).toBe("application/gzip");
        expect(r.headers()["content-disposition"] ?? "").toMatch(/attachment; filename="claimtrail-desk-.*\.tar\.gz"/);
      },
      onRefused: exportRefusal,
    },
    {
      handler: "/review/admin/export/archive",
      name: "GET /review/admin/export/archive started by another site (Sec-Fetch-Site: cross-site)",
      method: "GET",
      path: () => "/review/admin/export/archive",
      headers: { "Sec-Fetch-Site": "cross-site" },
      allowed: NOBODY,
      onAllowed: () => undefined,
      onRefused: (r, body, caller) => {
        exportRefusal(r, body, caller);
        if (caller === "admin") expect(r.status()).toBe(403);
      },
    },
    {
      handler: "/review/admin/export/archive",
      name: "HEAD /review/admin/export/archive",
      method: "HEAD",
      path: () => "/review/admin/export/archive",
      allowed: NOBODY,
      onAllowed: () => undefined,
    },
    {
      handler: "/review/admin/export/archive",
      name: "POST /review/admin/export/archive",
      method: "POST",
      path: () => "/review/admin/export/archive",
      form: () => ({ format: "tar" }),
      allowed: NOBODY,
      onAllowed: () => undefined,
      onRefused: (r, _body, caller) => {
        if (caller !== "signed-out") expect(r.status()).toBe(405);
      },
    },
    {
      handler: "/review/admin/audit/export",
      name: "HEAD /review/admin/audit/export",
      method: "HEAD",
      path: () => "/review/admin/audit/export?format=csv",
      allowed: NOBODY,
      onAllowed: () => undefined,
    },
    {
      handler: "/review/admin/audit/export",
      name: "POST /review/admin/audit/export",
      method: "POST",
      path: () => "/review/admin/audit/export?format=csv",
      form: () => ({ format: "csv" }),
      allowed: NOBODY,
      onAllowed: () => undefined,
      onRefused: (r, body, caller) => {
        expect(body).not.toContain("prev_hash");
        if (caller !== "signed-out") expect(r.status()).toBe(405);
      },
    },
  );
  return cases;
}

async function send(
  context: APIRequestContext,
  method: Method,
  path: string,
  options: { headers?: Record<string, string>; form?: Record<string, string> } = {},
): Promise<APIResponse> {
  return context.fetch(path, {
    method,
    headers: options.headers,
    form: options.form,
    maxRedirects: 0,
    failOnStatusCode: false,
  });
}

test("route handlers: allowed roles get their answer, everyone else is refused, nothing changes but what is audited", async () => {
  test.setTimeout(120_000);
  const { contexts, users, origin } = d();
  for (const route of routeCases()) {
    for (const caller of CALLERS) {
      const label = `${route.name} as ${caller}`;
      const before = snapshotDatabase();
      const response = await send(contexts[caller], route.method, route.path(), {
        headers: route.headers,
        form: route.form?.(),
      });
      const body = route.method === "HEAD" ? "" : await response.text();
      const where = `${label}: ${response.status()} ${body.slice(0, 200)}`;
      const events = auditEventsAfter(before.lastAuditId).map((e) =>
        `${e.action} by ${e.actor_kind} ${e.actor_id ?? ""}`.trim(),
      );
      if (route.allowed.includes(caller)) {
        route.onAllowed(response, body, caller);
        if (route.audit) {
          const actorId = caller === "signed-out" ? "" : ` ${userId(users[caller].email)}`;
          expect(events, where).toEqual([`${route.audit} by user${actorId}`]);
        } else {
          expect(changedTables(before, snapshotDatabase()), where).toEqual([]);
        }
        tally.add("route handlers", "allowed");
        continue;
      }
      const status = response.status();
      if (status >= 300 && status < 400) {
        // proxy.ts, for a visitor with no session cookie at all; or next-auth's own redirect back to its pages.
        const location = new URL(response.headers()["location"] ?? "", origin);
        expect(location.origin, where).toBe(origin);
        if (route.handler.startsWith("/review")) {
          expect(caller, where).toBe("signed-out");
          expect(location.pathname, where).toBe("/signin");
        }
      } else if (!route.handler.startsWith("/api/auth")) {
        expect(status, where).toBeGreaterThanOrEqual(400);
        expect(status, where).toBeLessThan(500);
      }
      route.onRefused?.(response, body, caller);
      expect(changedTables(before, snapshotDatabase()), `${where}: a refused call changed the database`).toEqual([]);
      tally.add("route handlers", "refused");
    }
  }
  // Nobody was signed out by the CSRF-less sign-out posts.
  for (const caller of ["reviewer", "editor", "admin"] as const) {
    const response = await contexts[caller].get("/review", { maxRedirects: 0 });
    expect(response.status(), `${caller} still signed in`).toBe(200);
  }
});

// ---------------------------------------------------------------- pages

interface PageCase {
  path: () => string;
  allowed: readonly Caller[];
  /** Text only a caller allowed on the page may see. */
  marker: () => string;
  /**
   * The one table an allowed view of the page may write: My claims keeps where
   * each person has read to (lib/claims/my-events.ts), unaudited by design.
   */
  writes?: string;
}

const PAGES: PageCase[] = [
  { path: () => "/review", allowed: REVIEWERS, marker: () => d().main.summary },
  { path: () => `/review/claims/${d().main.slug}`, allowed: REVIEWERS, marker: () => d().main.summary },
  { path: () => "/review/articles", allowed: REVIEWERS, marker: () => d().intake.title },
  { path: () => `/review/articles/${d().intake.slug}`, allowed: REVIEWERS, marker: () => d().intake.title },
  { path: () => `/review/articles/${d().main.articleSlug}`, allowed: REVIEWERS, marker: () => d().main.summary },
  { path: () => "/review/views", allowed: REVIEWERS, marker: () => "Shared with the desk" },
  { path: () => "/review/mine", allowed: REVIEWERS, marker: () => "Show my own changes too", writes: "desk_visits" },
  { path: () => "/review/settings", allowed: REVIEWERS, marker: () => "My claims in a feed reader" },
  { path: () => "/review/account", allowed: REVIEWERS, marker: () => "Where you are signed in" },
  { path: () => "/review/admin/two-factor", allowed: ADMINS, marker: () => "Roles that must use two-factor sign-in" },
  { path: () => "/review/corrections?state=all", allowed: EDITORS, marker: () => d().correctionRequest.message },
  { path: () => "/review/insights", allowed: EDITORS, marker: () => "Claims brought in, verdicts set and published" },
  { path: () => "/review/admin", allowed: ADMINS, marker: () => d().victims.reset.email },
  { path: () => "/review/admin/audit", allowed: ADMINS, marker: lastAuditHash },
  { path: () => "/review/admin/chain", allowed: ADMINS, marker: lastAuditHash },
  { path: () => "/review/admin/export", allowed: ADMINS, marker: () => "Download the export" },
  { path: () => "/review/admin/about", allowed: ADMINS, marker: () => "Text of “Our team”" },
  { path: () => "/review/admin/webhooks", allowed: ADMINS, marker: () => d().webhooks.url },
  { path: () => `/review/admin/webhooks/${d().webhooks.endpoint}`, allowed: ADMINS, marker: () => d().webhooks.url },
];

/** Everything the reviewer area holds that no outsider may see. */
function secrets(): string[] {
  const { main, correctionRequest, victims } = d();
  return [main.summary, correctionRequest.message, victims.reset.email, victims.role.email, lastAuditHash()];
}

function expectRefusedPage(response: APIResponse, body: string, hidden: string[], where: string): void {
  const { origin } = d();
  for (const secret of hidden) expect(body, `${where}: shows ${secret}`).not.toContain(secret);
  const status = response.status();
  if (status >= 300 && status < 400) {
    const location = response.headers()["location"] ?? "";
    expect(location, where).not.toContain("evil.example");
    expect(new URL(location, origin).origin, where).toBe(origin);
  } else {
    expect([200, 401, 403, 404], where).toContain(status);
  }
}

test("reviewer pages: each role sees what it may, the rest are sent to sign in or told no", async () => {
  const { contexts, origin } = d();
  for (const page of PAGES) {
    for (const caller of CALLERS) {
      const before = snapshotDatabase();
      const marker = page.marker();
      const response = await contexts[caller].get(page.path(), { maxRedirects: 0, failOnStatusCode: false });
      const body = await response.text();
      const where = `GET ${page.path()} as ${caller}: ${response.status()}`;
      if (page.allowed.includes(caller)) {
        expect(response.status(), where).toBe(200);
        expect(body, where).toContain(marker);
        tally.add("reviewer pages", "allowed");
      } else {
        expectRefusedPage(response, body, [marker, ...secrets()], where);
        if (caller === "signed-out" || caller === "disabled") {
          expect(response.status(), where).toBe(307);
          expect(new URL(response.headers()["location"] ?? "", origin).pathname, where).toBe("/signin");
        }
        tally.add("reviewer pages", "refused");
      }
      const wrote = changedTables(before, snapshotDatabase()).filter(
        (table) => !(page.allowed.includes(caller) && page.writes && table.startsWith(`${page.writes} `)),
      );
      expect(wrote, `${where}: a page view wrote`).toEqual([]);
    }
  }
});

const HEADER_VARIANTS: { name: string; headers?: Record<string, string>; url?: (path: string) => string }[] = [
  { name: "plain" },
  { name: "Origin: null", headers: { Origin: "null" } },
  { name: "foreign Origin", headers: { Origin: "https://evil.example" } },
  { name: "spoofed X-Forwarded-Host", headers: { "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https" } },
  {
    name: "x-middleware-subrequest (middleware×5)",
    headers: { "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware" },
  },
  {
    name: "x-middleware-subrequest (proxy×5)",
    headers: { "x-middleware-subrequest": "proxy:proxy:proxy:proxy:proxy" },
  },
  { name: ".rsc suffix", url: (path) => path.replace(/(\?|$)/, ".rsc$1") },
  { name: "?_rsc=1", url: (path) => `${path}${path.includes("?") ? "&" : "?"}_rsc=1` },
  { name: "RSC: 1", headers: { RSC: "1" } },
  {
    name: "RSC: 1 and ?_rsc=1 and .rsc",
    headers: { RSC: "1", "Next-Router-State-Tree": "%5B%22%22%2C%7B%7D%5D" },
    url: (path) => `${path.replace(/(\?|$)/, ".rsc$1")}${path.includes("?") ? "&" : "?"}_rsc=1`,
  },
];

test("header and URL variants never take an outsider, a dead session or the wrong role into the reviewer area", async () => {
  test.setTimeout(120_000);
  const { contexts } = d();
  const forged = contexts["signed-out"];
  const callers: { name: string; context: APIRequestContext; cookie?: string; pages: PageCase[] }[] = [
    { name: "signed out", context: forged, pages: PAGES },
    // Gets past proxy.ts's cookie check: the pages themselves must refuse.
    { name: "signed out with a forged session cookie", context: forged, cookie: FORGED_COOKIE, pages: PAGES },
    { name: "disabled", context: contexts.disabled, pages: PAGES },
    { name: "reviewer", context: contexts.reviewer, pages: PAGES.filter((p) => !p.allowed.includes("reviewer")) },
  ];
  const exportPath = "/review/admin/audit/export?format=jsonl";
  for (const caller of callers) {
    const before = snapshotDatabase();
    for (const page of [
      ...caller.pages.map((p) => ({ path: p.path(), marker: p.marker() })),
      { path: exportPath, marker: '"prevHash"' },
    ]) {
      for (const variant of HEADER_VARIANTS) {
        const url = variant.url ? variant.url(page.path) : page.path;
        const headers = { ...variant.headers, ...(caller.cookie ? { Cookie: caller.cookie } : {}) };
        const response = await caller.context.get(url, { headers, maxRedirects: 0, failOnStatusCode: false });
        const body = await response.text();
        expectRefusedPage(
          response,
          body,
          [page.marker, ...secrets()],
          `GET ${url} (${variant.name}) as ${caller.name}: ${response.status()}`,
        );
        tally.add("header and URL variants", "refused");
      }
    }
    // No export was recorded, no page view wrote.
    expect(changedTables(before, snapshotDatabase()), `variants as ${caller.name} changed the database`).toEqual([]);
  }
});

test("a server action posted from another origin is refused even for a signed-in admin, and changes nothing", async () => {
  const { contexts, origin } = d();
  // Every body first: some rows prepare the caller's state to build theirs (the two-factor ones).
  const calls = serverActions().map((action) => {
    const row = ACTIONS[action.key];
    if (!row) throw new Error(`No matrix row for ${action.key}.`);
    // The admin may call every action: only the origin check stands in the way.
    return { action, row, fields: row.fields("admin") };
  });
  const before = snapshotDatabase();
  for (const { action, row, fields } of calls) {
    for (const foreign of ["https://evil.example", "null"]) {
      for (const shape of ["js-with-state", "no-js"] as const) {
        const outcome = await postAction(contexts.admin, {
          id: action.id,
          path: row.page(),
          fields,
          shape,
          origin: foreign,
          headers: row.headers?.(),
        });
        const where = `${action.key} with Origin ${foreign} (${shape}): ${outcome.status} ${outcome.text.slice(0, 200)}`;
        expect(outcome.state, where).not.toBe("ok");
        expect(outcome.actionRedirect, where).toBeNull();
        expect(outcome.status, where).toBeGreaterThanOrEqual(400);
        tally.add("cross-origin server actions", "refused");
      }
    }
  }
  expect(changedTables(before, snapshotDatabase()), "a cross-origin action changed the database").toEqual([]);
  // The same admin, from the right origin, still can.
  const probe = serverActions().find((a) => a.key === "app/(review)/review/claims/[slug]/actions.ts#addEvidenceAction");
  const row = ACTIONS["app/(review)/review/claims/[slug]/actions.ts#addEvidenceAction"];
  if (!probe || !row) throw new Error("addEvidenceAction is missing.");
  const outcome = await postAction(contexts.admin, {
    id: probe.id,
    path: row.page(),
    fields: row.fields("admin"),
    shape: "js-with-state",
    origin,
  });
  expect(outcome.state).toBe("ok");
});

// ---------------------------------------------------------------- a reader's private request page

test("a correction request's private page: its token opens it for anyone, and nothing else does, whoever asks", async () => {
  const { contexts, requestPage, correctionRequest } = d();
  const token = requestPage.slice("/requests/".length);
  const wrong = [
    `/requests/${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`,
    `/requests/crq_${"A".repeat(43)}`,
    "/requests/not-a-token",
    `/requests/${token}x`,
  ];
  const before = snapshotDatabase();
  for (const caller of CALLERS) {
    const response = await contexts[caller].get(requestPage, { maxRedirects: 0, failOnStatusCode: false });
    expect(response.status(), `${caller} with the token`).toBe(200);
    expect(response.headers()["cache-control"]).toBe("private, no-store");
    expect(response.headers()["referrer-policy"]).toBe("no-referrer");
    expect(await response.text()).toContain(correctionRequest.message);
    tally.add("private request page", "allowed");
    for (const path of wrong) {
      const refused = await contexts[caller].get(path, { maxRedirects: 0, failOnStatusCode: false });
      const where = `${caller} at ${path}`;
      expect(refused.status(), where).toBe(404);
      expect(await refused.text(), where).not.toContain(correctionRequest.message);
      tally.add("private request page", "refused");
    }
  }
  expect(changedTables(before, snapshotDatabase()), "reading a request page changed the database").toEqual([]);
});
