// Fills a fresh database with a newsroom-sized archive, fast, and exactly as
// the app would have written it: the same rows, the same published snapshots,
// and an audit chain whose rows lib/audit's buildAuditRow builds (the builder
// appendAuditEvent itself stores), which verifyAuditChain accepts. Users are
// made through lib/users (argon2 and all); the rest is simulated claim by
// claim under lib/claims/rules.ts and inserted in bulk, one transaction per
// batch, through prepared statements.
import type Database from "better-sqlite3";
import { getConnection } from "@/db/client";
import { REVIEW_STAGES, type ClaimStatus, type Priority, type ReviewStage, type Stance } from "@/db/schema";
import { hashBody } from "@/lib/articles/articles";
import { auditRowColumns, GENESIS_HASH, HASHED_AUDIT_COLUMNS } from "@/lib/audit/chain";
import { buildAuditRow } from "@/lib/audit/events";
import { SYSTEM_PRINCIPAL, type SessionUser } from "@/lib/auth/principal";
import type { VerdictSnapshot } from "@/lib/public/published-claim";
import { fourEyesViolation, statusRuleViolation } from "@/lib/claims/rules";
import { slugify, uniqueSlug } from "@/lib/slug";
import { createUser } from "@/lib/users/users";

export interface DatasetSize {
  claims: number;
  articles: number;
  /** Audit events in the chain once the archive is loaded, users' events included. */
  auditEvents: number;
}

export interface BenchAccount {
  user: SessionUser;
  password: string;
}

export interface DatasetSummary {
  users: number;
  articles: number;
  claims: number;
  published: number;
  corrected: number;
  evidence: number;
  auditEvents: number;
  /** A published claim that was corrected once, with evidence: the "viral" page. */
  featuredClaimSlug: string;
  /** Published, sourced, with supporting evidence: the status-change writer flips these. */
  flippableClaimIds: number[];
  /** The reviewer the benchmark signs in as. */
  reviewer: BenchAccount;
  /** An editor, for the insights page (editors and admins only). */
  editor: BenchAccount;
  /** The claimant with the most claims: the insights page's claimant filter. */
  busiestClaimant: string;
  /** A word found in about one claim in twenty: the search the benchmark runs. */
  searchWord: string;
  /** Claims per review stage (the queue's stage filter); every stage has some. */
  stages: Record<ReviewStage, number>;
  /** Claims assigned to anyone, and to the reviewer the benchmark signs in as (the queue's "Mine"). */
  assigned: number;
  assignedToReviewer: number;
  seconds: number;
}

const CLAIMS_PER_BATCH = 1_000;
const REVIEWERS = 20;
const EDITORS = 5;

// ---------------------------------------------------------------- words

const PLACES = [
  "Port Averly",
  "Northbridge",
  "Calder Vale",
  "Eastmoor",
  "Kestrel Bay",
  "Linden Cross",
  "Marrow Hill",
  "Oakhaven",
  "Pellham",
  "Queensferry",
  "Redwater",
  "Saltmarsh",
  "Thornby",
  "Upton Reach",
  "Westhollow",
  "Yarrow Point",
];
const NOUNS = [
  "hospitals",
  "schools",
  "families",
  "aid trucks",
  "homes",
  "bridges",
  "clinics",
  "workers",
  "children",
  "fishing boats",
  "water wells",
  "power stations",
  "bakeries",
  "shelters",
  "roads",
  "farms",
  "ambulances",
  "patients",
  "teachers",
  "volunteers",
];
const VERBS = [
  "were damaged",
  "were reopened",
  "were evacuated",
  "received supplies",
  "lost power",
  "were inspected",
  "were closed",
  "were rebuilt",
  "were counted",
  "were registered",
];
const WHEN = [
  "last week",
  "since March",
  "in the past month",
  "overnight",
  "on Tuesday",
  "this year",
  "by the end of May",
  "in two days",
];
const ORGS = [
  "Ministry of Health",
  "Harbour Authority",
  "City Council",
  "Regional Water Board",
  "Relief Coalition",
  "Transport Office",
  "Chamber of Commerce",
  "Teachers' Union",
  "Fire Service",
  "Statistics Bureau",
  "Electricity Company",
  "Farmers' Association",
];
const FIRST = [
  "Amal",
  "Ben",
  "Clara",
  "Dev",
  "Elena",
  "Farid",
  "Grace",
  "Hugo",
  "Ines",
  "Jonas",
  "Kira",
  "Leo",
  "Maya",
  "Nils",
  "Omar",
  "Priya",
];
const LAST = [
  "Adler",
  "Brandt",
  "Costa",
  "Dahl",
  "Evans",
  "Fischer",
  "Garcia",
  "Haddad",
  "Ito",
  "Jensen",
  "Khan",
  "Lund",
  "Moreau",
  "Novak",
];
const OUTLETS = [
  "Coastal Times",
  "Northbridge Herald",
  "Valley Post",
  "The Morning Ledger",
  "Harbour Radio",
  "Capital Wire",
  "Eastmoor Gazette",
];
const PUBLISHERS = [
  "Statistics Bureau",
  "UN Relief Office",
  "Harbour Authority records",
  "Satellite imagery survey",
  "Court filing",
  "Parliamentary answer",
  "NGO field report",
  "Hospital admission logs",
];

