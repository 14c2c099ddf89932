import { describe, expect, it } from "vitest";
import {
  addDays,
  formatInstantUtc,
  fromDayNumber,
  isoWeekday,
  toDayNumber,
} from "../../controller/src/domain/calendar/civil.js";
import {
  type LunarCalendar,
  leapMonthOf,
  lunarMonthLength,
  lunarNewYear,
  lunarToSolar,
  lunarYearMonths,
  solarToLunar,
} from "../../controller/src/domain/calendar/lunar.js";

const CALENDARS: readonly LunarCalendar[] = ["vi", "zh"];

describe("civil day numbers", () => {
  it("round-trips dates and knows weekdays without the process time zone", () => {
    expect(toDayNumber("1970-01-01")).toBe(0);
    expect(fromDayNumber(0)).toBe("1970-01-01");
    expect(toDayNumber("2000-03-01") - toDayNumber("2000-02-28")).toBe(2);
    expect(toDayNumber("1900-03-01") - toDayNumber("1900-02-28")).toBe(1);
    expect(addDays("2025-12-31", 1)).toBe("2026-01-01");
    expect(addDays("2024-03-01", -1)).toBe("2024-02-29");
    expect(isoWeekday("2026-02-17")).toBe(2); // a Tuesday
    expect(isoWeekday("1970-01-01")).toBe(4);
    for (let n = toDayNumber("1899-12-25"); n <= toDayNumber("2101-01-05"); n += 13) {
      expect(toDayNumber(fromDayNumber(n))).toBe(n);
    }
  });

  it("formats instants as Date#toISOString does, without Date", () => {
    for (const ms of [
      0,
      -1,
      1,
      1712935440000,
      -2208988800000,
      4102444799999,
      86_400_000 * 365.25 * 50 + 123,
    ]) {
      expect(formatInstantUtc(ms)).toBe(new Date(ms).toISOString());
    }
    expect(() => formatInstantUtc(1.5)).toThrow(RangeError);
  });

  it("refuses dates that do not exist", () => {
    expect(() => toDayNumber("2025-02-29")).toThrow(RangeError);
    expect(() => toDayNumber("2025-2-1")).toThrow(RangeError);
    expect(() => toDayNumber("2025-13-01")).toThrow(RangeError);
  });
});

describe("lunar New Year ground truths", () => {
  const cases: [number, string, string][] = [
    [1900, "1900-01-31", "1900-01-31"],
    [1968, "1968-01-29", "1968-01-30"], // Tết Mậu Thân: the North (UTC+7) a day before China
    [1985, "1985-01-21", "1985-02-20"], // Vietnam's 1985 leap month 2 vs China's 1984 leap month 10
    [2007, "2007-02-17", "2007-02-18"],
    [2020, "2020-01-25", "2020-01-25"],
    [2023, "2023-01-22", "2023-01-22"],
    [2024, "2024-02-10", "2024-02-10"],
    [2025, "2025-01-29", "2025-01-29"],
    [2026, "2026-02-17", "2026-02-17"],
    [2027, "2027-02-06", "2027-02-06"],
    [2033, "2033-01-31", "2033-01-31"],
    [2034, "2034-02-19", "2034-02-19"],
    [2100, "2100-02-09", "2100-02-09"],
  ];
  it.each(cases)("%i: vi %s, zh %s", (year, vi, zh) => {
    expect(lunarNewYear("vi", year)).toBe(vi);
    expect(lunarNewYear("zh", year)).toBe(zh);
    expect(solarToLunar("vi", vi)).toEqual({ year, month: 1, day: 1, leap: false });
    expect(solarToLunar("zh", zh)).toEqual({ year, month: 1, day: 1, leap: false });
  });

  it("zh is reckoned at UTC+8 in every year, also before 1929 (the documented limit)", () => {
    // China's published calendar used Beijing local mean time (UTC+7:45:40) until 1929 and began 1916
    // on 3 February; the new moon fell a few minutes after 16:00 UT, on 4 February at UTC+8. The other
    // pre-1929 New Years agree. See docs/calendars.md for why the mean time is not used.
    expect(lunarNewYear("zh", 1916)).toBe("1916-02-04");
    expect(lunarNewYear("zh", 1915)).toBe("1915-02-14");
    expect(lunarNewYear("zh", 1929)).toBe("1929-02-10");
    expect(leapMonthOf("zh", 1917)).toBe(2);
    expect(leapMonthOf("zh", 1922)).toBe(5);
  });

  it("2007: Tết is still the last day of the old year in China", () => {
    expect(solarToLunar("zh", "2007-02-17")).toEqual({ year: 2006, month: 12, day: 30, leap: false });
    expect(solarToLunar("vi", "2007-02-16")).toEqual({ year: 2006, month: 12, day: 29, leap: false });
  });
});

