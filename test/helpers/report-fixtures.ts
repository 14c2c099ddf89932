/**
 * Reports made by hand for the document and PDF tests: a gate's with every section filled (names in
 * Vietnamese, Lao, Khmer and Chinese), and a province's of several of them through the real builder.
 */
import type { GateReport, ProvinceReport } from "../../controller/src/contract/reports.js";
import { weeksOf } from "../../controller/src/reports/build.js";
import { periodOf } from "../../controller/src/reports/period.js";
import { buildProvinceReport, previousPeriodOf } from "../../controller/src/reports/province.js";

export const NAMES = {
  vi: "Cửa khẩu quốc tế Cầu Treo",
  lo: "ດ່ານສາກົນນ້ຳພາວ",
  km: "ច្រកទ្វារព្រំដែនអន្តរជាតិ",
  zh: "友谊关口岸",
};

/**
 * A gate's report. `busy`: as a busy gate's is, with every list full (the 20 items shown longest,
 * three signs with a dozen outages each): what the PDF bench prints.
 */
export function gateReportFixture(
  id: string,
  name: string,
  scale = 1,
  from = "2026-01-01",
  to = "2026-06-30",
  busy = false,
): GateReport {
  const period = periodOf(from, to);
  const weeks = weeksOf(period);
  const series = (key: string, label: string, per: number) => ({
    key,
    label,
    values: weeks.map((_, i) => Math.round(per * scale * (1 + (i % 5) / 10) * 100) / 100),
  });
  const report: GateReport = {
    gate: { id, name },
    period,
    generatedAt: "2026-07-01T00:00:00.000Z",
    source: "central",
    lastRecordAt: "2026-06-30T16:00:00.000Z",
    shown: {
      kiosks: {
        totalHours: 812.5 * scale,
        byProgram: [
          { key: "gate", label: "gate", hours: 600 * scale, plays: 4200 * scale },
          {
            key: "central:tet",
            label: `Tết Nguyên đán — ${NAMES.zh}`,
            hours: 212.5 * scale,
            plays: 900 * scale,
          },
        ],
        byLanguage: [
          { key: "vi", label: "vi", hours: 400 * scale, plays: 2500 * scale },
          { key: "lo", label: "lo", hours: 412.5 * scale, plays: 2600 * scale },
        ],
        topItems: [
          { key: "hours", label: `Giờ làm việc — ${NAMES.lo}`, hours: 100 * scale, plays: 700 * scale },
        ],
      },
      signs: {
        totalHours: 4000 * scale,
        byProgram: [{ key: "gate", label: "gate", hours: 4000 * scale, plays: 8000 * scale }],
        byLanguage: [{ key: "km", label: "km", hours: 4000 * scale, plays: 8000 * scale }],
        topItems: [],
      },
      screens: {
        totalHours: 0,
        byProgram: [],
        byLanguage: [],
        topItems: [],
        byScreen: [],
        skipped: { total: 0, byReason: [], topItems: [] },
      },
    },
    kioskUse: {
      sessions: 1234 * scale,
      totalMinutes: 3456 * scale,
      medianSeconds: 95,
      byLanguage: [
        { language: "vi", sessions: 600 * scale, minutes: 1700 * scale },
        { language: "lo", sessions: 634 * scale, minutes: 1756 * scale },
      ],
      byCategory: [{ category: "procedures", opens: 800 * scale }],
      topItems: [{ itemId: "visa", label: `Thị thực — ${NAMES.km}`, opens: 300 * scale }],
    },
    signs: [
      {
        id: "sign-1",
        name: `Bảng LED cổng chính ${NAMES.lo}`,
        hoursObserved: 4344,
        hoursOnline: 4300,
        hoursOffline: 44,
        uptimePercent: 99,
        outages: [
          {
            startedAt: "2026-03-02T01:00:00.000Z",
            endedAt: "2026-03-03T21:00:00.000Z",
            hours: 44,
            reason: "no answer",
          },
        ],
      },
    ],
    weekly: {
      weeks,
      hoursByLanguage: [series("vi", "vi", 15), series("lo", "lo", 16)],
      hoursByProgram: [series("gate", "gate", 20), series("central:tet", "Tết", 11)],
      kioskSessionsByLanguage: [series("vi", "vi", 23), series("lo", "lo", 24)].map((s) => ({
        ...s,
        values: s.values.map(Math.round),
      })),
    },
  };
  if (!busy) return report;
  const scripts = [NAMES.lo, NAMES.km, NAMES.zh];
  const items = Array.from({ length: 20 }, (_, i) => ({
    key: `item-${i + 1}`,
    label: `Nội dung thông tin số ${i + 1} — ${scripts[i % 3]}`,
    hours: Math.round((200 - i * 7) * scale * 10) / 10,
    plays: Math.round((2000 - i * 60) * scale),
  }));
  report.shown.kiosks.topItems = items;
  report.shown.signs.topItems = items;
  report.kioskUse.topItems = items.map((i) => ({ itemId: i.key, label: i.label, opens: i.plays }));
  const base = report.signs[0] as GateReport["signs"][number];
  report.signs = [1, 2, 3].map((n) => ({
    ...base,
    id: `sign-${n}`,
    name: `Bảng LED số ${n} ${scripts[n - 1]}`,
    outages: Array.from({ length: 12 }, (_, k) => ({
      startedAt: new Date(Date.parse(period.startsAt) + (k * 14 + n) * 86_400_000).toISOString(),
      endedAt: new Date(
        Date.parse(period.startsAt) + (k * 14 + n) * 86_400_000 + 3 * 3_600_000,
      ).toISOString(),
      hours: 3,
      reason: "no answer",
    })),
  }));
  return report;
}

/** A province of `n` gates (names cycling through the four scripts). */
export function provinceReportFixture(
  n = 4,
  from = "2026-01-01",
  to = "2026-06-30",
  busy = false,
): ProvinceReport {
  const period = periodOf(from, to);
  const previousPeriod = previousPeriodOf(period);
  const names = [NAMES.vi, NAMES.lo, NAMES.km, NAMES.zh];
  const gates = Array.from({ length: n }, (_, i) => ({
    id: `gate-${i + 1}`,
    name: `${names[i % 4]} ${i + 1}`,
  }));
  const sections = gates.map((g, i) => gateReportFixture(g.id, g.name, 1 + i / 10, from, to, busy));
  const previous = gates.map((g) =>
    gateReportFixture(g.id, g.name, 0.8, previousPeriod.from, previousPeriod.to),
  );
  const allDays = (p: typeof period) => {
    const days: string[] = [];
    for (let t = Date.parse(`${p.from}T00:00:00Z`); t <= Date.parse(`${p.to}T00:00:00Z`); t += 86_400_000) {
      days.push(new Date(t).toISOString().slice(0, 10));
    }
    return days;
  };
  return buildProvinceReport({
    period,
    previousPeriod,
    generatedAt: Date.parse("2026-07-01T00:00:00.000Z"),
    knownUntil: "2026-07-01",
    gates,
    sections,
    previous,
    // The last gate uploaded nothing after 15 June: the report must say so.
    recordDays: gates.map((g, i) => ({
      gate: g,
      days: i === n - 1 ? allDays(period).filter((d) => d <= "2026-06-15") : allDays(period),
      lastRecordAt: "2026-06-30T16:00:00.000Z",
    })),
    previousRecordDays: gates.map((g) => ({ gate: g, days: allDays(previousPeriod), lastRecordAt: null })),
  });
}