// Claimants: a dozen organisations and every "First Last" pair, some 230 in all.
const CLAIMANTS = [...ORGS, ...FIRST.flatMap((f) => LAST.map((l) => `${f} ${l}`))];

/** mulberry32: a small deterministic generator, so every run loads the same archive. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------- plans

interface ClaimPlan {
  /** The verdict the claim ends with. */
  status: ClaimStatus;
  stances: Stance[];
  published: boolean;
  /** Published with the other verdict first, then corrected to `status`. */
  corrected: boolean;
  /** The last rationale revision comes after the (last) publication: "changed since published". */
  editedAfterPublish: boolean;
  revisions: number;
  /** Just taken in: no evidence, no verdict, no rationale (the queue's "needs evidence" stage). */
  fresh: boolean;
  /** Set through the details form when not the default 2 (lib/claims/details.ts). */
  priority: Priority;
  /** Taken by the reviewer who created it (lib/claims/assignment.ts); most claims stay unassigned. */
  assigned: boolean;
}

/**
 * What the review queue filters by. A generator of its own, so the verdicts
 * planned by planClaim are drawn as in runs before the queue had these.
 */
function planQueue(plan: ClaimPlan, rand: () => number): ClaimPlan {
  const fresh = rand() < 0.12;
  const roll = rand();
  const priority: Priority = roll < 0.2 ? 1 : roll < 0.8 ? 2 : 3;
  const assigned = rand() < 0.35;
  if (!fresh) return { ...plan, priority, assigned };
  return {
    ...plan,
    status: "unverified",
    stances: [],
    published: false,
    corrected: false,
    editedAfterPublish: false,
    fresh,
    priority,
    assigned,
  };
}

function planClaim(rand: () => number): ClaimPlan {
  const roll = rand();
  const status: ClaimStatus = roll < 0.4 ? "sourced" : roll < 0.65 ? "disputed" : "unverified";
  const published = status === "unverified" ? rand() < 0.15 : rand() < 0.85;
  const corrected = published && status !== "unverified" && rand() < 0.08;
  // Every verdict the claim takes must be allowed by its evidence (lib/claims/rules.ts).
  const required: Stance[] = [];
  if (status === "sourced" || corrected) required.push("supports");
  if (status === "disputed" || corrected) required.push("contradicts");
  const count = Math.max(required.length, 1 + Math.floor(rand() * 3));
  const stances = Array.from(
    { length: count },
    (_, i): Stance => required[i] ?? (rand() < 0.5 ? "context" : rand() < 0.5 ? "supports" : "contradicts"),
  );
  return {
    status,
    stances,
    published,
    corrected,
    editedAfterPublish: published && rand() < 0.05,
    revisions: 0,
    fresh: false,
    priority: 2,
    assigned: false,
  };
}

