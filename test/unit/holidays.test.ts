import { describe, expect, it } from "vitest";
import {
  calendarForYear,
  HOLIDAY_RULES,
  holidayOccurrences,
  holidayOverrideProblem,
  holidayRule,
  holidaysOn,
} from "../../controller/src/domain/calendar/holidays.js";
import { LANGUAGES } from "../../controller/src/domain/types.js";

const IDS = [
  "new-year",
  "tet",
  "tet-holiday",
  "hung-kings",
  "reunification-day",
  "labour-day",
  "national-day",
  "border-guard-day",
  "vn-china-relations",
  "vn-laos-relations",
  "vn-cambodia-relations",
  "chinese-new-year",
  "china-national-day",
  "mid-autumn-vn",
  "mid-autumn-cn",
  "lao-new-year",
  "lao-national-day",
  "khmer-new-year",
  "cambodia-independence-day",
];

function one(id: string, year: number) {
  const list = holidayOccurrences(id, year);
  expect(list).toHaveLength(1);
  const [o] = list;
  if (o === undefined) throw new Error("no occurrence");
  return { date: o.date, endDate: o.endDate };
}

describe("HOLIDAY_RULES", () => {
  it("has exactly the stable ids, each once", () => {
    expect(HOLIDAY_RULES.map((r) => r.id).sort()).toEqual([...IDS].sort());
  });

  it("names every rule in all five languages", () => {
    for (const r of HOLIDAY_RULES) {
      for (const lang of LANGUAGES) {
        expect(r.name[lang], `${r.id} ${lang}`).toMatch(/\S/);
      }
    }
    expect(holidayRule("tet")?.name.vi).toBe("Tết Nguyên đán");
    expect(holidayRule("hung-kings")?.name.vi).toBe("Giỗ Tổ Hùng Vương");
    expect(holidayRule("reunification-day")?.name.vi).toBe("Ngày Giải phóng miền Nam, thống nhất đất nước");
    expect(holidayRule("labour-day")?.name.vi).toBe("Ngày Quốc tế Lao động");
    expect(holidayRule("national-day")?.name.vi).toBe("Quốc khánh");
    expect(holidayRule("border-guard-day")?.name.vi).toContain("Ngày Biên phòng toàn dân");
    expect(holidayRule("khmer-new-year")?.name.km).toMatch(/[\u1780-\u17FF]/);
    expect(holidayRule("lao-new-year")?.name.lo).toMatch(/[\u0E80-\u0EFF]/);
    expect(holidayRule("nope")).toBeUndefined();
  });

  it("marks the dates a government fixes each year", () => {
    const fixed = HOLIDAY_RULES.filter((r) => r.fixedYearly).map((r) => r.id);
    expect(fixed.sort()).toEqual(["khmer-new-year", "lao-new-year"]);
  });

  it("is frozen", () => {
    expect(Object.isFrozen(HOLIDAY_RULES)).toBe(true);
    expect(Object.isFrozen(HOLIDAY_RULES[0])).toBe(true);
  });
});

