/**
 * The province's report as one CSV table, one fact a row (`gate,metric,key,label,value`): the
 * province's totals (gate `province`) and those of the period before, which days each gate's uploads
 * cover, the weekly series, then every fact of every gate's own report. A spreadsheet pivots it by gate
 * or by metric. UTF-8 with a byte-order mark, formula cells defused (text/csv.ts).
 */

import type { GateReport, ProvinceReport, ReportWeekly } from "../contract/reports.js";
import { csvCell } from "../text/csv.js";
import { type Cell, CSV_COLUMNS, reportRows } from "./csv.js";
import { languageVi, programVi } from "./labels-vi.js";

export const PROVINCE_CSV_COLUMNS = ["gate", "metric", "key", "label", "value"] as const;
/** The `gate` of the province's own rows (gate ids are slugs of a site file; none is this). */
export const PROVINCE_ROW = "province";

type Row = [gate: string, metric: string, key: string, label: string, value: number | string | null];

const HOURS = CSV_COLUMNS.indexOf("hours");
const COUNT = CSV_COLUMNS.indexOf("count");
const FROM = CSV_COLUMNS.indexOf("from");

function weeklyRows(gate: string, weekly: ReportWeekly | undefined): Row[] {
  if (!weekly) return [];
  const lines = [
    ["weekly_hours_language", weekly.hoursByLanguage, (key: string) => languageVi(key)],
    ["weekly_hours_program", weekly.hoursByProgram, (key: string, label: string) => programVi(key, label)],
    ["weekly_kiosk_sessions_language", weekly.kioskSessionsByLanguage, (key: string) => languageVi(key)],
  ] as const;
  return lines.flatMap(([metric, series, label]) =>
    series.flatMap((s) =>
      weekly.weeks.map(
        (week, i): Row => [gate, metric, `${s.key}@${week.from}`, label(s.key, s.label), s.values[i] ?? 0],
      ),
    ),
  );
}

/** A gate's own report as facts: each of its rows' hours and count, an outage keyed by its start. */
function gateRows(report: GateReport): Row[] {
  const gate = report.gate.id;
  const rows: Row[] = [];
  for (const r of reportRows(report)) {
    const section = String(r[0]);
    if (section === "report") continue;
    const from = r[FROM];
    const key = `${r[1] ?? ""}${from ? `@${from}` : ""}`;
    const label = String(r[2] ?? "");
    const hours = r[HOURS] as Cell;
    const count = r[COUNT] as Cell;
    if (hours !== null && hours !== undefined) rows.push([gate, `${section}_hours`, key, label, hours]);
    if (count !== null && count !== undefined) rows.push([gate, `${section}_count`, key, label, count]);
  }
  for (const s of report.signs) rows.push([gate, "sign_uptime_percent", s.id, s.name, s.uptimePercent]);
  return [...rows, ...weeklyRows(gate, report.weekly)];
}

export function provinceCsv(report: ProvinceReport): string {
  const p = PROVINCE_ROW;
  const rows: Row[] = [
    [p, "period", "", "", `${report.period.from}/${report.period.to}`],
    [p, "previous_period", "", "", `${report.previousPeriod.from}/${report.previousPeriod.to}`],
    ...report.totals.flatMap((t): Row[] => [
      [p, t.metric, "", "", t.value],
      [p, `previous_${t.metric}`, "", "", t.previous],
    ]),
    ...report.shownByLanguage.flatMap((r): Row[] => [
      [p, "shown_language_hours", r.key, languageVi(r.key), r.hours],
      [p, "shown_language_count", r.key, languageVi(r.key), r.plays],
    ]),
    ...report.shownByProgram.flatMap((r): Row[] => [
      [p, "shown_program_hours", r.key, programVi(r.key, r.label), r.hours],
      [p, "shown_program_count", r.key, programVi(r.key, r.label), r.plays],
    ]),
    ...report.kioskUseByLanguage.flatMap((l): Row[] => [
      [p, "kiosk_sessions_language_count", l.language, languageVi(l.language), l.sessions],
      [p, "kiosk_sessions_language_minutes", l.language, languageVi(l.language), l.minutes],
    ]),
    ...weeklyRows(p, report.weekly),
    ...report.coverage.flatMap((c): Row[] => [
      [c.gate.id, "coverage_days", "", c.gate.name, c.days],
      [c.gate.id, "coverage_days_covered", "", c.gate.name, c.daysCovered],
      ...c.missing.map(
        (m): Row => [c.gate.id, "coverage_missing_days", `${m.from}/${m.to}`, c.gate.name, daysIn(m)],
      ),
    ]),
    ...report.sections.flatMap(gateRows),
  ];
  const lines = [[...PROVINCE_CSV_COLUMNS], ...rows].map((r) => r.map(csvCell).join(","));
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

function daysIn(range: { from: string; to: string }): number {
  return Math.round((Date.parse(range.to) - Date.parse(range.from)) / 86_400_000) + 1;
}