/** Events a claim makes apart from its rationale revisions. */
function naturalEvents(plan: ClaimPlan): number {
  const created = 1;
  const evidence = plan.stances.length;
  const verdicts = plan.status === "unverified" ? 0 : plan.corrected ? 2 : 1;
  const publications = plan.published ? (plan.corrected ? 2 : 1) : 0;
  const queue = (plan.priority === 2 ? 0 : 1) + (plan.assigned ? 1 : 0);
  return created + evidence + verdicts + publications + queue;
}

// ---------------------------------------------------------------- the loader

type Row = Record<string, string | number | null>;

interface ClaimState {
  id: number;
  slug: string;
  articleId: number;
  text: string;
  summary: string;
  claimant: string | null;
  reportedBy: string | null;
  spanStart: number;
  spanEnd: number;
  status: ClaimStatus;
  rationale: string;
  priority: Priority;
  assigneeId: number | null;
  version: number;
  statusSetBy: number | null;
  statusSetAt: string | null;
  createdBy: number;
  createdAt: string;
  updatedAt: string;
  evidence: VerdictSnapshot["evidence"];
  published: {
    status: ClaimStatus;
    snapshot: string;
    version: number;
    by: number;
    at: string;
    firstAt: string;
  } | null;
}

class Loader {
  private readonly rand: () => number;
  private clock = Date.UTC(2024, 0, 8, 8, 0, 0);
  private head: { id: number; hash: string };
  private readonly claimSlugs = new Set<string>();
  private readonly articleSlugs = new Set<string>();
  private nextEvidenceId = 1;
  private nextPublicationId = 1;
  readonly events: Row[] = [];
  readonly articles: Row[] = [];
  readonly claims: ClaimState[] = [];
  readonly evidence: Row[] = [];
  readonly publications: Row[] = [];
  readonly counts = { published: 0, corrected: 0, evidence: 0, assigned: 0 };
  /** The corrected claim with the most evidence so far: the page the benchmark hammers. */
  featured: { slug: string; evidence: number } | null = null;

  constructor(
    seed: number,
    head: { id: number; hash: string },
    private readonly reviewers: SessionUser[],
    private readonly editors: SessionUser[],
  ) {
    this.rand = random(seed);
    this.head = head;
  }

  pick<T>(list: readonly T[]): T {
    const item = list[Math.floor(this.rand() * list.length)];
    if (item === undefined) throw new Error("bench: picked from an empty list.");
    return item;
  }

  /** The next event's time: a few seconds to a minute after the last. */
  tick(): string {
    this.clock += 1_000 + Math.floor(this.rand() * 40_000);
    return new Date(this.clock).toISOString();
  }

  /** Appends an event built by lib/audit's buildAuditRow, the builder appendAuditEvent stores. */
  audit(input: {
    at: string;
    actorId: number;
    action: string;
    entityType: string;
    entityId: number;
    before?: unknown;
    after?: unknown;
    reason?: string | null;
  }): void {
    const { at, actorId, ...event } = input;
    const row = buildAuditRow({ actor: { kind: "user", id: actorId }, ...event }, this.head, at);
    this.events.push(auditRowColumns(row));
    this.head = { id: row.id, hash: row.hash };
  }

