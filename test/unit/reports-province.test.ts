/**
 * The province's report (reports/province.ts) and the charts (reports/charts.ts): totals are the sum of
 * the gates' sections, coverage names the days a gate's uploads miss, the period before is compared,
 * and the charts are well-formed SVG with nothing a strict CSP would refuse, their tables the series'
 * numbers.
 */
import { describe, expect, it } from "vitest";
import { CHART_KINDS, type GateReport, PROVINCE_METRICS } from "../../controller/src/contract/reports.js";
import { buildReport, type ReportInput, weeksOf } from "../../controller/src/reports/build.js";
import { chartSvg, chartTable } from "../../controller/src/reports/charts.js";
import { REPORT_STYLE_HASH, reportHtml } from "../../controller/src/reports/html.js";
import { PeriodError, periodOf } from "../../controller/src/reports/period.js";
import {
  buildProvinceReport,
  changeOf,
  coverageOf,
  parseProvincePeriod,
  previousPeriodOf,
} from "../../controller/src/reports/province.js";
import { provinceCsv } from "../../controller/src/reports/province-csv.js";
import { PROVINCE_STYLE_HASH, provinceHtml } from "../../controller/src/reports/province-html.js";
import { openDatabase } from "../../controller/src/store/database.js";
import { readReportRecords } from "../../controller/src/store/reports-repo.js";
import { tempDir } from "../helpers/fixtures.js";

const H = 3_600_000;
const period = periodOf("2026-01-01", "2026-06-30");
const start = Date.parse(period.startsAt);
const at = (hours: number) => new Date(start + hours * H).toISOString();
const WEEK = 7 * 24;

/** A gate's records, at the same hours of `p` (the report's period, or the one before). */
function input(gate: string, scale: number, p = period): ReportInput {
  const start = Date.parse(p.startsAt);
  const at = (hours: number) => new Date(start + hours * H).toISOString();
  return {
    gate: { id: gate, name: `Cửa khẩu ${gate}` },
    source: "central",
    period: p,
    generatedAt: start + 5000 * H,
    observedUntil: start + 4000 * H,
    plays: [
      {
        channelId: "hall",
        itemId: "welcome",
        origin: "pack:x",
        language: "vi",
        ms: 3 * H * scale,
        plays: 10,
        week: 0,
      },
      {
        channelId: "hall",
        itemId: "welcome",
        origin: "pack:x",
        language: "lo",
        ms: 2 * H * scale,
        plays: 5,
        week: 2,
      },
      {
        channelId: "wall",
        itemId: "p-tet-v",
        origin: "central:tet",
        language: "vi",
        ms: 1 * H,
        plays: 1,
        week: 3,
      },
      {
        channelId: "hall",
        itemId: "emergency:flood",
        origin: null,
        language: null,
        ms: H / 2,
        plays: 1,
        week: 25,
      },
    ],
    lastPlayEnd: start + 3000 * H,
    skips: [{ channelId: "wall", itemId: "p-tet-v", reason: "stalled", count: scale }],
    lastSkipAt: start + 10 * H,
    sessions: [
      { startedAt: at(1), endedAt: at(1.5), language: "en", pages: ["category:customs"] },
      { startedAt: at(WEEK + 1), endedAt: at(WEEK + 1.25), language: "vi", pages: [] },
      { startedAt: at(WEEK + 2), endedAt: at(WEEK + 2.25), language: "vi", pages: [] },
    ],
    signEvents: [
      { signId: "s1", at: at(0), kind: "online", detail: {} },
      {
        signId: "s1",
        at: at(0),
        kind: "showing",
        detail: { frames: [{ itemId: "welcome", language: "vi", share: 1, origin: "pack:x" }] },
      },
      // Offline across the end of the first week: 10 h, 6 of them in week 1.
      { signId: "s1", at: at(WEEK - 4), kind: "offline", detail: { reason: "disconnected" } },
      { signId: "s1", at: at(WEEK + 6), kind: "online", detail: {} },
    ],
    signs: [{ id: "s1", name: "Bảng cổng" }],
    screens: [{ id: "wall", name: "Màn hình lớn" }],
    labels: { programs: new Map([["central:tet", "Tết 2026"]]), items: new Map() },
  };
}

const previous = previousPeriodOf(period);

