/**
 * The province's report: every gate's own report (buildReport, from what it uploaded) put side by side
 * under the province's totals, each total beside the same figure for the period before, and which days
 * each gate's uploads cover, so that no figure is silently partial. Pure: the gates' reports and the
 * days their records fall on come in, the report goes out.
 */

import {
  type DateRange,
  type GateCoverage,
  type GateReport,
  type KioskUseSection,
  PROVINCE_METRICS,
  type ProvinceMetric,
  type ProvinceReport,
  type ProvinceTotal,
  type ReportWeekly,
  type ShownRow,
  type WeeklySeries,
} from "../contract/reports.js";
import { addDays, daysBetween, isValidIsoDate } from "../domain/calendar/civil.js";
import { weeksOf } from "./build.js";
import { MAX_PROVINCE_PERIOD_DAYS, PeriodError, parsePeriod, periodOf, type ReportPeriod } from "./period.js";

export interface GateRecordDays {
  gate: { id: string; name: string };
  /** The gate-local dates of the period on which the gate uploaded any record. */
  days: readonly string[];
  /** The newest record the gate has uploaded, or null. */
  lastRecordAt: string | null;
}

export interface ProvinceInput {
  period: ReportPeriod;
  previousPeriod: ReportPeriod;
  generatedAt: number;
  /** The last gate-local date anything can be known of (today at the central): later days are not missing. */
  knownUntil: string;
  gates: readonly { id: string; name: string }[];
  /** Each gate's report for `period`, in `gates` order. */
  sections: readonly GateReport[];
  /** Each gate's report for `previousPeriod`, in `gates` order. */
  previous: readonly GateReport[];
  recordDays: readonly GateRecordDays[];
  previousRecordDays: readonly GateRecordDays[];
}

/** A province's period from the query: like a gate's, but up to five years, and `query.from` is blamed. */
export function parseProvincePeriod(
  query: { from?: string | undefined; to?: string | undefined },
  nowMs: number,
): ReportPeriod {
  const tooLong = () => new PeriodError("a report covers at most 5 years", "from");
  let period: ReportPeriod;
  try {
    period = parsePeriod(query, nowMs, { maxDays: MAX_PROVINCE_PERIOD_DAYS, rangeField: "from" });
  } catch (error) {
    // One limit, said one way: not "1827 days" for six years and "5 years" for five and a day.
    if (error instanceof PeriodError && error.message.startsWith("a report covers at most")) throw tooLong();
    throw error;
  }
  // Five calendar years: 1 January 2021 to 31 December 2025, not a day more (leap days or not).
  const y = Number(period.from.slice(0, 4)) + 5;
  const fiveYearsOn = isValidIsoDate(`${y}${period.from.slice(4)}`)
    ? `${y}${period.from.slice(4)}`
    : `${y}-03-01`; // from 29 February
  if (period.to >= fiveYearsOn) throw tooLong();
  return period;
}

const isMonthStart = (date: string) => date.endsWith("-01");
const isMonthEnd = (date: string) => addDays(date, 1).endsWith("-01");

/** `date`'s month moved by `months` (first of the month). */
function shiftMonth(date: string, months: number): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7)) - 1 + months;
  const y = year + Math.floor(month / 12);
  const m = ((month % 12) + 12) % 12;
  return `${String(y).padStart(4, "0")}-${String(m + 1).padStart(2, "0")}-01`;
}

/**
 * The period before: whole months for a period of whole months (the half-year before a half-year, the
 * year before a year), else as many days, ending the day before `from`.
 */
export function previousPeriodOf(period: ReportPeriod): ReportPeriod {
  const to = addDays(period.from, -1);
  if (isMonthStart(period.from) && isMonthEnd(period.to)) {
    const months =
      (Number(period.to.slice(0, 4)) - Number(period.from.slice(0, 4))) * 12 +
      Number(period.to.slice(5, 7)) -
      Number(period.from.slice(5, 7)) +
      1;
    return periodOf(shiftMonth(period.from, -months), to);
  }
  return periodOf(addDays(period.from, -(daysBetween(period.from, period.to) + 1)), to);
}

/** Runs of consecutive dates, in order. */
function runs(dates: readonly string[]): DateRange[] {
  const out: DateRange[] = [];
  for (const date of dates) {
    const last = out.at(-1);
    if (last && addDays(last.to, 1) === date) last.to = date;
    else out.push({ from: date, to: date });
  }
  return out;
}