describe("leap months", () => {
  const cases: [number, number | null, number | null][] = [
    [1984, null, 10],
    [1985, 2, null],
    [2017, 6, 6],
    [2020, 4, 4],
    [2023, 2, 2],
    [2024, null, null],
    [2025, 6, 6],
    [2026, null, null],
    [2028, 5, 5],
  ];
  it.each(cases)("%i: vi %s, zh %s", (year, vi, zh) => {
    expect(leapMonthOf("vi", year)).toBe(vi);
    expect(leapMonthOf("zh", year)).toBe(zh);
  });

  it("2033 (the famous problem year): both calendars give a leap month 11, not a leap 7", () => {
    for (const c of CALENDARS) {
      expect(leapMonthOf(c, 2033)).toBe(11);
      expect(leapMonthOf(c, 2032)).toBeNull();
      expect(leapMonthOf(c, 2034)).toBeNull();
      expect(lunarToSolar(c, 2033, 11, 1)).toBe("2033-11-22");
      expect(lunarToSolar(c, 2033, 11, 1, true)).toBe("2033-12-22");
      expect(lunarToSolar(c, 2033, 12, 1)).toBe("2034-01-20");
      expect(lunarToSolar(c, 2033, 7, 1, true)).toBeNull();
    }
  });

  it("a leap month follows the month whose number it takes", () => {
    expect(lunarToSolar("vi", 2023, 2, 1)).toBe("2023-02-20");
    expect(lunarToSolar("vi", 2023, 2, 1, true)).toBe("2023-03-22");
    expect(solarToLunar("vi", "2023-03-22")).toEqual({ year: 2023, month: 2, day: 1, leap: true });
    expect(lunarToSolar("vi", 2025, 6, 1, true)).toBe("2025-07-25");
    expect(lunarToSolar("zh", 2020, 4, 1, true)).toBe("2020-05-23");
  });

  it("leap years are 2 or 3 lunar years apart (7 in 19)", () => {
    for (const c of CALENDARS) {
      let last: number | null = null;
      let count = 0;
      for (let y = 1900; y <= 2100; y++) {
        if (leapMonthOf(c, y) === null) continue;
        count++;
        if (last !== null) expect([2, 3]).toContain(y - last);
        last = y;
      }
      expect(count).toBeGreaterThanOrEqual(73);
      expect(count).toBeLessThanOrEqual(75);
    }
  });
});