  /** One article and its claims, each taken through its whole history. */
  article(articleId: number, firstClaimId: number, plans: ClaimPlan[]): void {
    const reviewer = this.pick(this.reviewers);
    const place = this.pick(PLACES);
    const topic = this.pick(NOUNS);
    const sentences = plans.map((_, i) => {
      const n = 3 + Math.floor(this.rand() * 4_000);
      const claimant = this.rand() < 0.9 ? this.pick(CLAIMANTS) : null;
      const noun = this.pick(NOUNS);
      const verb = this.pick(VERBS);
      const where = i % 3 === 0 ? place : this.pick(PLACES);
      const text = `${claimant ?? "Officials"} said ${n.toLocaleString("en")} ${noun} in ${where} ${verb} ${this.pick(WHEN)}.`;
      const summary = `${n.toLocaleString("en")} ${noun} in ${where} ${verb}`.slice(0, 75);
      return { text, summary, claimant };
    });
    const filler = (k: number) =>
      `Reporters in ${this.pick(PLACES)} spoke to residents about the ${this.pick(NOUNS)} (${articleId}.${k}). The account could not be confirmed at once.`;
    const paragraphs: string[] = [];
    const spans: { start: number; end: number }[] = [];
    let body = `${place}: what we know about the ${topic}, report ${articleId}.\n\n`;
    sentences.forEach((s, i) => {
      const before = `${filler(i)} `;
      const start = body.length + before.length;
      spans.push({ start, end: start + s.text.length });
      const paragraph = `${before}${s.text} ${filler(i + 100)}`;
      paragraphs.push(paragraph);
      body += `${paragraph}\n\n`;
    });
    body = body.trimEnd();
    const title = `${place}: ${topic} and the figures behind them (${articleId})`;
    const slug = uniqueSlug(slugify(title), (s) => this.articleSlugs.has(s));
    this.articleSlugs.add(slug);
    const outlet = this.pick(OUTLETS);
    const url = `https://news.example.com/${slug}`;
    const bodyHash = hashBody(body);
    const at = this.tick();
    this.articles.push({
      id: articleId,
      slug,
      title,
      outlet,
      url,
      author: `${this.pick(FIRST)} ${this.pick(LAST)}`,
      published_at: at.slice(0, 10),
      body,
      body_hash: bodyHash,
      created_by: reviewer.id,
      created_at: at,
    });
    // As lib/articles/articles.ts createArticle writes it.
    this.audit({
      at,
      actorId: reviewer.id,
      action: "article.created",
      entityType: "article",
      entityId: articleId,
      after: { slug, title, outlet, url, bodyHash },
    });

    plans.forEach((plan, i) => {
      const s = sentences[i];
      const span = spans[i];
      if (!s || !span) throw new Error("bench: a claim without its sentence.");
      this.claim(firstClaimId + i, articleId, body, span, s, plan, reviewer);
    });
  }

  private claim(
    id: number,
    articleId: number,
    body: string,
    span: { start: number; end: number },
    words: { summary: string; claimant: string | null },
    plan: ClaimPlan,
    reviewer: SessionUser,
  ): void {
    const text = body.slice(span.start, span.end).trim();
    const slug = uniqueSlug(slugify(words.summary), (s) => this.claimSlugs.has(s));
    this.claimSlugs.add(slug);
    const createdAt = this.tick();
    const claim: ClaimState = {
      id,
      slug,
      articleId,
      text,
      summary: words.summary,
      claimant: words.claimant,
      reportedBy: this.rand() < 0.3 ? this.pick(OUTLETS) : null,
      spanStart: span.start,
      spanEnd: span.end,
      status: "unverified",
      rationale: "",
      priority: 2,
      assigneeId: null,
      version: 1,
      statusSetBy: null,
      statusSetAt: null,
      createdBy: reviewer.id,
      createdAt,
      updatedAt: createdAt,
      evidence: [],
      published: null,
    };
    // lib/claims/claims.ts createClaim
    this.audit({
      at: createdAt,
      actorId: reviewer.id,
      action: "claim.created",
      entityType: "claim",
      entityId: id,
      after: {
        slug,
        text,
        summary: claim.summary,
        claimant: claim.claimant,
        reportedBy: claim.reportedBy,
        status: "unverified",
      },
    });
    if (plan.priority !== 2) this.setPriority(claim, plan.priority, reviewer);
    if (plan.assigned) this.assign(claim, reviewer);

    // addEvidence: a row, a version bump, an event.
    for (const stance of plan.stances) {
      const at = this.tick();
      const evidenceId = this.nextEvidenceId++;
      const publisher = this.pick(PUBLISHERS);
      const item = {
        url: `https://records.example.org/${slugify(publisher)}/${evidenceId}`,
        title: `${publisher}: figures for ${this.pick(PLACES)}`,
        publisher,
        quotedPassage:
          this.rand() < 0.6 ? `The records list the figures for the period in question (${evidenceId}).` : null,
        stance,
        accessedAt: at,
        contentHash: null,
        snapshotFetchedAt: null,
      };
      this.evidence.push({
        id: evidenceId,
        claim_id: id,
        url: item.url,
        title: item.title,
        publisher: item.publisher,
        quoted_passage: item.quotedPassage,
        stance,
        accessed_at: item.accessedAt,
        added_by: reviewer.id,
        added_at: at,
      });
      claim.evidence.push(item);
      claim.version += 1;
      claim.updatedAt = at;
      this.audit({
        at,
        actorId: reviewer.id,
        action: "evidence.added",
        entityType: "evidence",
        entityId: evidenceId,
        after: {
          claimId: id,
          url: item.url,
          title: item.title,
          publisher: item.publisher,
          stance,
          quotedPassage: item.quotedPassage,
        },
      });
    }

    const other: ClaimStatus = plan.status === "sourced" ? "disputed" : "sourced";
    // A revision after publication leaves the public on the older verdict: "changed since published".
    const afterPublish = plan.editedAfterPublish && plan.revisions > 1 ? 1 : 0;
    if (plan.status === "unverified") {
      for (let r = 0; r < plan.revisions - afterPublish; r += 1)
        this.setStatus(
          claim,
          "unverified",
          `Still checking the figures with the ${this.pick(PUBLISHERS)} (note ${r + 1}).`,
          reviewer,
        );
      if (plan.published && claim.rationale) this.publish(claim, null);
    } else {
      this.setStatus(
        claim,
        plan.corrected ? other : plan.status,
        this.rationale(plan.corrected ? other : plan.status),
        reviewer,
      );
      for (let r = 0; r < plan.revisions - afterPublish; r += 1)
        this.setStatus(claim, claim.status, `${this.rationale(claim.status)} Revised (${r + 1}).`, reviewer);
      if (plan.published) this.publish(claim, null);
      if (plan.corrected) {
        this.setStatus(claim, plan.status, this.rationale(plan.status), this.pick(this.reviewers));
        this.publish(claim, "New records from the statistics bureau changed the picture.");
      }
    }
    if (afterPublish)
      this.setStatus(claim, claim.status, `${claim.rationale} Checked again after publication.`, reviewer);
    if (claim.published) this.counts.published += 1;
    this.counts.evidence += claim.evidence.length;
    this.claims.push(claim);
  }

