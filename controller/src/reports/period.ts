/**
 * Report periods in gate-local dates. Provinces report every six months: January–June and
 * July–December; a report may cover any range of whole gate-local days up to a little over a year.
 */

import type { GateReport } from "../contract/reports.js";
import { addDays, daysBetween, isValidIsoDate } from "../domain/calendar/civil.js";
import { gateInstant, gateLocal } from "../domain/gate-time.js";

export type ReportPeriod = GateReport["period"];

export const MAX_PERIOD_DAYS = 400;
/** A province's report may span up to five years (two leap days at most). */
export const MAX_PROVINCE_PERIOD_DAYS = 5 * 365 + 2;

export class PeriodError extends Error {
  constructor(
    message: string,
    readonly field: "from" | "to",
  ) {
    super(message);
  }
}

/** The instant of 00:00 at the gate (UTC+7) on `date`. */
export function gateMidnight(date: string): string {
  return new Date(gateInstant(date)).toISOString();
}

export function periodOf(from: string, to: string): ReportPeriod {
  return {
    from,
    to,
    startsAt: gateMidnight(from),
    endsAt: gateMidnight(addDays(to, 1)),
    timezone: "Asia/Ho_Chi_Minh",
  };
}

/** The half-year (1 January–30 June or 1 July–31 December) that holds the gate-local day of `nowMs`. */
export function currentHalfYear(nowMs: number): ReportPeriod {
  const { year, month } = gateLocal(nowMs);
  return month <= 6 ? periodOf(`${year}-01-01`, `${year}-06-30`) : periodOf(`${year}-07-01`, `${year}-12-31`);
}

/**
 * A period from the query's dates; either may be omitted (the current half-year's bound is used).
 * `limits`: the longest period, and which field a period that is backwards or too long is blamed on.
 */
export function parsePeriod(
  query: { from?: string | undefined; to?: string | undefined },
  nowMs: number,
  limits: { maxDays: number; rangeField: "from" | "to" } = { maxDays: MAX_PERIOD_DAYS, rangeField: "to" },
): ReportPeriod {
  const current = currentHalfYear(nowMs);
  const from = query.from ?? current.from;
  if (!isValidIsoDate(from)) throw new PeriodError(`"${from}" is not a date (YYYY-MM-DD)`, "from");
  const to = query.to ?? (query.from ? addDays(from, 182) : current.to);
  if (!isValidIsoDate(to)) throw new PeriodError(`"${to}" is not a date (YYYY-MM-DD)`, "to");
  const days = daysBetween(from, to);
  if (days < 0) throw new PeriodError("the period ends before it starts", limits.rangeField);
  if (days + 1 > limits.maxDays)
    throw new PeriodError(`a report covers at most ${limits.maxDays} days`, limits.rangeField);
  return periodOf(from, to);
}