describe("known lunar dates", () => {
  it("converts both ways", () => {
    expect(solarToLunar("vi", "2026-04-26")).toEqual({ year: 2026, month: 3, day: 10, leap: false });
    expect(solarToLunar("vi", "2025-10-06")).toEqual({ year: 2025, month: 8, day: 15, leap: false });
    expect(solarToLunar("vi", "2026-01-01")).toEqual({ year: 2025, month: 11, day: 13, leap: false });
    expect(lunarToSolar("vi", 2026, 3, 10)).toBe("2026-04-26");
    expect(lunarToSolar("zh", 2025, 8, 15)).toBe("2025-10-06");
    expect(lunarToSolar("zh", 2024, 8, 15)).toBe("2024-09-17");
  });

  it("returns null for lunar dates that do not exist", () => {
    const short = lunarYearMonths("vi", 2026).find((m) => m.length === 29 && !m.leap);
    expect(short).toBeDefined();
    if (short === undefined) return;
    expect(lunarToSolar("vi", 2026, short.month, 29)).not.toBeNull();
    expect(lunarToSolar("vi", 2026, short.month, 30)).toBeNull();
    expect(lunarToSolar("vi", 2026, 4, 1, true)).toBeNull(); // 2026 has no leap month
    expect(lunarToSolar("vi", 2026, 13, 1)).toBeNull();
    expect(lunarToSolar("vi", 2026, 0, 1)).toBeNull();
    expect(lunarToSolar("vi", 2026, 1, 0)).toBeNull();
    expect(lunarToSolar("vi", 2026, 1, 31)).toBeNull();
    expect(lunarMonthLength("vi", 2026, 4, true)).toBeNull();
  });

  it("refuses invalid input", () => {
    expect(() => solarToLunar("vi", "2026-02-30")).toThrow(RangeError);
    expect(() => lunarNewYear("vi", 1200)).toThrow(RangeError);
    expect(() => lunarNewYear("zh", 2026.5)).toThrow(RangeError);
  });
});

describe("structure of every lunar year 1900–2100", () => {
  it.each(CALENDARS)("%s: 12 or 13 months of 29/30 days, contiguous, one leap when 13", (c) => {
    for (let y = 1900; y <= 2100; y++) {
      const months = lunarYearMonths(c, y);
      expect([12, 13]).toContain(months.length);
      const leap = months.filter((m) => m.leap);
      expect(leap.length).toBe(months.length - 12);
      expect(leapMonthOf(c, y)).toBe(leap[0]?.month ?? null);
      expect(months.filter((m) => !m.leap).map((m) => m.month)).toEqual([
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
      ]);
      let day = toDayNumber(lunarNewYear(c, y));
      for (const [i, m] of months.entries()) {
        expect([29, 30]).toContain(m.length);
        expect(lunarMonthLength(c, y, m.month, m.leap)).toBe(m.length);
        expect(toDayNumber(m.start)).toBe(day);
        if (m.leap) expect(months[i - 1]?.month).toBe(m.month);
        day += m.length;
      }
      if (y < 2100) expect(fromDayNumber(day)).toBe(lunarNewYear(c, y + 1));
      const ny = lunarNewYear(c, y);
      expect(ny >= `${y}-01-20` && ny <= `${y}-02-21`).toBe(true);
      // Month 11 holds the winter solstice (21 or 22 December at UTC+7/+8 in these years).
      const dec21 = solarToLunar(c, `${y}-12-21`);
      const dec22 = solarToLunar(c, `${y}-12-22`);
      expect(dec21.month === 11 || dec22.month === 11).toBe(true);
    }
  });
});

describe("round trip solar → lunar → solar", () => {
  function check(c: LunarCalendar, n: number): void {
    const iso = fromDayNumber(n);
    const l = solarToLunar(c, iso);
    expect(lunarToSolar(c, l.year, l.month, l.day, l.leap)).toBe(iso);
  }

  it.each(CALENDARS)("%s: every day of some years, 1 in 7 days over 1900-01-31..2100-12-31", (c) => {
    for (const y of [1968, 1984, 1985, 1987, 2007, 2023, 2033]) {
      for (let n = toDayNumber(`${y}-01-01`); n <= toDayNumber(`${y}-12-31`); n++) check(c, n);
    }
    for (let n = toDayNumber("1900-01-31"); n <= toDayNumber("2100-12-31"); n += 7) check(c, n);
    check(c, toDayNumber("2100-12-31"));
  });

  it.each(CALENDARS)("%s: consecutive days advance by one lunar day", (c) => {
    let prev = solarToLunar(c, "2032-12-31");
    for (let n = toDayNumber("2033-01-01"); n <= toDayNumber("2034-12-31"); n++) {
      const cur = solarToLunar(c, fromDayNumber(n));
      if (cur.day === 1) expect([29, 30]).toContain(prev.day);
      else expect(cur).toEqual({ ...prev, day: prev.day + 1 });
      prev = cur;
    }
  });
});