  /** lib/claims/details.ts updateClaimDetails with only the priority changed: a version, an event. */
  private setPriority(claim: ClaimState, priority: Priority, by: SessionUser): void {
    const at = this.tick();
    const before = { priority: claim.priority, version: claim.version };
    claim.priority = priority;
    claim.version += 1;
    claim.updatedAt = at;
    this.audit({
      at,
      actorId: by.id,
      action: "claim.details_changed",
      entityType: "claim",
      entityId: claim.id,
      before,
      after: { priority, version: claim.version },
    });
  }

  /** lib/claims/assignment.ts assignClaim: a reviewer takes an unassigned claim for themselves. */
  private assign(claim: ClaimState, to: SessionUser): void {
    const at = this.tick();
    claim.assigneeId = to.id;
    claim.updatedAt = at;
    this.counts.assigned += 1;
    this.audit({
      at,
      actorId: to.id,
      action: "claim.assigned",
      entityType: "claim",
      entityId: claim.id,
      before: { assignee: null, assigneeId: null },
      after: { assignee: to.name, assigneeId: to.id },
    });
  }

  private rationale(status: ClaimStatus): string {
    return status === "sourced"
      ? `The ${this.pick(PUBLISHERS)} gives the same figure for the same period.`
      : `The ${this.pick(PUBLISHERS)} gives a figure far from the one claimed; the count is contested.`;
  }

  /** lib/claims/claims.ts setClaimStatus, under the same rules. */
  private setStatus(claim: ClaimState, status: ClaimStatus, rationale: string, by: SessionUser): void {
    const violation = statusRuleViolation(
      status,
      rationale,
      claim.evidence.map((e) => e.stance),
    );
    if (violation) throw new Error(`bench: generated an invalid status change: ${violation}`);
    if (status === claim.status && rationale === claim.rationale)
      throw new Error("bench: generated a status change that changes nothing.");
    const at = this.tick();
    const before = { status: claim.status, rationale: claim.rationale, version: claim.version };
    claim.status = status;
    claim.rationale = rationale;
    claim.version += 1;
    claim.statusSetBy = by.id;
    claim.statusSetAt = at;
    claim.updatedAt = at;
    this.audit({
      at,
      actorId: by.id,
      action: "claim.status_changed",
      entityType: "claim",
      entityId: claim.id,
      before,
      after: { status, rationale, version: claim.version },
    });
  }