function twoGates() {
  const sections = [buildReport(input("cau-treo", 1)), buildReport(input("vung-ang", 2))];
  const before = [
    buildReport({ ...input("cau-treo", 1, previous), plays: [], sessions: [], signEvents: [] }),
    buildReport(input("vung-ang", 3, previous)),
  ];
  const days = (gate: string, dates: string[]) => ({
    gate: { id: gate, name: `Cửa khẩu ${gate}` },
    days: dates,
    lastRecordAt: at(4000),
  });
  const all = weeksOf(period).flatMap((w) => {
    const out: string[] = [];
    for (let d = w.from; d <= w.to; d = new Date(Date.parse(d) + 86_400_000).toISOString().slice(0, 10))
      out.push(d);
    return out;
  });
  return buildProvinceReport({
    period,
    previousPeriod: previous,
    generatedAt: start + 5000 * H,
    knownUntil: "2026-12-01",
    gates: sections.map((s) => s.gate),
    sections,
    previous: before,
    recordDays: [
      days("cau-treo", all),
      days(
        "vung-ang",
        all.filter((d) => d < "2026-02-10" || d > "2026-02-14"),
      ),
    ],
    previousRecordDays: [days("cau-treo", []), days("vung-ang", [])],
  });
}

describe("a gate's weekly series", () => {
  it("puts plays in their week, splits a sign's time at the week's end, counts sessions per week", () => {
    const r = buildReport(input("cau-treo", 1));
    const w = r.weekly;
    if (!w) throw new Error("no weekly series");
    expect(w.weeks.length).toBe(26); // 181 days
    expect(w.weeks[0]).toEqual({ from: "2026-01-01", to: "2026-01-07" });
    expect(w.weeks.at(-1)).toEqual({ from: "2026-06-25", to: "2026-06-30" });
    const vi = w.hoursByLanguage.find((s) => s.key === "vi")?.values ?? [];
    // Week 0: the kiosk's 3 h, and the sign's 164 h online before the outage (168 − 4).
    expect(vi[0]).toBe(167);
    // Week 1: the sign back online 6 h into it, to the week's end: 162 h.
    expect(vi[1]).toBe(162);
    expect(vi[3]).toBe(1 + 168);
    expect(w.hoursByLanguage.find((s) => s.key === "lo")?.values[2]).toBe(2);
    expect(w.hoursByLanguage.find((s) => s.key === "*")?.values[25]).toBe(0.5);
    expect(w.kioskSessionsByLanguage.find((s) => s.key === "vi")?.values.slice(0, 2)).toEqual([0, 2]);
    // Every hour shown is in some week, and the weeks hold no more.
    const weekly = w.hoursByLanguage.flatMap((s) => s.values).reduce((t, v) => t + v, 0);
    const shown = r.shown.kiosks.totalHours + r.shown.signs.totalHours + r.shown.screens.totalHours;
    expect(weekly).toBeCloseTo(shown, 1);
    const byProgram = w.hoursByProgram.flatMap((s) => s.values).reduce((t, v) => t + v, 0);
    expect(byProgram).toBeCloseTo(shown, 1);
    expect(w.hoursByProgram.find((s) => s.key === "central:tet")?.label).toBe("Tết 2026");
  });
});