describe("holidayOccurrences defaults", () => {
  const cases: [string, number, string, string | undefined][] = [
    ["new-year", 2026, "2026-01-01", undefined],
    ["tet", 2026, "2026-02-17", undefined],
    ["tet", 2007, "2007-02-17", undefined],
    ["tet-holiday", 2026, "2026-02-16", "2026-02-20"],
    ["tet-holiday", 2025, "2025-01-28", "2025-02-01"],
    ["hung-kings", 2026, "2026-04-26", undefined],
    ["hung-kings", 2025, "2025-04-07", undefined],
    ["reunification-day", 2026, "2026-04-30", undefined],
    ["labour-day", 2026, "2026-05-01", undefined],
    ["national-day", 2026, "2026-09-02", "2026-09-03"],
    ["border-guard-day", 2026, "2026-03-03", undefined],
    ["vn-china-relations", 2026, "2026-01-18", undefined],
    ["vn-laos-relations", 2026, "2026-09-05", undefined],
    ["vn-cambodia-relations", 2026, "2026-06-24", undefined],
    ["chinese-new-year", 2007, "2007-02-18", undefined],
    ["chinese-new-year", 2026, "2026-02-17", undefined],
    ["china-national-day", 2026, "2026-10-01", undefined],
    ["mid-autumn-vn", 2025, "2025-10-06", undefined],
    ["mid-autumn-cn", 2025, "2025-10-06", undefined],
    ["mid-autumn-vn", 2026, "2026-09-25", undefined],
    ["lao-new-year", 2026, "2026-04-14", "2026-04-16"],
    ["lao-new-year", 2024, "2024-04-14", "2024-04-16"], // fixed default; the PM's Office announces changes
    ["lao-national-day", 2026, "2026-12-02", undefined],
    ["khmer-new-year", 2026, "2026-04-14", "2026-04-16"],
    ["khmer-new-year", 2024, "2024-04-13", "2024-04-16"], // computed: 4 days (test/unit/khmer-new-year.test.ts)
    ["khmer-new-year", 2020, "2020-04-13", "2020-04-16"],
    ["cambodia-independence-day", 2026, "2026-11-09", undefined],
  ];
  it.each(cases)("%s %i → %s..%s", (id, year, date, endDate) => {
    expect(one(id, year)).toEqual({ date, endDate });
  });

  it("sets endDate only for multi-day occurrences and carries the rule's name", () => {
    const [tet] = holidayOccurrences("tet", 2026);
    expect(tet).toEqual({ id: "tet", date: "2026-02-17", name: holidayRule("tet")?.name });
    expect(tet !== undefined && "endDate" in tet).toBe(false);
  });

  it("produces anniversaries only from their founding year on", () => {
    expect(holidayOccurrences("vn-china-relations", 1949)).toEqual([]);
    expect(one("vn-china-relations", 1950).date).toBe("1950-01-18");
    expect(holidayOccurrences("vn-laos-relations", 1961)).toEqual([]);
    expect(one("vn-laos-relations", 1962).date).toBe("1962-09-05");
    expect(holidayOccurrences("vn-cambodia-relations", 1966)).toEqual([]);
    expect(one("vn-cambodia-relations", 1967).date).toBe("1967-06-24");
    expect(holidayOccurrences("reunification-day", 1974)).toEqual([]);
  });

  it("throws an Error naming an unknown id", () => {
    expect(() => holidayOccurrences("pi-day", 2026)).toThrow(/pi-day/);
    expect(() => holidayOccurrences("tet", 2026.5)).toThrow(RangeError);
  });
});

describe("overrides", () => {
  it("replace the default occurrence of that rule and year only", () => {
    const overrides = [
      { holidayId: "khmer-new-year", year: 2026, date: "2026-04-13", endDate: "2026-04-16" },
      { holidayId: "lao-new-year", year: 2026, date: "2026-04-14", endDate: "2026-04-14" },
      { holidayId: "tet-holiday", year: 2026, date: "2026-02-14", endDate: "2026-02-22" },
    ];
    expect(holidayOccurrences("khmer-new-year", 2026, overrides)).toEqual([
      {
        id: "khmer-new-year",
        date: "2026-04-13",
        endDate: "2026-04-16",
        name: holidayRule("khmer-new-year")?.name,
      },
    ]);
    expect(holidayOccurrences("khmer-new-year", 2027, overrides)[0]?.date).toBe("2027-04-14");
    // endDate equal to date is a one-day occurrence.
    expect(holidayOccurrences("lao-new-year", 2026, overrides)[0]).toEqual({
      id: "lao-new-year",
      date: "2026-04-14",
      name: holidayRule("lao-new-year")?.name,
    });
    expect(one("tet", 2026).date).toBe("2026-02-17");
    expect(holidayOccurrences("tet-holiday", 2026, overrides).map((o) => [o.date, o.endDate])).toEqual([
      ["2026-02-14", "2026-02-22"],
    ]);
  });

  it("apply to rules that are not fixed yearly, and several for one year all apply", () => {
    const overrides = [
      { holidayId: "national-day", year: 2025, date: "2025-09-01", endDate: "2025-09-02" },
      { holidayId: "labour-day", year: 2025, date: "2025-05-02" },
      { holidayId: "labour-day", year: 2025, date: "2025-05-01" },
    ];
    expect(holidayOccurrences("national-day", 2025, overrides).map((o) => [o.date, o.endDate])).toEqual([
      ["2025-09-01", "2025-09-02"],
    ]);
    expect(holidayOccurrences("labour-day", 2025, overrides).map((o) => o.date)).toEqual([
      "2025-05-01",
      "2025-05-02",
    ]);
  });

  it("are checked", () => {
    expect(holidayOverrideProblem({ holidayId: "tet", year: 2026, date: "2026-02-17" })).toBeNull();
    expect(holidayOverrideProblem({ holidayId: "tet", year: 2026, date: "2026-02-31" })).toMatch(/date/);
    const backwards = { holidayId: "tet-holiday", year: 2026, date: "2026-02-20", endDate: "2026-02-16" };
    expect(holidayOverrideProblem(backwards)).toMatch(/before/);
    expect(() => holidayOccurrences("tet-holiday", 2026, [backwards])).toThrow(RangeError);
    // An override for an unknown rule is not used by anything.
    const stray = [{ holidayId: "pi-day", year: 2026, date: "2026-03-14" }];
    expect(calendarForYear(2026, stray)).toEqual(calendarForYear(2026));
  });
});