  /** lib/claims/publication.ts publishClaim: snapshot, publications row, event. */
  private publish(claim: ClaimState, reason: string | null): void {
    const editor = this.pick(this.editors);
    const fourEyes = fourEyesViolation(editor.id, claim.statusSetBy);
    if (fourEyes) throw new Error(`bench: generated a publication against the four-eyes rule: ${fourEyes}`);
    const at = this.tick();
    // Same keys in the same order as snapshotOf, so the stored JSON is byte-for-byte the app's.
    const snapshot: VerdictSnapshot = {
      status: claim.status,
      rationale: claim.rationale,
      text: claim.text,
      summary: claim.summary,
      claimant: claim.claimant,
      reportedBy: claim.reportedBy,
      firstAppearedIn: null,
      attributionStatus: "unconfirmed",
      statusSetAt: claim.statusSetAt,
      evidence: claim.evidence.map((e) => ({ ...e })),
    };
    const json = JSON.stringify(snapshot);
    const previous = claim.published;
    const kind = previous ? "correction" : "published";
    if (previous) {
      this.counts.corrected += 1;
      if (!this.featured || claim.evidence.length > this.featured.evidence)
        this.featured = { slug: claim.slug, evidence: claim.evidence.length };
    }
    this.publications.push({
      id: this.nextPublicationId++,
      claim_id: claim.id,
      kind,
      status: claim.status,
      previous_status: previous?.status ?? null,
      snapshot: json,
      reason,
      claim_version: claim.version,
      published_by: editor.id,
      at,
    });
    claim.published = {
      status: claim.status,
      snapshot: json,
      version: claim.version,
      by: editor.id,
      at,
      firstAt: previous?.firstAt ?? at,
    };
    this.audit({
      at,
      actorId: editor.id,
      action: kind === "correction" ? "claim.corrected" : "claim.published",
      entityType: "claim",
      entityId: claim.id,
      before: { publishedStatus: previous?.status ?? null, publishedVersion: previous?.version ?? null },
      after: { publishedStatus: claim.status, publishedVersion: claim.version },
      reason,
    });
  }

  takeBatch(): { events: Row[]; articles: Row[]; claims: ClaimState[]; evidence: Row[]; publications: Row[] } {
    const batch = {
      events: this.events.splice(0),
      articles: this.articles.splice(0),
      claims: this.claims.splice(0),
      evidence: this.evidence.splice(0),
      publications: this.publications.splice(0),
    };
    return batch;
  }
}

function statements(sqlite: Database.Database) {
  const insert = (table: string, columns: string[]) =>
    sqlite.prepare(`INSERT INTO ${table} (${columns.join(", ")}) VALUES (${columns.map((c) => `@${c}`).join(", ")})`);
  return {
    event: insert("audit_events", [...HASHED_AUDIT_COLUMNS, "hash"]),
    article: insert("articles", [
      "id",
      "slug",
      "title",
      "outlet",
      "url",
      "author",
      "published_at",
      "body",
      "body_hash",
      "created_by",
      "created_at",
    ]),
    claim: insert("claims", [
      "id",
      "slug",
      "article_id",
      "text",
      "summary",
      "claimant",
      "reported_by",
      "span_start",
      "span_end",
      "status",
      "rationale",
      "priority",
      "assignee_id",
      "version",
      "status_set_by",
      "status_set_at",
      "created_by",
      "created_at",
      "updated_at",
    ]),
    evidence: insert("evidence", [
      "id",
      "claim_id",
      "url",
      "title",
      "publisher",
      "quoted_passage",
      "stance",
      "accessed_at",
      "added_by",
      "added_at",
    ]),
    publication: insert("publications", [
      "id",
      "claim_id",
      "kind",
      "status",
      "previous_status",
      "snapshot",
      "reason",
      "claim_version",
      "published_by",
      "at",
    ]),
    // As publishClaim's UPDATE: it fires claims_fts_on_publish and the four-eyes trigger, as in the app.
    publish: sqlite.prepare(
      `UPDATE claims SET published_status = @status, published_snapshot = @snapshot, published_version = @version,
       published_by = @by, published_at = @at, first_published_at = @firstAt WHERE id = @id`,
    ),
  };
}

