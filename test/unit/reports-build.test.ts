import { describe, expect, it } from "vitest";
import { buildReport, programKeyOf, type ReportInput } from "../../controller/src/reports/build.js";
import { reportCsv } from "../../controller/src/reports/csv.js";
import { REPORT_STYLE_HASH, reportHtml } from "../../controller/src/reports/html.js";
import { currentHalfYear, parsePeriod, periodOf } from "../../controller/src/reports/period.js";
import { gateReportInput } from "../../controller/src/reports/records.js";
import { openDatabase } from "../../controller/src/store/database.js";
import { tempDir } from "../helpers/fixtures.js";

const H = 3_600_000;
const period = periodOf("2026-07-01", "2026-12-31");
const start = Date.parse(period.startsAt); // 2026-07-01T00:00+07:00
const at = (hours: number) => new Date(start + hours * H).toISOString();

function input(overrides: Partial<ReportInput> = {}): ReportInput {
  return {
    gate: { id: "cau-treo", name: "Cửa khẩu quốc tế Cầu Treo" },
    source: "gate",
    period,
    generatedAt: start + 1000 * H,
    observedUntil: start + 1000 * H,
    plays: [],
    lastPlayEnd: null,
    skips: [],
    lastSkipAt: null,
    sessions: [],
    signEvents: [],
    signs: [{ id: "gate-sign", name: "Bảng LED cổng" }],
    screens: [],
    labels: {
      programs: new Map([["central:lao-2027", "Pi Mai Lao 2027"]]),
      items: new Map([["welcome", "Chào mừng"]]),
    },
    ...overrides,
  };
}

describe("periods", () => {
  it("are whole gate-local days, the half-year by default, whatever the server's TZ", () => {
    expect(period.startsAt).toBe("2026-06-30T17:00:00.000Z");
    expect(period.endsAt).toBe("2026-12-31T17:00:00.000Z");
    // 23:30 on 30 June in Hà Nội is still the first half-year; 00:30 on 1 July is the second.
    expect(currentHalfYear(Date.parse("2026-06-30T23:30:00+07:00")).from).toBe("2026-01-01");
    expect(currentHalfYear(Date.parse("2026-07-01T00:30:00+07:00")).from).toBe("2026-07-01");
    expect(parsePeriod({ from: "2026-03-01" }, 0).to).toBe("2026-08-30");
    expect(() => parsePeriod({ from: "2026-03-01", to: "2026-02-01" }, 0)).toThrow(/ends before it starts/);
    expect(() => parsePeriod({ from: "2026-02-30" }, 0)).toThrow(/not a date/);
    expect(() => parsePeriod({ from: "2025-01-01", to: "2026-12-31" }, 0)).toThrow(/at most 400 days/);
  });
});

/** Plays as a kiosk stores them, summed by the database as a report reads them. */
function fromDatabase(
  plays: {
    itemId: string;
    origin: string | null;
    language: string | null;
    startedAt: string;
    durationMs: number;
  }[],
): ReportInput {
  const db = openDatabase(tempDir());
  const insert = db.prepare(
    `INSERT INTO proof_of_play (device_id, channel_id, item_id, schedule_id, started_at, duration_ms, received_at, language, origin)
     VALUES ('kiosk-1', 'hall', ?, NULL, ?, ?, ?, ?, ?)`,
  );
  for (const p of plays) insert.run(p.itemId, p.startedAt, p.durationMs, p.startedAt, p.language, p.origin);
  const site = { id: "cau-treo", name: { vi: "Cửa khẩu quốc tế Cầu Treo" }, signs: [], screens: [] };
  return gateReportInput(db, site, period, start + 1000 * H);
}

