import type { Metadata } from "next";
import Link from "next/link";
import { can } from "@/lib/auth/permissions";
import { isAppError } from "@/lib/errors";
import { getInsights, INSIGHTS_FILTER_KEYS, type Insights } from "@/lib/insights/insights";
import { formatDate } from "@/app/components/format";
import { TextField } from "@/app/components/forms";
import { Panel } from "@/app/components/panel";
import { requireUser } from "../../require-user";
import { CategoryBars, ChartFrame, WeekBars, type Series } from "./charts";
import styles from "./insights.module.css";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Insights" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
type FilterKey = (typeof INSIGHTS_FILTER_KEYS)[number];

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

function hrefWith(path: string, typed: Record<FilterKey, string>, extra: Record<string, string> = {}): string {
  const query = new URLSearchParams(extra);
  for (const key of INSIGHTS_FILTER_KEYS) if (typed[key]) query.set(key, typed[key]);
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

function Table({
  caption,
  headers,
  rows,
}: {
  caption: string;
  headers: readonly string[];
  rows: readonly (readonly (string | number | null)[])[];
}) {
  return (
    <table className={styles.table}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          {headers.map((h, i) => (
            <th key={h} scope="col" className={i > 0 ? styles.numeric : undefined}>
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 ? (
          <tr>
            <td colSpan={headers.length} className="muted">
              Nothing in this range.
            </td>
          </tr>
        ) : (
          rows.map((row, r) => (
            <tr key={r}>
              {row.map((cell, i) =>
                i === 0 ? (
                  <th key={i} scope="row">
                    {cell}
                  </th>
                ) : (
                  <td key={i} className={styles.numeric}>
                    {cell === null ? "–" : typeof cell === "number" ? cell.toLocaleString("en-GB") : cell}
                  </td>
                ),
              )}
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}

const sum = (values: readonly number[]) => values.reduce((n, v) => n + v, 0);
const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en-GB")} ${n === 1 ? one : many}`;

function Charts({ insights, csv }: { insights: Insights; csv: (chart: string) => string }) {
  const weeks = insights.flow.map((r) => r.week);
  const span = `${plural(weeks.length, "week")} from ${formatDate(insights.filters.from)} to ${formatDate(insights.filters.to)}`;

  const flowSeries: Series[] = [
    { key: "broughtIn", label: "Brought in" },
    { key: "verdicts", label: "Verdicts set" },
    { key: "published", label: "Published" },
  ];
  const flowTotals = [
    sum(insights.flow.map((r) => r.broughtIn)),
    sum(insights.flow.map((r) => r.verdicts)),
    sum(insights.flow.map((r) => r.published)),
  ];

  const cycleSeries: Series[] = [
    { key: "median", label: "Median" },
    { key: "p90", label: "90th percentile" },
  ];

  const idleDays = insights.filters.idleDays;
  const correctionTotals = [
    sum(insights.corrections.map((r) => r.corrections)),
    sum(insights.corrections.map((r) => r.withdrawals)),
    sum(insights.corrections.map((r) => r.requests)),
  ];

  return (
    <div className={styles.charts}>
      <ChartFrame
        id="flow"
        title="Claims brought in, verdicts set and published"
        description={`Per week, ${span}: ${plural(flowTotals[0] ?? 0, "claim")} brought in, ${plural(flowTotals[1] ?? 0, "verdict")} set, ${plural(flowTotals[2] ?? 0, "publication")}.`}
        csvHref={csv("flow")}
        table={
          <Table
            caption="Per week"
            headers={["Week starting", "Brought in", "Verdicts set", "Published"]}
            rows={insights.flow.map((r) => [formatDate(r.week), r.broughtIn, r.verdicts, r.published])}
          />
        }
      >
        <WeekBars
          id="flow-chart"
          title="Claims brought in, verdicts set and published per week"
          description={`Bars per week for claims brought in, verdicts set and verdicts published, ${span}.`}
          weeks={weeks}
          series={flowSeries}
          values={[
            insights.flow.map((r) => r.broughtIn),
            insights.flow.map((r) => r.verdicts),
            insights.flow.map((r) => r.published),
          ]}
          unit="claims"
        />
      </ChartFrame>

      <ChartFrame
        id="to-verdict"
        title="Days from intake to first verdict"
        description="For claims whose first verdict (sourced or disputed) was set that week: the median and the 90th percentile of the days since the claim was brought in."
        csvHref={csv("cycle")}
        table={
          <Table
            caption="Days, per week of the first verdict"
            headers={["Week starting", "Median", "90th percentile", "Verdicts"]}
            rows={insights.cycle.map((r) => [formatDate(r.week), r.toVerdictMedian, r.toVerdictP90, r.toVerdictCount])}
          />
        }
      >
        <WeekBars
          id="to-verdict-chart"
          title="Days from intake to first verdict, per week"
          description={`Median and 90th percentile in days, ${span}; weeks without a first verdict have no bars.`}
          weeks={weeks}
          series={cycleSeries}
          values={[insights.cycle.map((r) => r.toVerdictMedian), insights.cycle.map((r) => r.toVerdictP90)]}
          unit="days"
        />
      </ChartFrame>

      <ChartFrame
        id="to-publication"
        title="Days from verdict to publication"
        description="For claims first published that week: the median and the 90th percentile of the days between the verdict being set and its publication."
        csvHref={csv("cycle")}
        table={
          <Table
            caption="Days, per week of the first publication"
            headers={["Week starting", "Median", "90th percentile", "Publications"]}
            rows={insights.cycle.map((r) => [
              formatDate(r.week),
              r.toPublicationMedian,
              r.toPublicationP90,
              r.toPublicationCount,
            ])}
          />
        }
      >
        <WeekBars
          id="to-publication-chart"
          title="Days from verdict to publication, per week"
          description={`Median and 90th percentile in days, ${span}; weeks without a first publication have no bars.`}
          weeks={weeks}
          series={cycleSeries}
          values={[insights.cycle.map((r) => r.toPublicationMedian), insights.cycle.map((r) => r.toPublicationP90)]}
          unit="days"
        />
      </ChartFrame>

      <ChartFrame
        id="idle"
        title={`Claims idle for more than ${plural(idleDays, "day")}`}
        description={`Unpublished claims nobody has changed for more than ${plural(idleDays, "day")}, by who they are assigned to. ${plural(sum(insights.idle.map((r) => r.claims)), "claim")} in all.`}
        csvHref={csv("idle")}
        table={
          <Table
            caption="By assignee"
            headers={["Assignee", "Idle claims", "Oldest (days)"]}
            rows={insights.idle.map((r) => [r.assignee.name, r.claims, r.oldestDays])}
          />
        }
      >
        {insights.idle.length === 0 ? (
          <p className="empty">No claim has been idle that long.</p>
        ) : (
          <CategoryBars
            id="idle-chart"
            title={`Claims idle for more than ${plural(idleDays, "day")}, by assignee`}
            description={insights.idle.map((r) => `${r.assignee.name}: ${r.claims}`).join("; ")}
            categories={insights.idle.map((r) => r.assignee.name)}
            series={[{ key: "claims", label: "Idle claims" }]}
            values={[insights.idle.map((r) => r.claims)]}
          />
        )}
      </ChartFrame>

      <ChartFrame
        id="workload"
        title="Workload per person"
        description="Open claims assigned to each person now, and the verdicts they set and the publications and corrections they made in the range."
        csvHref={csv("workload")}
        table={
          <Table
            caption="Per person"
            headers={["Person", "Open assigned", "Verdicts set", "Published"]}
            rows={insights.workload.map((r) => [r.person.name, r.open, r.verdicts, r.published])}
          />
        }
      >
        {insights.workload.length === 0 ? (
          <p className="empty">Nobody has open claims or recorded work in this range.</p>
        ) : (
          <CategoryBars
            id="workload-chart"
            title="Workload per person"
            description={insights.workload
              .map((r) => `${r.person.name}: ${r.open} open, ${r.verdicts} verdicts, ${r.published} published`)
              .join("; ")}
            categories={insights.workload.map((r) => r.person.name)}
            series={[
              { key: "open", label: "Open assigned" },
              { key: "verdicts", label: "Verdicts set" },
              { key: "published", label: "Published" },
            ]}
            values={[
              insights.workload.map((r) => r.open),
              insights.workload.map((r) => r.verdicts),
              insights.workload.map((r) => r.published),
            ]}
          />
        )}
      </ChartFrame>

      <ChartFrame
        id="claimants"
        title="Published verdicts by claimant"
        description="Each claim published or corrected in the range, counted once at its latest published verdict, by who made the claim: the balance an IFCN assessor asks about."
        csvHref={csv("claimants")}
        table={
          <Table
            caption="By claimant"
            headers={["Claimant", "Sourced", "Disputed", "Total"]}
            rows={insights.claimants.map((r) => [r.claimant, r.sourced, r.disputed, r.total])}
          />
        }
      >
        {insights.claimants.length === 0 ? (
          <p className="empty">No verdict was published in this range.</p>
        ) : (
          <CategoryBars
            id="claimants-chart"
            title="Published verdicts by claimant"
            description={insights.claimants
              .map((r) => `${r.claimant}: ${r.sourced} sourced, ${r.disputed} disputed`)
              .join("; ")}
            categories={insights.claimants.map((r) => r.claimant)}
            series={[
              { key: "sourced", label: "Sourced" },
              { key: "disputed", label: "Disputed" },
            ]}
            values={[insights.claimants.map((r) => r.sourced), insights.claimants.map((r) => r.disputed)]}
            stacked
          />
        )}
      </ChartFrame>

      <ChartFrame
        id="corrections"
        title="Corrections and correction requests"
        description={`Per week, ${span}: ${plural(correctionTotals[0] ?? 0, "correction")}, ${plural(correctionTotals[1] ?? 0, "withdrawal")}, ${plural(correctionTotals[2] ?? 0, "request")} from readers.`}
        csvHref={csv("corrections")}
        table={
          <Table
            caption="Per week"
            headers={["Week starting", "Corrections", "Withdrawals", "Requests"]}
            rows={insights.corrections.map((r) => [formatDate(r.week), r.corrections, r.withdrawals, r.requests])}
          />
        }
      >
        <WeekBars
          id="corrections-chart"
          title="Corrections, withdrawals and readers' correction requests per week"
          description={`Bars per week, ${span}.`}
          weeks={weeks}
          series={[
            { key: "corrections", label: "Corrections" },
            { key: "withdrawals", label: "Withdrawals" },
            { key: "requests", label: "Readers' requests" },
          ]}
          values={[
            insights.corrections.map((r) => r.corrections),
            insights.corrections.map((r) => r.withdrawals),
            insights.corrections.map((r) => r.requests),
          ]}
        />
      </ChartFrame>
    </div>
  );
}

const FIELDS: { key: FilterKey; label: string; hint: string; type?: "date" | "number" }[] = [
  { key: "from", label: "From", hint: "First day, UTC", type: "date" },
  { key: "to", label: "To", hint: "Last day, UTC", type: "date" },
  { key: "article", label: "Article", hint: "Its address in the desk, e.g. a-slug" },
  { key: "claimant", label: "Claimant", hint: "Exactly as recorded" },
  { key: "idle", label: "Idle after (days)", hint: "Default 7", type: "number" },
];

export default async function InsightsPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const text = (key: FilterKey) => first(params[key])?.trim() ?? "";
  const typed: Record<FilterKey, string> = {
    from: text("from"),
    to: text("to"),
    article: text("article"),
    claimant: text("claimant"),
    idle: text("idle"),
  };
  const by = await requireUser(hrefWith("/review/insights", typed));
  if (!can(by.role, "claim.publish")) {
    return (
      <div className="prose">
        <h1>Not allowed</h1>
        <p>Only editors and administrators can see the desk&apos;s insights.</p>
        <p>
          <Link href="/review">Back to the review queue</Link>
        </p>
      </div>
    );
  }

  let insights: Insights | null = null;
  let refused: { message: string; fieldErrors: Record<string, string[]> } | null = null;
  try {
    insights = getInsights({ by, filters: typed });
  } catch (error) {
    if (!isAppError(error) || error.code !== "invalid") throw error;
    refused = { message: error.message, fieldErrors: error.fieldErrors };
  }
  const filtered = INSIGHTS_FILTER_KEYS.some((key) => typed[key] !== "");
  // Downloads carry the filters in force, defaults filled in, so the file matches the page.
  const applied: Record<FilterKey, string> | null = insights && {
    from: insights.filters.from,
    to: insights.filters.to,
    article: insights.filters.article ?? "",
    claimant: insights.filters.claimant ?? "",
    idle: String(insights.filters.idleDays),
  };

  return (
    <>
      <h1>Insights</h1>
      <p className="lede">
        What the desk brought in, decided and published, how long it took, and what is waiting, counted from the audit
        log and the claims. Each chart has its table beside it and a CSV download.
      </p>

      <Panel as="div">
        <form method="get" action="/review/insights" className={styles.filterForm} aria-label="Filter insights">
          {FIELDS.map((field) => (
            <TextField
              key={field.key}
              id={`insights-${field.key}`}
              name={field.key}
              label={field.label}
              hint={field.hint}
              errors={refused?.fieldErrors[field.key]}
              type={field.type === "date" ? "date" : "text"}
              inputMode={field.type === "number" ? "numeric" : undefined}
              defaultValue={typed[field.key] || (applied?.[field.key] ?? "")}
              autoComplete="off"
            />
          ))}
          <div className={styles.filterButtons}>
            <button type="submit">Show</button>
            {filtered && <Link href="/review/insights">Clear filters</Link>}
          </div>
        </form>
      </Panel>

      {refused && (
        <p role="alert" className="form-alert">
          {refused.message}
        </p>
      )}

      {insights && applied && (
        <>
          <p className={styles.scope}>
            {insights.filters.article &&
              (insights.article ? (
                <>
                  Article <Link href={`/review/articles/${insights.article.slug}`}>{insights.article.title}</Link>.{" "}
                </>
              ) : (
                <>No article has the address {insights.filters.article}. </>
              ))}
            {insights.filters.claimant && <>Claims by {insights.filters.claimant}. </>}
            {plural(insights.claimsInScope, "claim")} in scope; counted through audit event #{insights.asOfEventId}.
          </p>
          <Charts insights={insights} csv={(chart) => hrefWith("/review/insights/export", applied, { chart })} />
        </>
      )}
    </>
  );
}
