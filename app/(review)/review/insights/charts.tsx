import type { ReactNode } from "react";
import styles from "./insights.module.css";

// Bar charts drawn on the server as SVG: they read with JavaScript off and
// print. Each is an image with a title and a description; the table beside it
// holds the same numbers and is what a screen reader reads. Colours come from
// the scheme's variables through classes (insights.module.css), so the dark
// scheme and print follow, and each series is also named in the legend.

export interface Series {
  key: string;
  label: string;
}

const SERIES_CLASSES = [styles.series1, styles.series2, styles.series3] as const;

export function seriesClass(index: number): string {
  return SERIES_CLASSES[index % SERIES_CLASSES.length] ?? "";
}

/**
 * A round top for the axis, and the ticks below it: 1, 2 or 5 times a power of
 * ten per step; whole steps for counts, which have no halves.
 */
function axis(max: number, counts: boolean): { top: number; ticks: number[] } {
  if (max <= 0) return { top: 1, ticks: [0, 1] };
  const rough = max / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const found = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? power * 10;
  const step = counts ? Math.max(1, found) : found;
  const top = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  for (let t = 0; t <= top + step / 2; t += step) ticks.push(Math.round(t * 1000) / 1000);
  return { top, ticks };
}

const number = (n: number) => (Number.isInteger(n) ? n.toLocaleString("en-GB") : n.toFixed(1));

function Legend({ series }: { series: readonly Series[] }) {
  return (
    <ul className={styles.legend} aria-hidden="true">
      {series.map((s, i) => (
        <li key={s.key}>
          <svg width="14" height="14" viewBox="0 0 14 14" className={styles.swatch}>
            <rect width="14" height="14" rx="2" className={seriesClass(i)} />
          </svg>
          {s.label}
        </li>
      ))}
    </ul>
  );
}

export interface ChartFrameProps {
  id: string;
  title: string;
  /** What the chart shows, in a sentence or two: the image's description. */
  description: string;
  /** The CSV download of the chart's table. */
  csvHref: string;
  table: ReactNode;
  children: ReactNode;
}

/** A chart's section: heading, the image, the table beside it and the download. */
export function ChartFrame({ id, title, description, csvHref, table, children }: ChartFrameProps) {
  return (
    <section className={styles.chart} aria-labelledby={`${id}-heading`} data-chart={id}>
      <div className={styles.chartHead}>
        <h2 id={`${id}-heading`}>{title}</h2>
        <a href={csvHref} download>
          Download CSV<span className="visually-hidden"> of {title.toLowerCase()}</span>
        </a>
      </div>
      <p className={styles.chartDescription}>{description}</p>
      <div className={styles.chartBody}>
        {/* On a phone the chart keeps a legible size and scrolls sideways; the table is below it. */}
        <div className={styles.figure} role="region" aria-label={`${title}: chart`} tabIndex={0}>
          {children}
        </div>
        <div className={`table-scroll ${styles.tableBox}`} role="region" aria-label={`${title}: table`} tabIndex={0}>
          {table}
        </div>
      </div>
    </section>
  );
}

const WIDTH = 640;
const HEIGHT = 260;
const PAD = { top: 26, right: 8, bottom: 40, left: 44 };

/** "3 Mar" for the week starting 2026-03-03. */
export function shortWeek(week: string): string {
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  return `${Number(week.slice(8, 10))} ${months[Number(week.slice(5, 7)) - 1] ?? ""}`;
}

