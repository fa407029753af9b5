import type { NextRequest } from "next/server";
import { csvRow } from "@/lib/admin/csv";
import { can } from "@/lib/auth/permissions";
import { currentUser } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import {
  getInsights,
  INSIGHT_CHARTS,
  INSIGHTS_FILTER_KEYS,
  insightsTable,
  type InsightChart,
} from "@/lib/insights/insights";

// GET ?chart=flow|cycle|idle|workload|claimants|corrections&from=…&to=…&article=…&claimant=…&idle=…
// One chart's table as CSV, for the filters the page shows. The role is
// checked here for the right status code and again inside lib/insights.

export const dynamic = "force-dynamic";

const PARAMETERS = ["chart", ...INSIGHTS_FILTER_KEYS] as const;

function problem(status: number, message: string, parameter?: string, headers: Record<string, string> = {}): Response {
  return Response.json(
    { error: parameter ? { message, parameter } : { message } },
    { status, headers: { "Cache-Control": "no-store", ...headers } },
  );
}

const isChart = (value: string | null): value is InsightChart => INSIGHT_CHARTS.some((chart) => chart === value);

export async function GET(request: NextRequest): Promise<Response> {
  const by = await currentUser();
  if (!by) return problem(401, "Please sign in to do that.");
  if (!can(by.role, "claim.publish")) return problem(403, "Only editors and administrators can download insights.");

  const query = request.nextUrl.searchParams;
  for (const name of PARAMETERS) {
    if (query.getAll(name).length > 1) return problem(400, `Give ${name} once.`, name);
  }
  const chart = query.get("chart");
  if (!isChart(chart)) return problem(400, `Chart must be one of ${INSIGHT_CHARTS.join(", ")}.`, "chart");
  const filters = Object.fromEntries(INSIGHTS_FILTER_KEYS.map((name) => [name, query.get(name) ?? undefined]));

  try {
    const insights = getInsights({ by, filters });
    const body = insightsTable(insights, chart).map(csvRow).join("");
    const { from, to } = insights.filters;
    return new Response(body, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="claimtrail-insights-${chart}-${from}-to-${to}.csv"`,
        "Cache-Control": "no-store",
      },
    });
  } catch (error) {
    if (!isAppError(error)) throw error;
    const parameter = Object.keys(error.fieldErrors).find((name) => name !== "_");
    return problem(error.status, error.message, parameter);
  }
}
