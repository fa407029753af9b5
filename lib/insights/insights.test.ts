import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getConnection } from "@/db/client";
import { SYSTEM_PRINCIPAL } from "@/lib/auth/principal";
import { setClaimStatus } from "@/lib/claims/claims";
import { addEvidence } from "@/lib/claims/evidence";
import { useTemporaryDatabase } from "@/lib/testing/database";
import { expectAppError } from "@/lib/testing/app-error";
import { makeUser } from "@/lib/testing/fixtures";
import { INSIGHTS_DESK_RANGE, seedInsightsDesk, type InsightsDesk } from "@/lib/testing/insights-desk";
import { csvRow } from "@/lib/admin/csv";
import { forgetInsightsAggregate } from "./aggregate";
import { getInsights, insightsTable } from "./insights";

let db: ReturnType<typeof useTemporaryDatabase>;
let desk: InsightsDesk;
const LATER = new Date("2026-03-30T09:00:00.000Z");

beforeAll(async () => {
  db = useTemporaryDatabase();
  vi.useFakeTimers({ toFake: ["Date"] });
  desk = await seedInsightsDesk((iso) => vi.setSystemTime(new Date(iso)));
  vi.useRealTimers();
});
afterAll(() => db.cleanup());

const insights = (filters: Record<string, string> = {}, now = LATER) =>
  getInsights({ by: desk.eddie, filters: { ...INSIGHTS_DESK_RANGE, ...filters }, now });