describe("the province's report", () => {
  it("gives totals that are the sum of the gates' sections, each beside the period before", () => {
    const p = twoGates();
    const [a, b] = p.sections as [GateReport, GateReport];
    const total = (metric: string) => p.totals.find((t) => t.metric === metric);
    expect(p.totals.map((t) => t.metric)).toEqual([...PROVINCE_METRICS]);
    expect(total("shown_hours_kiosks")?.value).toBeCloseTo(
      a.shown.kiosks.totalHours + b.shown.kiosks.totalHours,
      2,
    );
    expect(total("shown_hours_signs")?.value).toBeCloseTo(
      a.shown.signs.totalHours + b.shown.signs.totalHours,
      2,
    );
    expect(total("shown_hours_screens")?.value).toBeCloseTo(
      a.shown.screens.totalHours + b.shown.screens.totalHours,
      2,
    );
    expect(total("kiosk_sessions")?.value).toBe(a.kioskUse.sessions + b.kioskUse.sessions);
    expect(total("screen_skips")?.value).toBe(3);
    expect(total("sign_outages")?.value).toBe(2);
    expect(total("sign_hours_offline")?.value).toBe(20);
    const language = (key: string) => p.shownByLanguage.find((r) => r.key === key)?.hours;
    const sumOf = (key: string) =>
      [a, b]
        .flatMap((s) => [s.shown.kiosks, s.shown.signs, s.shown.screens])
        .flatMap((s) => s.byLanguage)
        .filter((r) => r.key === key)
        .reduce((t, r) => t + r.hours, 0);
    expect(language("vi")).toBeCloseTo(sumOf("vi"), 2);
    expect(p.kioskUseByLanguage.find((l) => l.language === "vi")?.sessions).toBe(4);
    // The province's weekly series: the gates' added up.
    const lo = (r: { weekly?: { hoursByLanguage: { key: string; values: number[] }[] } }) =>
      r.weekly?.hoursByLanguage.find((s) => s.key === "lo")?.values[2] ?? 0;
    expect(lo(p)).toBe(lo(a) + lo(b));
    // The period before: the half-year before; the cau-treo gate showed nothing then.
    expect(p.previousPeriod).toMatchObject({ from: "2025-07-01", to: "2025-12-31" });
    expect(total("kiosk_sessions")).toMatchObject({ value: 6, previous: 3, change: "up" });
    expect(total("screen_skips")).toMatchObject({ value: 3, previous: 4, change: "down" });
    expect(total("sign_outages")).toMatchObject({ value: 2, previous: 1, change: "up" });
    expect(changeOf(5, 5)).toBe("same");
    expect(changeOf(null, 5)).toBeNull();
    expect(p.sections).toEqual([buildReport(input("cau-treo", 1)), buildReport(input("vung-ang", 2))]);
  });

  it("names the gates whose uploads miss days of the period, with the days they cover", () => {
    const p = twoGates();
    expect(p.coverage[0]).toMatchObject({ complete: true, days: 181, daysCovered: 181, missing: [] });
    expect(p.coverage[1]).toMatchObject({
      gate: { id: "vung-ang" },
      complete: false,
      days: 181,
      daysCovered: 176,
      covered: [
        { from: "2026-01-01", to: "2026-02-09" },
        { from: "2026-02-15", to: "2026-06-30" },
      ],
      missing: [{ from: "2026-02-10", to: "2026-02-14" }],
    });
    // Days not come yet are not missing: a period still running is counted to today.
    const running = coverageOf(
      { gate: { id: "g", name: "G" }, days: ["2026-01-01"], lastRecordAt: null },
      period,
      "2026-01-03",
    );
    expect(running).toMatchObject({
      days: 3,
      daysCovered: 1,
      missing: [{ from: "2026-01-02", to: "2026-01-03" }],
    });
    expect(p.previousCoverage.every((c) => !c.complete && c.daysCovered === 0)).toBe(true);
    const html = provinceHtml(p, "Văn phòng trung tâm Hà Tĩnh");
    expect(html).toContain("Số liệu chưa đầy đủ");
    expect(html).toContain(
      "Cửa khẩu vung-ang: có số liệu 01/01/2026–09/02/2026, 15/02/2026–30/06/2026 (176/181 ngày)",
    );
    expect(html).toContain("▲ Tăng");
    expect(PROVINCE_STYLE_HASH).toBe(REPORT_STYLE_HASH);
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)];
    expect(styles).toHaveLength(1);
    expect(html).not.toMatch(/<script|\sstyle=/);
  });

  it("says which period comes before, and refuses a backwards or over-long one naming query.from", () => {
    expect(previousPeriodOf(periodOf("2026-07-01", "2026-12-31"))).toMatchObject({
      from: "2026-01-01",
      to: "2026-06-30",
    });
    expect(previousPeriodOf(periodOf("2026-01-01", "2026-12-31"))).toMatchObject({
      from: "2025-01-01",
      to: "2025-12-31",
    });
    expect(previousPeriodOf(periodOf("2026-03-10", "2026-03-19"))).toMatchObject({
      from: "2026-02-28",
      to: "2026-03-09",
    });
    expect(parseProvincePeriod({ from: "2021-01-01", to: "2025-12-31" }, 0).to).toBe("2025-12-31");
    const refused = (q: { from: string; to: string }) => {
      try {
        parseProvincePeriod(q, 0);
      } catch (error) {
        return error instanceof PeriodError ? error.field : "other";
      }
      return "accepted";
    };
    expect(refused({ from: "2021-01-01", to: "2026-01-01" })).toBe("from");
    expect(refused({ from: "2024-02-29", to: "2029-02-28" })).toBe("accepted");
    expect(refused({ from: "2024-02-29", to: "2029-03-01" })).toBe("from");
    expect(refused({ from: "2026-05-01", to: "2026-04-30" })).toBe("from");
    // Six years or five and a day: the same limit, said the same way.
    for (const to of ["2026-12-31", "2026-01-01"]) {
      expect(() => parseProvincePeriod({ from: "2021-01-01", to }, 0)).toThrow(
        "a report covers at most 5 years",
      );
    }
  });

  it("keeps one fact a row in its CSV, for the province and every gate", () => {
    const csv = provinceCsv(twoGates());
    const lines = csv
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n");
    expect(lines[0]).toBe("gate,metric,key,label,value");
    expect(lines.every((l) => l.split(",").length >= 5)).toBe(true);
    expect(lines).toContain("province,kiosk_sessions,,,6");
    expect(lines).toContain("province,previous_kiosk_sessions,,,3");
    expect(lines).toContain("vung-ang,coverage_missing_days,2026-02-10/2026-02-14,Cửa khẩu vung-ang,5");
    expect(lines).toContain("cau-treo,kiosk_sessions_count,,,3");
    expect(lines.some((l) => l.startsWith("vung-ang,sign_outage_hours,s1@"))).toBe(true);
    expect(lines).toContain("province,weekly_hours_language,lo@2026-01-15,Tiếng Lào,6");
  });
});