/** Which days of the period (up to `knownUntil`) a gate's records fall on, and which they miss. */
export function coverageOf(entry: GateRecordDays, period: ReportPeriod, knownUntil: string): GateCoverage {
  const last = period.to < knownUntil ? period.to : knownUntil;
  const days = Math.max(0, daysBetween(period.from, last) + 1);
  const have = new Set(entry.days);
  const covered: string[] = [];
  const missing: string[] = [];
  for (let d = 0; d < days; d++) {
    const date = addDays(period.from, d);
    (have.has(date) ? covered : missing).push(date);
  }
  return {
    gate: entry.gate,
    complete: missing.length === 0,
    days,
    daysCovered: covered.length,
    covered: runs(covered),
    missing: runs(missing),
    lastRecordAt: entry.lastRecordAt,
  };
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const sum = (values: readonly number[]) => round2(values.reduce((t, v) => t + v, 0));

/** The province's figures from its gates' reports: each the sum of the gates'. */
export function provinceFigures(sections: readonly GateReport[]): Record<ProvinceMetric, number | null> {
  const kiosks = sum(sections.map((s) => s.shown.kiosks.totalHours));
  const signs = sum(sections.map((s) => s.shown.signs.totalHours));
  const screens = sum(sections.map((s) => s.shown.screens.totalHours));
  const allSigns = sections.flatMap((s) => s.signs);
  const online = sum(allSigns.map((s) => s.hoursOnline));
  const offline = sum(allSigns.map((s) => s.hoursOffline));
  const observed = online + offline;
  return {
    shown_hours: round2(kiosks + signs + screens),
    shown_hours_kiosks: kiosks,
    shown_hours_signs: signs,
    shown_hours_screens: screens,
    kiosk_sessions: sections.reduce((t, s) => t + s.kioskUse.sessions, 0),
    kiosk_minutes: sum(sections.map((s) => s.kioskUse.totalMinutes)),
    screen_skips: sections.reduce((t, s) => t + s.shown.screens.skipped.total, 0),
    sign_hours_online: online,
    sign_hours_offline: offline,
    sign_uptime_percent: observed > 0 ? Math.round((online / observed) * 1000) / 10 : null,
    sign_outages: allSigns.reduce((t, s) => t + s.outages.length, 0),
  };
}

export function changeOf(value: number | null, previous: number | null): ProvinceTotal["change"] {
  if (value === null || previous === null) return null;
  return value > previous ? "up" : value < previous ? "down" : "same";
}

/** Rows of the same key added up across gates, largest first (as a gate's own tables). */
function mergeRows(rows: readonly ShownRow[]): ShownRow[] {
  const merged = new Map<string, ShownRow>();
  for (const r of rows) {
    const m = merged.get(r.key);
    if (m) {
      m.hours = round2(m.hours + r.hours);
      m.plays += r.plays;
    } else merged.set(r.key, { ...r });
  }
  return [...merged.values()].sort(
    (a, b) => b.hours - a.hours || b.plays - a.plays || a.key.localeCompare(b.key),
  );
}

function mergeKioskLanguages(sections: readonly GateReport[]): KioskUseSection["byLanguage"] {
  const merged = new Map<string, { language: string; sessions: number; minutes: number }>();
  for (const row of sections.flatMap((s) => s.kioskUse.byLanguage)) {
    const m = merged.get(row.language);
    if (m) {
      m.sessions += row.sessions;
      m.minutes = round2(m.minutes + row.minutes);
    } else merged.set(row.language, { ...row });
  }
  return [...merged.values()].sort((a, b) => b.sessions - a.sessions || a.language.localeCompare(b.language));
}

function mergeSeries(
  lists: readonly (readonly WeeklySeries[])[],
  weeks: number,
  digits: number,
): WeeklySeries[] {
  const merged = new Map<string, WeeklySeries>();
  const round = (n: number) => Math.round(n * 10 ** digits) / 10 ** digits;
  for (const list of lists) {
    for (const s of list) {
      const m = merged.get(s.key) ?? { key: s.key, label: s.label, values: new Array<number>(weeks).fill(0) };
      for (let i = 0; i < weeks; i++) m.values[i] = round((m.values[i] ?? 0) + (s.values[i] ?? 0));
      merged.set(s.key, m);
    }
  }
  const total = (s: WeeklySeries) => s.values.reduce((t, v) => t + v, 0);
  return [...merged.values()].sort((a, b) => total(b) - total(a) || a.key.localeCompare(b.key));
}

/** The gates' weekly series added up, week by week (all the gates' reports share the period's weeks). */
export function provinceWeekly(period: ReportPeriod, sections: readonly GateReport[]): ReportWeekly {
  const weeks = weeksOf(period);
  const of = (pick: (w: ReportWeekly) => WeeklySeries[]) =>
    sections.flatMap((s) => (s.weekly ? [pick(s.weekly)] : []));
  return {
    weeks,
    hoursByLanguage: mergeSeries(
      of((w) => w.hoursByLanguage),
      weeks.length,
      2,
    ),
    hoursByProgram: mergeSeries(
      of((w) => w.hoursByProgram),
      weeks.length,
      2,
    ),
    kioskSessionsByLanguage: mergeSeries(
      of((w) => w.kioskSessionsByLanguage),
      weeks.length,
      0,
    ),
  };
}

export function buildProvinceReport(input: ProvinceInput): ProvinceReport {
  const now = provinceFigures(input.sections);
  const before = provinceFigures(input.previous);
  const totals = PROVINCE_METRICS.map(
    (metric): ProvinceTotal => ({
      metric,
      value: now[metric],
      previous: before[metric],
      change: changeOf(now[metric], before[metric]),
    }),
  );
  const shown = (pick: (s: GateReport["shown"][keyof GateReport["shown"]]) => ShownRow[]) =>
    mergeRows(
      input.sections.flatMap((s) => [
        ...pick(s.shown.kiosks),
        ...pick(s.shown.signs),
        ...pick(s.shown.screens),
      ]),
    );
  return {
    kind: "province",
    period: input.period,
    previousPeriod: input.previousPeriod,
    generatedAt: new Date(input.generatedAt).toISOString(),
    gates: input.gates.map((g) => ({ id: g.id, name: g.name })),
    totals,
    shownByLanguage: shown((s) => s.byLanguage),
    shownByProgram: shown((s) => s.byProgram),
    kioskUseByLanguage: mergeKioskLanguages(input.sections),
    coverage: input.recordDays.map((e) => coverageOf(e, input.period, input.knownUntil)),
    previousCoverage: input.previousRecordDays.map((e) =>
      coverageOf(e, input.previousPeriod, input.knownUntil),
    ),
    weekly: provinceWeekly(input.period, input.sections),
    sections: [...input.sections],
  };
}