/** Bars per week, one colour per series side by side, weeks left to right. */
export function WeekBars({
  id,
  title,
  description,
  weeks,
  series,
  values,
  unit,
}: {
  id: string;
  title: string;
  description: string;
  weeks: readonly string[];
  series: readonly Series[];
  /** values[series][week]; null draws no bar. */
  values: readonly (readonly (number | null)[])[];
  unit?: string;
}) {
  const max = Math.max(0, ...values.flat().map((v) => v ?? 0));
  const { top, ticks } = axis(max, unit !== "days");
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotW / Math.max(1, weeks.length);
  const barW = Math.max(1, (slot * 0.8) / series.length);
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH;
  // Label as many weeks as fit: about one per 48 units of width.
  const every = Math.max(1, Math.ceil(weeks.length / Math.floor(plotW / 48)));
  return (
    <>
      <Legend series={series} />
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        className={styles.svg}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(t)} y2={y(t)} className={styles.grid} />
            <text x={PAD.left - 6} y={y(t)} className={styles.tick} textAnchor="end" dominantBaseline="middle">
              {number(t)}
            </text>
          </g>
        ))}
        {unit && (
          <text x={4} y={14} className={styles.tick}>
            {unit}
          </text>
        )}
        {weeks.map((week, w) => {
          const x0 = PAD.left + w * slot + slot * 0.1;
          return (
            <g key={week}>
              {series.map((s, i) => {
                const v = values[i]?.[w] ?? null;
                if (v === null || v <= 0) return null;
                return (
                  <rect
                    key={s.key}
                    x={x0 + i * barW}
                    y={y(v)}
                    width={Math.max(1, barW - 1)}
                    height={Math.max(1, y(0) - y(v))}
                    className={seriesClass(i)}
                  />
                );
              })}
              {w % every === 0 && (
                <text
                  x={x0 + (slot * 0.8) / 2}
                  y={HEIGHT - PAD.bottom + 16}
                  className={styles.tick}
                  textAnchor="middle"
                >
                  {shortWeek(week)}
                </text>
              )}
            </g>
          );
        })}
        <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(0)} y2={y(0)} className={styles.axis} />
        <text x={PAD.left + plotW / 2} y={HEIGHT - 4} className={styles.tick} textAnchor="middle">
          Week starting (Monday, UTC)
        </text>
      </svg>
    </>
  );
}

const ROW_H = 22;
const LABEL_W = 170;

/** Horizontal bars, one row per category; series side by side, or stacked into one bar. */
export function CategoryBars({
  id,
  title,
  description,
  categories,
  series,
  values,
  stacked = false,
}: {
  id: string;
  title: string;
  description: string;
  categories: readonly string[];
  series: readonly Series[];
  /** values[series][category] */
  values: readonly (readonly number[])[];
  stacked?: boolean;
}) {
  const totals = categories.map((_, c) => series.reduce((n, _s, i) => n + (values[i]?.[c] ?? 0), 0));
  const max = stacked ? Math.max(0, ...totals) : Math.max(0, ...values.flat());
  const { top, ticks } = axis(max, true);
  const perRow = stacked ? ROW_H : ROW_H * series.length * 0.6 + 8;
  const height = 12 + categories.length * perRow + 28;
  const plotW = WIDTH - LABEL_W - PAD.right - 8;
  const x = (v: number) => LABEL_W + (v / top) * plotW;
  const bar = stacked ? ROW_H - 6 : ROW_H * 0.6 - 2;
  const clip = (label: string) => (label.length > 24 ? `${label.slice(0, 23)}…` : label);
  return (
    <>
      <Legend series={series} />
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        className={styles.svg}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={x(t)} x2={x(t)} y1={8} y2={height - 24} className={styles.grid} />
            <text x={x(t)} y={height - 8} className={styles.tick} textAnchor="middle">
              {number(t)}
            </text>
          </g>
        ))}
        {categories.map((category, c) => {
          const rowTop = 12 + c * perRow;
          let offset = 0;
          return (
            <g key={category}>
              <text
                x={LABEL_W - 8}
                y={rowTop + perRow / 2}
                className={styles.label}
                textAnchor="end"
                dominantBaseline="middle"
              >
                {clip(category)}
              </text>
              {series.map((s, i) => {
                const v = values[i]?.[c] ?? 0;
                const start = stacked ? offset : 0;
                if (stacked) offset += v;
                if (v <= 0) return null;
                const barTop = stacked ? rowTop + 3 : rowTop + 4 + i * (ROW_H * 0.6);
                return (
                  <rect
                    key={s.key}
                    x={x(start)}
                    y={barTop}
                    width={Math.max(1, x(start + v) - x(start) - (stacked ? 1 : 0))}
                    height={bar}
                    className={seriesClass(i)}
                  />
                );
              })}
            </g>
          );
        })}
        <line x1={LABEL_W} x2={LABEL_W} y1={8} y2={height - 24} className={styles.axis} />
      </svg>
    </>
  );
}
