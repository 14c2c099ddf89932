/**
 * The first gate-local day a program plays: the earliest day on or after today when one of its
 * schedules is on, by the same date rules the resolver uses (holidays with the program's own
 * overrides). A download that will not be complete by then is worth a warning. Pure.
 */
import { dateOfEpochDay, epochDayOf } from "../domain/gate-time.js";
import { compileDateRule, type DateRuleSpec, newOccurrenceContext } from "../domain/schedule/occurs.js";
import type { HolidayOverride, IsoDate } from "../domain/types.js";

/** How far ahead the first day is looked for: a program for a day further away warns of nothing. */
export const FIRST_DAY_HORIZON_DAYS = 800;

export function firstPlayDay(
  schedules: readonly (Omit<DateRuleSpec, "enabled"> & { enabled?: boolean })[],
  holidayOverrides: readonly HolidayOverride[],
  today: IsoDate,
  horizonDays = FIRST_DAY_HORIZON_DAYS,
): IsoDate | null {
  const ctx = newOccurrenceContext(holidayOverrides);
  const rules = schedules
    .filter((s) => s.enabled !== false)
    .map((s) => compileDateRule({ ...s, enabled: true }, ctx))
    .filter((r) => !r.malformed);
  if (rules.length === 0) return null;
  const from = epochDayOf(today);
  for (let day = from; day <= from + horizonDays; day++) {
    if (rules.some((r) => r.isOn(day))) return dateOfEpochDay(day);
  }
  return null;
}