describe("insights on a desk with three weeks of history", () => {
  it("counts claims brought in, verdicts set and publications per week", () => {
    expect(insights().flow).toEqual([
      { week: "2026-03-02", broughtIn: 3, verdicts: 1, published: 1 },
      { week: "2026-03-09", broughtIn: 2, verdicts: 2, published: 2 },
      // A's change to disputed is a verdict; its publication is a correction, counted below.
      { week: "2026-03-16", broughtIn: 0, verdicts: 1, published: 0 },
    ]);
  });

  it("gives the median and p90 days to the first verdict and from verdict to publication", () => {
    const [first, second, third] = insights().cycle;
    expect(first).toMatchObject({ toVerdictMedian: 2, toVerdictP90: 2, toVerdictCount: 1 });
    expect(first).toMatchObject({ toPublicationMedian: 1, toPublicationP90: 1, toPublicationCount: 1 });
    // B took 7 days, C 8; then 2 and 3 days to publication.
    expect(second).toMatchObject({ toVerdictMedian: 7.5, toVerdictP90: 8, toVerdictCount: 2 });
    expect(second).toMatchObject({ toPublicationMedian: 2.5, toPublicationP90: 3, toPublicationCount: 2 });
    // A's second verdict is not a first verdict; a correction is not a first publication.
    expect(third).toMatchObject({ toVerdictCount: 0, toVerdictMedian: null, toPublicationCount: 0 });
  });

  it("counts corrections and readers' requests in the week they happened", () => {
    expect(insights().corrections).toEqual([
      { week: "2026-03-02", corrections: 0, withdrawals: 0, requests: 0 },
      { week: "2026-03-09", corrections: 0, withdrawals: 0, requests: 0 },
      { week: "2026-03-16", corrections: 1, withdrawals: 0, requests: 1 },
    ]);
  });

  it("balances published verdicts by claimant, each claim once at its latest verdict", () => {
    expect(insights().claimants).toEqual([
      { claimant: "Ministry of Health", sourced: 0, disputed: 2, total: 2 },
      { claimant: "Opposition party", sourced: 1, disputed: 0, total: 1 },
    ]);
  });

  it("lists claims idle for more than N days by assignee, as of the time asked", () => {
    expect(insights().idle).toEqual([
      { assignee: { id: desk.ravi.id, name: "Ravi Reviewer" }, claims: 1, oldestDays: 20 },
      { assignee: { id: null, name: "Unassigned" }, claims: 1, oldestDays: 21 },
    ]);
    expect(insights({ idle: "21" }).idle.map((r) => r.assignee.name)).toEqual([]);
    expect(insights({ idle: "20" }).idle.map((r) => r.assignee.name)).toEqual(["Unassigned"]);
    // On 12 March nothing had waited a week yet.
    expect(insights({}, new Date("2026-03-12T09:00:00.000Z")).idle).toEqual([]);
  });

  it("shows each person's open claims, verdicts and publications", () => {
    expect(insights().workload.map((r) => [r.person.name, r.open, r.verdicts, r.published])).toEqual([
      ["Eddie Editor", 0, 0, 4],
      ["Rita Reviewer", 0, 3, 0],
      ["Ravi Reviewer", 1, 1, 0],
    ]);
  });

  it("filters by date range, claimant and article", () => {
    const lastWeek = insights({ from: "2026-03-16" });
    expect(lastWeek.flow.map((r) => r.week)).toEqual(["2026-03-16"]);
    // Open work is counted now, whatever the range.
    expect(lastWeek.workload.map((r) => [r.person.name, r.open, r.verdicts, r.published])).toEqual([
      ["Eddie Editor", 0, 0, 1],
      ["Ravi Reviewer", 1, 0, 0],
      ["Rita Reviewer", 0, 1, 0],
    ]);

    const opposition = insights({ claimant: "opposition PARTY" });
    expect(opposition.claimsInScope).toBe(2);
    expect(opposition.flow.map((r) => [r.broughtIn, r.verdicts, r.published])).toEqual([
      [1, 0, 0],
      [1, 1, 1],
      [0, 0, 0],
    ]);
    expect(opposition.claimants.map((r) => r.claimant)).toEqual(["Opposition party"]);

    expect(insights({ article: desk.articleSlug }).claimsInScope).toBe(5);
    const elsewhere = insights({ article: "no-such-article" });
    expect(elsewhere.claimsInScope).toBe(0);
    expect(elsewhere.article).toBeNull();
    expect(elsewhere.flow.every((r) => r.broughtIn === 0 && r.verdicts === 0)).toBe(true);
  });

  it("defaults to the twelve weeks up to today", () => {
    const filters = getInsights({ by: desk.eddie, now: LATER }).filters;
    expect(filters).toMatchObject({ from: "2026-01-12", to: "2026-03-30", idleDays: 7 });
  });

  it("refuses bad filters with a message naming the field", () => {
    const refused = (filters: Record<string, string>) => expectAppError(() => insights(filters), "invalid").fieldErrors;
    expect(refused({ from: "2026-03-10", to: "2026-03-01" }).to?.[0]).toMatch(/on or after/);
    expect(refused({ from: "yesterday" }).from?.[0]).toMatch(/2026-03-05/);
    expect(refused({ idle: "0" }).idle?.[0]).toMatch(/1 to 365/);
    expect(refused({ idle: "a week" }).idle?.[0]).toMatch(/number/);
    expect(refused({ from: "2020-01-01", to: "2026-01-01" }).from?.[0]).toMatch(/104 weeks/);
  });

  it("is for editors and admins only", async () => {
    expectAppError(() => getInsights({ by: desk.rita }), "forbidden");
    expectAppError(() => getInsights({ by: null }), "unauthenticated");
    const admin = await makeUser("admin");
    expect(getInsights({ by: admin, filters: INSIGHTS_DESK_RANGE, now: LATER }).claimsInScope).toBe(5);
    expect(getInsights({ by: SYSTEM_PRINCIPAL, filters: INSIGHTS_DESK_RANGE, now: LATER }).claimsInScope).toBe(5);
  });

  it("keeps its cache up to date from the events after the last one seen", () => {
    const before = insights();
    // A new verdict on E, now: outside the March range, but E is no longer idle.
    const added = addEvidence({
      by: desk.rita,
      claimId: desk.claims.e.id,
      url: "https://example.org/e",
      title: "Evidence for E",
      stance: "supports",
    });
    setClaimStatus({
      by: desk.rita,
      claimId: desk.claims.e.id,
      expectedVersion: added.version,
      status: "sourced",
      rationale: "Found it.",
    });
    const today = new Date();
    const after = getInsights({ by: desk.eddie, now: today, filters: { from: today.toISOString().slice(0, 10) } });
    expect(after.asOfEventId).toBeGreaterThan(before.asOfEventId);
    expect(after.flow.at(-1)?.verdicts).toBe(1);
    expect(after.workload.find((r) => r.person.id === desk.rita.id)?.verdicts).toBe(1);

    // Folded from scratch, the numbers are the same.
    const incremental = insights();
    forgetInsightsAggregate(getConnection().sqlite);
    expect(insights()).toEqual(incremental);
    expect(incremental.idle.map((r) => r.assignee.name)).toEqual(["Ravi Reviewer"]);
  });
});

describe("the CSV tables", () => {
  it("start with a header row and hold the chart's numbers", () => {
    const result = insights();
    expect(insightsTable(result, "flow")).toEqual([
      ["week_starting", "brought_in", "verdicts_set", "published"],
      ["2026-03-02", 3, 1, 1],
      ["2026-03-09", 2, 2, 2],
      ["2026-03-16", 0, 1, 0],
    ]);
    expect(insightsTable(result, "idle")[0]).toEqual(["assignee", "claims_idle_over_7_days", "oldest_idle_days"]);
    expect(insightsTable(result, "claimants")[1]).toEqual(["Ministry of Health", 0, 2, 2]);
    expect(insightsTable(result, "cycle")[2]).toEqual(["2026-03-09", 7.5, 8, 2, 2.5, 3, 2]);
  });

  it("keep a claimant that reads like a formula as text in the download", () => {
    const hostile = { ...insights(), claimants: [{ claimant: '=HYPERLINK("x")', sourced: 1, disputed: 0, total: 1 }] };
    const [, row] = insightsTable(hostile, "claimants").map(csvRow);
    expect(row).toBe(`"'=HYPERLINK(""x"")",1,0,1\r\n`);
  });
});
