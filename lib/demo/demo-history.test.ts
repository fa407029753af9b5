import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getConnection } from "@/db/client";
import { verifyAuditChain } from "@/lib/audit/events";
import { SYSTEM_PRINCIPAL } from "@/lib/auth/principal";
import { getInsights } from "@/lib/insights/insights";
import { useTemporaryDatabase } from "@/lib/testing/database";
import { seedDemoDesk } from "./demo-desk";

let db: ReturnType<typeof useTemporaryDatabase>;
const RealDate = Date;
let startedAt = 0;

beforeAll(async () => {
  db = useTemporaryDatabase();
  startedAt = Date.now();
  await seedDemoDesk({ history: true });
});
afterAll(() => db.cleanup());

describe("the demo desk with its past weeks", () => {
  it("writes its history in time order, on a chain that verifies, and gives the clock back", () => {
    const { sqlite } = getConnection();
    const times = sqlite.prepare<[], string>("select at from audit_events order by id").pluck().all();
    expect(times.length).toBeGreaterThan(100);
    expect(times.every((at, i) => i === 0 || at >= (times[i - 1] ?? ""))).toBe(true);
    expect(Date.parse(times[0] ?? "")).toBeLessThan(startedAt - 60 * 86_400_000);
    expect(verifyAuditChain(sqlite).ok).toBe(true);
    expect(Date).toBe(RealDate);
    expect(Math.abs(Date.now() - new RealDate().getTime())).toBeLessThan(1000);
  });

  it("gives the insights page weeks of work to show", () => {
    const insights = getInsights({ by: SYSTEM_PRINCIPAL });
    expect(insights.flow.filter((w) => w.broughtIn > 0).length).toBeGreaterThanOrEqual(5);
    expect(insights.flow.filter((w) => w.published > 0).length).toBeGreaterThanOrEqual(5);
    expect(insights.cycle.filter((w) => w.toVerdictMedian !== null).length).toBeGreaterThanOrEqual(5);
    expect(insights.corrections.reduce((n, w) => n + w.corrections, 0)).toBeGreaterThanOrEqual(2);
    expect(insights.corrections.reduce((n, w) => n + w.requests, 0)).toBeGreaterThanOrEqual(2);
    expect(insights.idle.length).toBeGreaterThanOrEqual(1);
    expect(insights.claimants.length).toBeGreaterThanOrEqual(5);
    expect(insights.workload.map((r) => r.person.name).sort()).toEqual(["Demo Admin", "Demo Editor", "Demo Reviewer"]);
  });
});
