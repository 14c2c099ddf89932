/**
 * The numbers behind a report's charts, for the table that follows each chart (screen readers read
 * the table; the chart itself is an image). Pure: the report and the words come in as arguments.
 */
import type {
  ChartKind,
  GateReport,
  ProvinceReport,
  ReportWeekly,
  WeeklySeries,
} from "../../../controller/src/contract/reports.js";
import type { ChartNumbers } from "./gc-console-report-chart.js";

export interface ChartWords {
  week: string;
  sign: string;
  uptime: string;
  hoursOffline: string;
  outages: string;
  /** A series' name (a language or a program). */
  series: (s: WeeklySeries) => string;
  /** A date `YYYY-MM-DD` as the reader writes it. */
  date: (iso: string) => string;
  number: (n: number, decimals?: number) => string;
}

export const WEEKLY_CHARTS: readonly {
  kind: ChartKind;
  pick: (w: ReportWeekly) => WeeklySeries[];
  decimals: number;
}[] = [
  { kind: "hours-by-language", pick: (w) => w.hoursByLanguage, decimals: 1 },
  { kind: "hours-by-program", pick: (w) => w.hoursByProgram, decimals: 1 },
  { kind: "kiosk-use-by-language", pick: (w) => w.kioskSessionsByLanguage, decimals: 0 },
];

/** A weekly chart's numbers: a row per week, a column per series. */
export function weeklyNumbers(weekly: ReportWeekly, kind: ChartKind, words: ChartWords): ChartNumbers {
  const chart = WEEKLY_CHARTS.find((c) => c.kind === kind);
  if (!chart) return { head: [], rows: [] };
  const series = chart.pick(weekly);
  return {
    head: [words.week, ...series.map(words.series)],
    rows: weekly.weeks.map((w, i) => [
      `${words.date(w.from)}–${words.date(w.to)}`,
      ...series.map((s) => words.number(s.values[i] ?? 0, chart.decimals)),
    ]),
  };
}

/** The signs' uptime: a row per sign (of every gate, at the central). */
export function uptimeNumbers(report: GateReport | ProvinceReport, words: ChartWords): ChartNumbers {
  const signs =
    "sections" in report
      ? report.sections.flatMap((g) => g.signs.map((s) => ({ ...s, name: `${g.gate.name} · ${s.name}` })))
      : report.signs;
  return {
    head: [words.sign, words.uptime, words.hoursOffline, words.outages],
    rows: signs.map((s) => [
      s.name,
      s.uptimePercent === null ? "—" : `${words.number(s.uptimePercent, 1)} %`,
      words.number(s.hoursOffline, 1),
      words.number(s.outages.length),
    ]),
  };
}