async function makeUsers(): Promise<{
  reviewers: SessionUser[];
  editors: SessionUser[];
  reviewer: BenchAccount;
  editor: BenchAccount;
}> {
  const made = async (role: "reviewer" | "editor" | "admin", n: number, password: string): Promise<SessionUser> => {
    const user = await createUser({
      by: SYSTEM_PRINCIPAL,
      email: `bench.${role}.${n}@example.org`,
      name: `${role === "reviewer" ? "Reviewer" : role === "editor" ? "Editor" : "Admin"} ${n}`,
      role,
      password,
    });
    return { kind: "user", id: user.id, name: user.name, email: user.email, role: user.role };
  };
  const password = "bench-password-not-secret-0000";
  await made("admin", 1, password);
  const reviewers: SessionUser[] = [];
  for (let n = 1; n <= REVIEWERS; n += 1) reviewers.push(await made("reviewer", n, password));
  const editors: SessionUser[] = [];
  for (let n = 1; n <= EDITORS; n += 1) editors.push(await made("editor", n, password));
  const first = reviewers[0];
  const firstEditor = editors[0];
  if (!first || !firstEditor) throw new Error("bench: no reviewer or editor made.");
  return { reviewers, editors, reviewer: { user: first, password }, editor: { user: firstEditor, password } };
}

/**
 * Loads the archive into the database process.env.DATABASE_URL names, which
 * must be freshly migrated and empty. The loading connection writes with
 * synchronous=OFF (a crash mid-load only costs a rerun); the server and the
 * writer open their own connections with the app's pragmas.
 */