describe("calendarForYear", () => {
  it("is sorted by date and holds every id once", () => {
    for (const year of [1900, 1949, 1950, 1975, 2007, 2026, 2033, 2099, 2100]) {
      const list = calendarForYear(year);
      const dates = list.map((o) => o.date);
      expect(dates).toEqual([...dates].sort());
      const ids = list.map((o) => o.id);
      expect(new Set(ids).size).toBe(ids.length);
      const expected = HOLIDAY_RULES.filter((r) => r.since === undefined || r.since <= year).map((r) => r.id);
      expect([...ids].sort()).toEqual(expected.sort());
      for (const o of list) {
        expect(o.date.startsWith(`${year}-`)).toBe(true);
        if (o.endDate !== undefined) expect(o.endDate > o.date).toBe(true);
      }
    }
    expect(calendarForYear(2026)).toHaveLength(IDS.length);
  });

  it("carries the Songkran moment on the computed Khmer New Year only", () => {
    const list = calendarForYear(2024);
    expect(list.filter((o) => o.moment !== undefined).map((o) => [o.id, o.moment])).toEqual([
      ["khmer-new-year", Date.parse("2024-04-13T15:24:00.000Z")],
    ]);
  });

  it("applies overrides and stays sorted", () => {
    const overrides = [{ holidayId: "lao-new-year", year: 2026, date: "2026-04-01", endDate: "2026-04-03" }];
    const list = calendarForYear(2026, overrides);
    const dates = list.map((o) => o.date);
    expect(dates).toEqual([...dates].sort());
    expect(list.find((o) => o.id === "lao-new-year")?.date).toBe("2026-04-01");
  });
});

describe("holidaysOn", () => {
  const ids = (iso: string, overrides?: Parameters<typeof holidaysOn>[1]) =>
    holidaysOn(iso, overrides).map((o) => o.id);

  it("finds single- and multi-day occurrences", () => {
    expect(ids("2026-02-17")).toEqual(["tet-holiday", "tet", "chinese-new-year"]);
    expect(ids("2026-02-16")).toEqual(["tet-holiday"]);
    expect(ids("2026-02-20")).toEqual(["tet-holiday"]);
    expect(ids("2026-02-21")).toEqual([]);
    expect(ids("2026-09-03")).toEqual(["national-day"]);
    expect(ids("2026-04-15")).toEqual(["lao-new-year", "khmer-new-year"]);
    expect(ids("2007-02-17")).toEqual(["tet-holiday", "tet"]);
    expect(ids("2007-02-18")).toEqual(["tet-holiday", "chinese-new-year"]);
    expect(ids("2026-07-14")).toEqual([]);
  });

  it("covers a span that started in the previous year", () => {
    const overrides = [{ holidayId: "new-year", year: 2025, date: "2025-12-31", endDate: "2026-01-02" }];
    expect(ids("2026-01-02", overrides)).toEqual(["new-year"]);
    // 2026's own New Year's Day is still there too.
    expect(ids("2026-01-01", overrides)).toEqual(["new-year", "new-year"]);
    const both = holidaysOn("2026-01-01", overrides);
    expect(both.map((o) => [o.date, o.endDate])).toEqual([
      ["2025-12-31", "2026-01-02"],
      ["2026-01-01", undefined],
    ]);
    expect(ids("2026-01-03", overrides)).toEqual([]);
  });

  it("uses overrides instead of defaults", () => {
    const overrides = [
      { holidayId: "khmer-new-year", year: 2026, date: "2026-04-13", endDate: "2026-04-16" },
    ];
    expect(ids("2026-04-13", overrides)).toEqual(["khmer-new-year"]);
    expect(ids("2026-04-13")).toEqual([]);
  });

  it("rejects invalid dates", () => {
    expect(() => holidaysOn("2026-02-29")).toThrow(RangeError);
  });
});
