/**
 * Bench: every holiday occurrence for the 200 Gregorian years 1950–2149, computed cold (the lunar
 * and holiday caches are cleared first, so each call times the astronomy too). Returns the count.
 */
import { calendarForYear, clearCalendarCaches } from "../controller/src/domain/calendar/holidays.js";

export function benchHolidays200Years(): number {
  clearCalendarCaches();
  let count = 0;
  for (let year = 1950; year <= 2149; year++) count += calendarForYear(year).length;
  return count;
}