describe("what kiosks showed", () => {
  it("counts hours per program, language and item, clipped to the period", () => {
    const { plays, lastPlayEnd } = fromDatabase([
      {
        itemId: "p-lao-2027-greeting",
        origin: "central:lao-2027",
        language: "lo",
        startedAt: at(10),
        durationMs: 2 * H,
      },
      {
        itemId: "p-lao-2027-greeting",
        origin: "central:lao-2027",
        language: "vi",
        startedAt: at(20),
        durationMs: H,
      },
      { itemId: "welcome", origin: "pack:cau-treo", language: "vi", startedAt: at(30), durationMs: H / 2 },
      { itemId: "note", origin: "operator", language: "en", startedAt: at(40), durationMs: H / 4 },
      { itemId: "emergency:storm", origin: "emergency", language: null, startedAt: at(50), durationMs: H },
      // Half of it before the period: only the half inside counts.
      { itemId: "welcome", origin: "pack:cau-treo", language: "vi", startedAt: at(-1), durationMs: 2 * H },
      // Wholly before it, and after what is observed: not counted.
      { itemId: "welcome", origin: "pack:cau-treo", language: "vi", startedAt: at(-5), durationMs: H },
      { itemId: "welcome", origin: "pack:cau-treo", language: "vi", startedAt: at(1001), durationMs: H },
      // Written with an offset: the same instant, in the window.
      {
        itemId: "note",
        origin: "operator",
        language: "en",
        startedAt: "2026-07-02T23:00:00.000+07:00",
        durationMs: 0,
      },
    ]);
    const report = buildReport(input({ plays, lastPlayEnd }));
    const k = report.shown.kiosks;
    expect(k.totalHours).toBe(5.75);
    expect(k.byProgram).toEqual([
      { key: "central:lao-2027", label: "Pi Mai Lao 2027", hours: 3, plays: 2 },
      { key: "pack", label: "pack", hours: 1.5, plays: 2 },
      { key: "emergency", label: "emergency", hours: 1, plays: 1 },
      { key: "gate", label: "gate", hours: 0.25, plays: 2 },
    ]);
    expect(k.byLanguage.map((r) => [r.key, r.hours])).toEqual([
      ["vi", 2.5],
      ["lo", 2],
      ["*", 1],
      ["en", 0.25],
    ]);
    expect(k.topItems[0]).toMatchObject({ key: "p-lao-2027-greeting", hours: 3 });
    expect(k.topItems.find((r) => r.key === "welcome")?.label).toBe("Chào mừng");
    expect(report.lastRecordAt).toBe(at(51));
  });

  it("names a program by its origin, even for items that are gone", () => {
    expect(programKeyOf("emergency:x", null)).toBe("emergency");
    expect(programKeyOf("p-tet-x", "central:tet")).toBe("central:tet");
    expect(programKeyOf("welcome", "pack:cau-treo")).toBe("pack");
    expect(programKeyOf("note", "operator")).toBe("gate");
    expect(programKeyOf("old", null)).toBe("gate");
  });
});

describe("kiosk use", () => {
  it("counts sessions by language, categories and items opened, with the median length", () => {
    const session = (h: number, seconds: number, language: string, pages: string[]) => ({
      startedAt: at(h),
      endedAt: new Date(Date.parse(at(h)) + seconds * 1000).toISOString(),
      language,
      pages,
    });
    const report = buildReport(
      input({
        sessions: [
          session(1, 60, "lo", ["languages", "category:customs", "item:allowances"]),
          session(2, 120, "lo", ["category:customs", "category:hours"]),
          session(3, 30, "vi", ["category:hours", "item:allowances", "item:opening"]),
          session(-5, 30, "vi", ["category:news"]),
        ],
      }),
    );
    expect(report.kioskUse).toEqual({
      sessions: 3,
      totalMinutes: 3.5,
      medianSeconds: 60,
      byLanguage: [
        { language: "lo", sessions: 2, minutes: 3 },
        { language: "vi", sessions: 1, minutes: 0.5 },
      ],
      byCategory: [
        { category: "customs", opens: 2 },
        { category: "hours", opens: 2 },
      ],
      topItems: [
        { itemId: "allowances", label: "allowances", opens: 2 },
        { itemId: "opening", label: "opening", opens: 1 },
      ],
    });
  });
});

