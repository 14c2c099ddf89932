import { afterEach, describe, expect, it } from "vitest";
import {
  addDays,
  beijingInstant,
  beijingLocal,
  civilFromDays,
  dateOfEpochDay,
  daysFromCivil,
  diffDays,
  epochDayOf,
  formatBeijingIso,
  formatGateIso,
  gateInstant,
  gateLocal,
  isoWeekdayOf,
  nextGateMidnight,
  parseClockTime,
  parseInstant,
} from "../../../controller/src/domain/gate-time.js";

const originalTz = process.env.TZ;
afterEach(() => {
  process.env.TZ = originalTz;
});

describe("gate-time", () => {
  it("reads an instant as the gate's wall clock (UTC+7)", () => {
    const t = Date.UTC(2026, 1, 16, 17, 30, 15); // 2026-02-16 17:30:15Z = 2026-02-17 00:30:15 at the gate
    expect(gateLocal(t)).toEqual({
      date: "2026-02-17",
      epochDay: epochDayOf("2026-02-17"),
      year: 2026,
      month: 2,
      day: 17,
      minuteOfDay: 30,
      secondOfDay: 30 * 60 + 15,
      msOfDay: (30 * 60 + 15) * 1000,
      isoWeekday: 2, // a Tuesday
    });
  });

  it("is independent of the process time zone", () => {
    const t = Date.UTC(2026, 2, 8, 16, 59, 59); // a US DST change day, 23:59:59 at the gate
    const results = ["UTC", "America/New_York", "Asia/Ho_Chi_Minh", "Pacific/Kiritimati"].map((tz) => {
      process.env.TZ = tz;
      return [
        gateLocal(t),
        formatGateIso(t),
        gateInstant("2026-03-08", 600),
        parseInstant("2026-03-08T10:00"),
      ];
    });
    for (const r of results) expect(r).toEqual(results[0]);
  });

  it("converts gate-local dates and minutes to instants and back", () => {
    expect(gateInstant("2026-02-17", 8 * 60)).toBe(Date.UTC(2026, 1, 17, 1, 0));
    expect(gateInstant("2026-02-17", 1440)).toBe(gateInstant("2026-02-18", 0));
    expect(formatGateIso(gateInstant("2026-02-17", 8 * 60))).toBe("2026-02-17T08:00:00+07:00");
    expect(formatGateIso(Date.UTC(2026, 0, 1, 0, 0, 0, 5))).toBe("2026-01-01T07:00:00.005+07:00");
    expect(nextGateMidnight(gateInstant("2026-02-17", 23 * 60 + 59))).toBe(gateInstant("2026-02-18"));
  });

  it("parses instants with an offset exactly and without one as gate-local", () => {
    expect(parseInstant("2026-02-17T08:00:00+07:00")).toBe(Date.UTC(2026, 1, 17, 1));
    expect(parseInstant("2026-02-17T01:00:00Z")).toBe(Date.UTC(2026, 1, 17, 1));
    expect(parseInstant("2026-02-17T08:00")).toBe(Date.UTC(2026, 1, 17, 1));
    expect(parseInstant("2026-02-17")).toBe(Date.UTC(2026, 1, 16, 17));
    expect(parseInstant("nonsense")).toBeNaN();
  });

  it("shows Beijing time (UTC+8) for the China-facing gate", () => {
    const t = gateInstant("2026-02-17", 23 * 60 + 30);
    expect(beijingLocal(t).date).toBe("2026-02-18");
    expect(beijingLocal(t).minuteOfDay).toBe(30);
    expect(formatBeijingIso(t)).toBe("2026-02-18T00:30:00+08:00");
    expect(beijingInstant("2026-02-18", 30)).toBe(t);
  });

  it("does day arithmetic on the proleptic Gregorian calendar", () => {
    for (let d = -800_000; d <= 800_000; d += 997) {
      const c = civilFromDays(d);
      expect(daysFromCivil(c.year, c.month, c.day)).toBe(d);
      const viaDate = new Date(d * 86_400_000);
      if (c.year >= 0) {
        expect([c.year, c.month, c.day]).toEqual([
          viaDate.getUTCFullYear(),
          viaDate.getUTCMonth() + 1,
          viaDate.getUTCDate(),
        ]);
      }
    }
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2023-02-28", 1)).toBe("2023-03-01");
    expect(addDays("2026-01-01", -1)).toBe("2025-12-31");
    expect(diffDays("2026-02-16", "2026-02-20")).toBe(4);
    expect(isoWeekdayOf("2026-02-20")).toBe(5); // Friday
    expect(isoWeekdayOf("2026-02-22")).toBe(7); // Sunday
    expect(dateOfEpochDay(0)).toBe("1970-01-01");
    expect(() => epochDayOf("2026-02-30")).toThrow(RangeError);
  });

  it("parses clock times", () => {
    expect(parseClockTime("00:00")).toBe(0);
    expect(parseClockTime("23:59")).toBe(1439);
    expect(parseClockTime("24:00")).toBeNull();
    expect(parseClockTime("7:30")).toBeNull();
  });
});