describe("the central office's plays per day", () => {
  it("give the same sums as the rows they stand for, clipped at the period's edges, and follow pruning", () => {
    const db = openDatabase(tempDir());
    const month = periodOf("2026-01-01", "2026-01-31");
    const lo = Date.parse(month.startsAt);
    // Known up to 10:37 on 25 January: the last days are clipped, read from the rows.
    const hi = lo + 24 * 86_400_000 + 10.6 * H;
    const gate = db.prepare(
      `INSERT INTO proof_of_play (device_id, channel_id, item_id, schedule_id, started_at, duration_ms, received_at, language, origin)
       VALUES (@device, @channel, @item, NULL, @at, @ms, @at, @language, @origin)`,
    );
    const central = db.prepare(
      `INSERT INTO central_plays (gate_id, device_id, channel_id, item_id, schedule_id, origin, language, started_at, duration_ms, received_at)
       VALUES ('g', @device, @channel, @item, NULL, @origin, @language, @at, @ms, @at)`,
    );
    // Plays from the day before the period to the day after, some a whole day long (across its edges).
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    db.transaction(() => {
      for (let i = 0; i < 3000; i++) {
        const row = {
          device: `k-${i}`,
          channel: random() < 0.3 ? "wall" : "hall",
          item: `item-${Math.floor(random() * 5)}`,
          at: new Date(lo - 86_400_000 + Math.floor(random() * 33 * 86_400_000)).toISOString(),
          ms: random() < 0.05 ? 86_400_000 : random() < 0.05 ? 0 : Math.floor(random() * 3 * H),
          language: random() < 0.2 ? null : random() < 0.5 ? "vi" : "lo",
          origin: random() < 0.3 ? null : "pack:x",
        };
        gate.run(row);
        central.run(row);
      }
    })();
    const window = {
      since: new Date(lo - 86_400_000).toISOString(),
      startsAt: month.startsAt,
      endsAt: month.endsAt,
      lo,
      hi,
    };
    const sums = (source: Parameters<typeof readReportRecords>[1]) => {
      const read = readReportRecords(db, source, window);
      const byKey = new Map<string, { ms: number; plays: number }>();
      for (const p of read.plays) {
        const key = [p.channelId, p.itemId, p.origin, p.language, p.week].join("|");
        const sum = byKey.get(key) ?? { ms: 0, plays: 0 };
        sum.ms += p.ms;
        sum.plays += p.plays;
        byKey.set(key, sum);
      }
      return { byKey: Object.fromEntries([...byKey].sort()), last: read.lastPlayEnd };
    };
    const fromRows = sums({ kind: "gate" });
    expect(Object.keys(fromRows.byKey).length).toBeGreaterThan(50);
    expect(sums({ kind: "central", gate: "g" })).toEqual(fromRows);
    // Pruning the oldest rows takes them from the sums too.
    const cut = new Date(lo + 5 * 86_400_000).toISOString();
    db.prepare("DELETE FROM proof_of_play WHERE started_at < ?").run(cut);
    db.prepare("DELETE FROM central_plays WHERE started_at < ?").run(cut);
    expect(sums({ kind: "central", gate: "g" })).toEqual(sums({ kind: "gate" }));
    db.close();
  });
});

