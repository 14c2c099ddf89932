import { describe, expect, it } from "vitest";
import { addDays } from "../../../controller/src/domain/gate-time.js";
import { occursOn } from "../../../controller/src/domain/schedule/occurs.js";
import type { Recurrence, Schedule } from "../../../controller/src/domain/types.js";
import { schedule } from "./fixtures.js";

function on(recurrence: Recurrence, date: string, over: Partial<Schedule> = {}): boolean {
  return occursOn(schedule("s", { recurrence, ...over }), date);
}

/** The dates in [from, to] on which the schedule is on. */
function datesOn(s: Schedule, from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) if (occursOn(s, d)) out.push(d);
  return out;
}

describe("occurs: date rules", () => {
  it("daily is on every date, within startDate/endDate inclusive", () => {
    const s = schedule("s", { startDate: "2026-03-02", endDate: "2026-03-04" });
    expect(datesOn(s, "2026-03-01", "2026-03-05")).toEqual(["2026-03-02", "2026-03-03", "2026-03-04"]);
  });

  it("a disabled schedule is never on", () => {
    expect(occursOn(schedule("s", { enabled: false }), "2026-03-02")).toBe(false);
  });

  it("weekly is on the listed ISO weekdays", () => {
    const s = schedule("s", { recurrence: { type: "weekly", weekdays: [1, 5] } });
    // 2026-03-02 is a Monday.
    expect(datesOn(s, "2026-03-01", "2026-03-08")).toEqual(["2026-03-02", "2026-03-06"]);
  });

  it("monthly day N skips the months without that day (documented: not moved to the last day)", () => {
    const s = schedule("s", { recurrence: { type: "monthly", day: 31 } });
    expect(datesOn(s, "2026-01-01", "2026-06-30")).toEqual(["2026-01-31", "2026-03-31", "2026-05-31"]);
    expect(on({ type: "monthly", day: 30 }, "2026-02-28")).toBe(false);
    expect(on({ type: "monthly", day: 15 }, "2026-02-15")).toBe(true);
  });

  it("yearly month/day; 29 February only in leap years", () => {
    expect(on({ type: "yearly", month: 9, day: 2 }, "2026-09-02")).toBe(true);
    expect(on({ type: "yearly", month: 9, day: 2 }, "2026-09-03")).toBe(false);
    const leap = schedule("s", { recurrence: { type: "yearly", month: 2, day: 29 } });
    expect(datesOn(leap, "2023-01-01", "2028-12-31")).toEqual(["2024-02-29", "2028-02-29"]);
  });

  it("durationDays extends every occurrence; startDate/endDate clip it", () => {
    const s = schedule("s", { recurrence: { type: "yearly", month: 4, day: 30 }, durationDays: 2 });
    expect(datesOn(s, "2026-04-28", "2026-05-03")).toEqual(["2026-04-30", "2026-05-01"]);
    // Across the year end.
    const nye = schedule("s", { recurrence: { type: "yearly", month: 12, day: 31 }, durationDays: 3 });
    expect(datesOn(nye, "2026-12-30", "2027-01-03")).toEqual(["2026-12-31", "2027-01-01", "2027-01-02"]);
    const clipped = { ...nye, startDate: "2027-01-02" };
    expect(datesOn(clipped, "2026-12-30", "2027-01-03")).toEqual(["2027-01-02"]);
    const weekend = schedule("s", { recurrence: { type: "weekly", weekdays: [6] }, durationDays: 2 });
    expect(datesOn(weekend, "2026-03-02", "2026-03-09")).toEqual(["2026-03-07", "2026-03-08"]);
  });

  describe("lunar-yearly", () => {
    it("1/1 differs between the Vietnamese and Chinese calendars in 2007", () => {
      const vi: Recurrence = { type: "lunar-yearly", calendar: "vi", month: 1, day: 1 };
      const zh: Recurrence = { type: "lunar-yearly", calendar: "zh", month: 1, day: 1 };
      expect([on(vi, "2007-02-17"), on(vi, "2007-02-18")]).toEqual([true, false]);
      expect([on(zh, "2007-02-17"), on(zh, "2007-02-18")]).toEqual([false, true]);
      // Most years they agree.
      expect([on(vi, "2026-02-17"), on(zh, "2026-02-17")]).toEqual([true, true]);
    });

    it("2023 has a leap month 2: `leap` picks it, otherwise the regular month", () => {
      const regular = schedule("s", {
        recurrence: { type: "lunar-yearly", calendar: "vi", month: 2, day: 1 },
      });
      const leap = schedule("s", {
        recurrence: { type: "lunar-yearly", calendar: "vi", month: 2, day: 1, leap: true },
      });
      expect(datesOn(regular, "2023-01-01", "2023-12-31")).toEqual(["2023-02-20"]);
      expect(datesOn(leap, "2023-01-01", "2023-12-31")).toEqual(["2023-03-22"]);
      // A year without leap month 2: the leap variant does not occur at all (documented).
      expect(datesOn(leap, "2024-01-01", "2024-12-31")).toEqual([]);
      expect(datesOn(regular, "2024-01-01", "2024-12-31")).toHaveLength(1);
    });

    it("day 30 of a 29-day month falls back to the month's last day", () => {
      // Lunar 2025 month 12 has 29 days (2026-01-19 … 2026-02-16): "30 Tết" plays on 29 Tết.
      expect(on({ type: "lunar-yearly", calendar: "vi", month: 12, day: 30 }, "2026-02-16")).toBe(true);
      expect(on({ type: "lunar-yearly", calendar: "vi", month: 12, day: 29 }, "2026-02-16")).toBe(true);
      // Leap month 2 of 2023 has 29 days: day 30 → 2023-04-19.
      expect(on({ type: "lunar-yearly", calendar: "vi", month: 2, day: 30, leap: true }, "2023-04-19")).toBe(
        true,
      );
      // Regular month 2 of 2023 has 30 days: no fallback needed.
      expect(on({ type: "lunar-yearly", calendar: "vi", month: 2, day: 30 }, "2023-03-21")).toBe(true);
    });

    it("a lunar month 12 date can fall in the next Gregorian year", () => {
      const s = schedule("s", { recurrence: { type: "lunar-yearly", calendar: "vi", month: 12, day: 23 } });
      expect(datesOn(s, "2026-01-01", "2026-12-31")).toEqual(["2026-02-10"]);
    });
  });

  describe("holiday", () => {
    it("is on the days of the holiday rule", () => {
      const s = schedule("s", { recurrence: { type: "holiday", holidayId: "tet-holiday" } });
      expect(datesOn(s, "2026-02-14", "2026-02-22")).toEqual([
        "2026-02-16",
        "2026-02-17",
        "2026-02-18",
        "2026-02-19",
        "2026-02-20",
      ]);
    });

    it("shifts by offsetDays", () => {
      const before = schedule("s", { recurrence: { type: "holiday", holidayId: "tet", offsetDays: -3 } });
      expect(datesOn(before, "2026-02-10", "2026-02-20")).toEqual(["2026-02-14"]);
      const after = schedule("s", {
        recurrence: { type: "holiday", holidayId: "tet-holiday", offsetDays: 2 },
      });
      expect(datesOn(after, "2026-02-14", "2026-02-24")).toEqual([
        "2026-02-18",
        "2026-02-19",
        "2026-02-20",
        "2026-02-21",
        "2026-02-22",
      ]);
    });

    it("durationDays replaces the holiday's own length (the three days before Tết)", () => {
      const s = schedule("s", {
        recurrence: { type: "holiday", holidayId: "tet", offsetDays: -3 },
        durationDays: 3,
      });
      expect(datesOn(s, "2026-02-10", "2026-02-20")).toEqual(["2026-02-14", "2026-02-15", "2026-02-16"]);
    });

    it("follows the central office's override of a government-fixed date", () => {
      const s = schedule("s", { recurrence: { type: "holiday", holidayId: "tet-holiday" } });
      const overrides = [{ holidayId: "tet-holiday", year: 2026, date: "2026-02-14", endDate: "2026-02-22" }];
      expect(occursOn(s, "2026-02-14", overrides)).toBe(true);
      expect(occursOn(s, "2026-02-22", overrides)).toBe(true);
      expect(occursOn(s, "2026-02-14")).toBe(false);
    });

    it("an unknown holiday never occurs (and does not throw)", () => {
      expect(on({ type: "holiday", holidayId: "no-such-day" }, "2026-02-17")).toBe(false);
    });
  });
});