describe("signs", () => {
  const frames = [
    { itemId: "welcome", language: "vi", share: 0.5, origin: "pack:cau-treo" },
    { itemId: "welcome", language: "lo", share: 0.5, origin: "pack:cau-treo" },
  ];

  it("counts uptime and outages from the log, and what they held while they answered", () => {
    const report = buildReport(
      input({
        signEvents: [
          // Before the period: online, holding the welcome in two languages.
          { signId: "gate-sign", at: at(-10), kind: "online", detail: {} },
          { signId: "gate-sign", at: at(-10), kind: "showing", detail: { frames } },
          { signId: "gate-sign", at: at(100), kind: "offline", detail: { reason: "disconnected" } },
          // Still out, for another reason: one outage.
          { signId: "gate-sign", at: at(101), kind: "offline", detail: { reason: "not answering" } },
          { signId: "gate-sign", at: at(104), kind: "online", detail: {} },
          { signId: "gate-sign", at: at(104), kind: "showing", detail: { frames } },
          // The controller was stopped for 6 hours: neither up nor down.
          { signId: "gate-sign", at: at(200), kind: "stopped", detail: {} },
          { signId: "gate-sign", at: at(206), kind: "online", detail: {} },
          {
            signId: "gate-sign",
            at: at(206),
            kind: "showing",
            detail: { frames: [{ itemId: "welcome", language: "vi", share: 1, origin: "pack:cau-treo" }] },
          },
          { signId: "gate-sign", at: at(900), kind: "offline", detail: { reason: "cable" } },
        ],
      }),
    );
    const [sign] = report.signs;
    expect(sign).toMatchObject({
      id: "gate-sign",
      name: "Bảng LED cổng",
      hoursObserved: 994,
      hoursOnline: 890,
      hoursOffline: 104,
      uptimePercent: 89.5,
    });
    expect(sign?.outages).toEqual([
      { startedAt: at(100), endedAt: at(104), hours: 4, reason: "disconnected" },
      // Still out where the records stop (the period goes on): no end.
      { startedAt: at(900), endedAt: null, hours: 100, reason: "cable" },
    ]);
    // 100 h + 96 h at half and half, then 694 h in Vietnamese only.
    expect(report.shown.signs.byLanguage.map((r) => [r.key, r.hours])).toEqual([
      ["vi", 792],
      ["lo", 98],
    ]);
    expect(report.shown.signs.byProgram).toEqual([{ key: "pack", label: "pack", hours: 890, plays: 3 }]);
  });

  it("lists a configured sign with no records as not observed, and an outage cut by the period's end as ended", () => {
    const report = buildReport(
      input({
        observedUntil: Date.parse(period.endsAt) + 50 * H,
        signs: [
          { id: "gate-sign", name: "Bảng LED cổng" },
          { id: "hall-sign", name: "Bảng LED sảnh" },
        ],
        signEvents: [{ signId: "gate-sign", at: at(4000), kind: "offline", detail: { reason: "cable" } }],
      }),
    );
    expect(report.signs[1]).toMatchObject({
      id: "hall-sign",
      hoursObserved: 0,
      uptimePercent: null,
      outages: [],
    });
    expect(report.signs[0]?.outages).toEqual([
      { startedAt: at(4000), endedAt: period.endsAt, hours: 416, reason: "cable" },
    ]);
  });
});

describe("renderings", () => {
  const report = buildReport(
    input({
      plays: [
        {
          channelId: "hall",
          itemId: "p-lao-2027-greeting",
          origin: "central:lao-2027",
          language: "lo",
          ms: 1.25 * H,
          plays: 1,
        },
        { channelId: "hall", itemId: "=cmd", origin: "operator", language: "vi", ms: H, plays: 1 },
      ],
      labels: {
        programs: new Map([["central:lao-2027", "Pi Mai <Lao>, 2027"]]),
        items: new Map([["=cmd", '=HYPERLINK("x")']]),
      },
    }),
  );

  it("CSV: one fact a row, a BOM, formulas defused, commas quoted", () => {
    const csv = reportCsv(report);
    expect(csv.startsWith("\uFEFFsection,key,label,hours,count,from,to,note\r\n")).toBe(true);
    expect(csv).toContain(
      'kiosk_shown_program,central:lao-2027,"Chương trình: Pi Mai <Lao>, 2027",1.25,1,,,\r\n',
    );
    expect(csv).toContain('kiosk_shown_item,\'=cmd,"\'=HYPERLINK(""x"")",1,1,,,\r\n');
    expect(csv).toContain("kiosk_shown_language,lo,Tiếng Lào,1.25,1,,,\r\n");
    expect(csv).toContain(
      "sign_uptime,gate-sign,Bảng LED cổng,0,0,,,uptime n/a; observed 0 h; offline 0 h\r\n",
    );
  });

  it("HTML: a Vietnamese administrative report, escaped, with its style allowed by hash", () => {
    const html = reportHtml(report);
    expect(html).toContain('<html lang="vi">');
    expect(html).toContain("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    expect(html).toContain("6 tháng cuối năm 2026");
    expect(html).toContain("Chương trình: Pi Mai &lt;Lao&gt;, 2027");
    expect(html).not.toContain("<Lao>");
    // Vietnamese decimals: 1,3 hours (1.25 rounded to one decimal).
    expect(html).toMatch(/<td class="n">1,3<\/td>/);
    expect(html).toContain("Cửa khẩu quốc tế Cầu Treo".toUpperCase());
    expect(html).not.toMatch(/<script/i);
    expect(REPORT_STYLE_HASH).toMatch(/^sha256-[A-Za-z0-9+/]{43}=$/);
  });
});