export async function fillDatabase(size: DatasetSize, log: (line: string) => void = () => {}): Promise<DatasetSummary> {
  const started = performance.now();
  const { sqlite } = getConnection();
  const { reviewers, editors, reviewer, editor } = await makeUsers();
  const headRow = sqlite.prepare("SELECT id, hash FROM audit_events ORDER BY id DESC LIMIT 1").get();
  const head = parseHead(headRow);

  const rand = random(20240108);
  const queueRand = random(20261128);
  const plans = Array.from({ length: size.claims }, () => planQueue(planClaim(rand), queueRand));
  const natural = size.articles + plans.reduce((sum, p) => sum + naturalEvents(p), 0);
  const spare = size.auditEvents - head.id - natural;
  if (spare < 0)
    throw new Error(
      `bench: ${size.auditEvents} audit events are too few for ${size.claims} claims (they make ${natural + head.id}).`,
    );
  // Rationale revisions make up the rest of the events, spread over every claim that has a verdict.
  const revised = plans.filter((p) => !p.fresh);
  revised.forEach((plan, i) => {
    plan.revisions = Math.floor(spare / revised.length) + (i < spare % revised.length ? 1 : 0);
    // An unverified claim published needs a rationale, which only a revision gives it.
    if (plan.status === "unverified" && plan.published && plan.revisions === 0) plan.published = false;
  });

  const loader = new Loader(7, head, reviewers, editors);
  const insert = statements(sqlite);
  sqlite.pragma("synchronous = OFF");
  const claimsPerArticle = size.claims / size.articles;
  const flippableClaimIds: number[] = [];
  const writeBatch = sqlite.transaction((batch: ReturnType<Loader["takeBatch"]>) => {
    for (const row of batch.articles) insert.article.run(row);
    for (const c of batch.claims) {
      insert.claim.run({
        id: c.id,
        slug: c.slug,
        article_id: c.articleId,
        text: c.text,
        summary: c.summary,
        claimant: c.claimant,
        reported_by: c.reportedBy,
        span_start: c.spanStart,
        span_end: c.spanEnd,
        status: c.status,
        rationale: c.rationale,
        priority: c.priority,
        assignee_id: c.assigneeId,
        version: c.version,
        status_set_by: c.statusSetBy,
        status_set_at: c.statusSetAt,
        created_by: c.createdBy,
        created_at: c.createdAt,
        updated_at: c.updatedAt,
      });
    }
    for (const row of batch.evidence) insert.evidence.run(row);
    for (const c of batch.claims) {
      if (c.published) insert.publish.run({ id: c.id, ...c.published });
    }
    for (const row of batch.publications) insert.publication.run(row);
    for (const row of batch.events) insert.event.run(row);
  });

  let claimId = 1;
  let batches = 0;
  for (let articleId = 1; articleId <= size.articles; articleId += 1) {
    const articlePlans = plans.slice(
      Math.round((articleId - 1) * claimsPerArticle),
      Math.round(articleId * claimsPerArticle),
    );
    loader.article(articleId, claimId, articlePlans);
    articlePlans.forEach((plan, i) => {
      if (plan.status === "sourced" && plan.published && !plan.corrected && flippableClaimIds.length < 200)
        flippableClaimIds.push(claimId + i);
    });
    claimId += articlePlans.length;
    if (loader.claims.length >= CLAIMS_PER_BATCH || articleId === size.articles) {
      writeBatch(loader.takeBatch());
      batches += 1;
      if (batches % 20 === 0) log(`loaded ${(claimId - 1).toLocaleString("en")} claims`);
    }
  }
  // No ANALYZE: the app never runs one, so the query planner works without statistics, as on a real desk.
  sqlite.pragma("synchronous = FULL");
  const auditEvents = parseHead(sqlite.prepare("SELECT id, hash FROM audit_events ORDER BY id DESC LIMIT 1").get()).id;
  if (!loader.featured) throw new Error("bench: the archive has no corrected claim to feature.");
  const stages = countStages(sqlite);
  const empty = REVIEW_STAGES.filter((stage) => stages[stage] === 0);
  if (empty.length > 0) throw new Error(`bench: no claims in the queue's stage ${empty.join(", ")}.`);
  const assignedToReviewer = sqlite
    .prepare<[number], number>("SELECT count(*) FROM claims WHERE assignee_id = ?")
    .pluck()
    .get(reviewer.user.id);
  const busiestClaimant = sqlite
    .prepare<[], string>(
      "SELECT claimant FROM claims WHERE claimant IS NOT NULL GROUP BY claimant ORDER BY count(*) DESC, claimant LIMIT 1",
    )
    .pluck()
    .get();
  if (!busiestClaimant) throw new Error("bench: the archive has no claimant.");
  return {
    users: 1 + REVIEWERS + EDITORS,
    articles: size.articles,
    claims: size.claims,
    published: loader.counts.published,
    corrected: loader.counts.corrected,
    evidence: loader.counts.evidence,
    auditEvents,
    featuredClaimSlug: loader.featured.slug,
    flippableClaimIds,
    reviewer,
    editor,
    busiestClaimant,
    searchWord: "hospital",
    stages,
    assigned: loader.counts.assigned,
    assignedToReviewer: assignedToReviewer ?? 0,
    seconds: (performance.now() - started) / 1000,
  };
}

/** Claims per stage, as the queue's stage filter sees them (the stage column of migration 0006). */
function countStages(sqlite: Database.Database): Record<ReviewStage, number> {
  const stages: Record<ReviewStage, number> = {
    "needs-evidence": 0,
    "awaiting-publication": 0,
    published: 0,
    "published-changed": 0,
  };
  const rows = sqlite.prepare<[], [unknown, unknown]>("SELECT stage, count(*) FROM claims GROUP BY stage").raw().all();
  for (const [stage, n] of rows) {
    const known = REVIEW_STAGES.find((s) => s === stage);
    if (!known || typeof n !== "number") throw new Error(`bench: unexpected stage ${String(stage)}.`);
    stages[known] = n;
  }
  return stages;
}

function parseHead(row: unknown): { id: number; hash: string } {
  if (row === undefined) return { id: 0, hash: GENESIS_HASH };
  if (
    typeof row === "object" &&
    row !== null &&
    "id" in row &&
    "hash" in row &&
    typeof row.id === "number" &&
    typeof row.hash === "string"
  ) {
    return { id: row.id, hash: row.hash };
  }
  throw new Error("bench: cannot read the audit chain's head.");
}