/** A small XML well-formedness check: tags nest, attributes are quoted, text holds no raw `<` or stray `&`. */
function parseXml(text: string): { name: string; attrs: Record<string, string>; text: string }[] {
  type Element = { name: string; attrs: Record<string, string>; text: string };
  const elements: Element[] = [];
  const stack: Element[] = [];
  const token = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  let index = 0;
  while (index < text.length) {
    token.lastIndex = index;
    const m = token.exec(text);
    if (!m) throw new Error(`not well-formed at ${index}: ${text.slice(index, index + 40)}`);
    index = token.lastIndex;
    const [, closing, name, attrText, selfClosing, chars] = m;
    if (chars !== undefined) {
      if (/&(?!(amp|lt|gt|quot|#\d+);)/.test(chars)) throw new Error(`stray & in ${chars}`);
      const top = stack.at(-1);
      if (top) top.text += chars;
      continue;
    }
    if (closing) {
      if (stack.pop()?.name !== name) throw new Error(`</${name}> closes nothing`);
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of (attrText ?? "").matchAll(/([\w:-]+)="([^"]*)"/g)) {
      if (a[1] && a[1] in attrs) throw new Error(`attribute ${a[1]} twice`);
      attrs[a[1] as string] = a[2] as string;
    }
    const element = { name: name as string, attrs, text: "" };
    elements.push(element);
    if (!selfClosing) stack.push(element);
  }
  if (stack.length > 0) throw new Error(`unclosed ${stack.map((e) => e.name).join(" ")}`);
  return elements;
}

/** "1.234,5" (vi-VN) → 1234.5 */
const viNumber = (text: string) => Number(text.replaceAll(".", "").replace(",", "."));

describe("the charts", () => {
  const gate = buildReport(input("cau-treo", 1));
  const province = twoGates();

  it("are well-formed SVG with a title and a description, and nothing a strict CSP refuses", () => {
    for (const report of [gate, province]) {
      for (const kind of CHART_KINDS) {
        const svg = chartSvg(kind, report);
        const elements = parseXml(svg.trim());
        expect(elements[0]?.name).toBe("svg");
        expect(elements[0]?.attrs.xmlns).toBe("http://www.w3.org/2000/svg");
        expect(elements[1]?.name).toBe("title");
        expect(elements[2]?.name).toBe("desc");
        expect(elements[1]?.text.length).toBeGreaterThan(10);
        const names = new Set(elements.map((e) => e.name));
        expect(
          [...names].filter((n) => !["svg", "title", "desc", "rect", "line", "text"].includes(n)),
        ).toEqual([]);
        expect(
          elements.some((e) => "style" in e.attrs || Object.keys(e.attrs).some((a) => a.startsWith("on"))),
        ).toBe(false);
      }
    }
    // Nothing to draw is said, in a chart that is still an image.
    const empty = buildReport({
      ...input("g", 1),
      plays: [],
      sessions: [],
      signEvents: [],
      signs: [],
      skips: [],
    });
    expect(parseXml(chartSvg("kiosk-use-by-language", empty).trim())[2]?.text).toBe(
      "Không có số liệu trong kỳ.",
    );
  });

  it("give the series' numbers in their tables, week by week", () => {
    const table = chartTable("hours-by-language", gate);
    const series = gate.weekly?.hoursByLanguage ?? [];
    expect(table.head).toEqual([
      "Tuần",
      ...series.map((s) =>
        s.key === "vi" ? "Tiếng Việt" : s.key === "lo" ? "Tiếng Lào" : "Mọi ngôn ngữ (thông báo khẩn)",
      ),
      "Tổng",
    ]);
    expect(table.rows).toHaveLength(26);
    table.rows.forEach((row, w) => {
      expect(row[0]).toMatch(/^\d\d\/\d\d–\d\d\/\d\d\/2026$/);
      series.forEach((s, i) => {
        expect(viNumber(row[i + 1] as string)).toBeCloseTo(s.values[w] ?? 0, 1);
      });
    });
    const sessions = chartTable("kiosk-use-by-language", province);
    const vi = province.weekly.kioskSessionsByLanguage.findIndex((s) => s.key === "vi");
    expect(sessions.rows[1]?.[vi + 1]).toBe("4");
    const signs = chartTable("sign-uptime", province);
    expect(signs.rows.map((r) => r[0])).toEqual([
      "Cửa khẩu cau-treo — Bảng cổng",
      "Cửa khẩu vung-ang — Bảng cổng",
    ]);
    expect(signs.rows[0]?.[4]).toBe("1");
  });

  it("are in the gate's printable page, each followed by its table", () => {
    const html = reportHtml(gate);
    expect(html.match(/<svg /g)).toHaveLength(4);
    expect(html.match(/<table class="chart-data">/g)).toHaveLength(4);
    expect(html).not.toMatch(/<script|\sstyle=/);
  });
});
