/**
 * A report's charts as SVG text: hours shown per week by language and by program, kiosk use per week by
 * language, and each sign's uptime as a timeline with its outages. Pure strings, no DOM: the server is
 * the one renderer, for the printable pages (inline, under their strict CSP) and the console (an <img>
 * of `format=svg`). Presentation attributes only (no style attribute or element, no script), so no
 * policy has to allow anything. Each chart has its <title> and <desc>; `chartTable` gives its numbers
 * for a table beside it, which is what a screen reader reads.
 */

import type {
  ChartKind,
  GateReport,
  ProvinceReport,
  ReportWeek,
  ReportWeekly,
  SignUptime,
  WeeklySeries,
} from "../contract/reports.js";
import { formatGateIso, parseInstant } from "../domain/instant.js";
import { escapeHtml } from "./escape.js";
import { languageVi, programVi } from "./labels-vi.js";

export interface ChartTable {
  caption: string;
  head: string[];
  rows: string[][];
}

type AnyReport = GateReport | ProvinceReport;

/** Okabe–Ito: told apart by readers with a colour-vision deficiency, and in greyscale print by order. */
const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999"];
/** More series than this are summed as "Khác" (the smallest ones). */
const MAX_SERIES = 7;

const WIDTH = 720;
const FONT = 11;

const HOURS = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 1, minimumFractionDigits: 1 });
const INTEGER = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 0 });

const dm = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}`;
const dmy = (iso: string) => `${dm(iso)}/${iso.slice(0, 4)}`;
const fixed = (n: number) => (Math.round(n * 10) / 10).toString();
/** A name cut to `max` characters, with an ellipsis: the full one is in the chart's table. */
const short = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

const isProvince = (r: AnyReport): r is ProvinceReport => "kind" in r && r.kind === "province";

function whose(report: AnyReport): string {
  return isProvince(report) ? "toàn tỉnh" : report.gate.name;
}

function periodText(report: AnyReport): string {
  return `từ ${dmy(report.period.from)} đến ${dmy(report.period.to)}`;
}

interface WeeklySpec {
  series: WeeklySeries[];
  label: (s: WeeklySeries) => string;
  unit: "giờ" | "lượt";
  format: (n: number) => string;
  caption: string;
}

function weeklySpec(
  kind: Exclude<ChartKind, "sign-uptime">,
  weekly: ReportWeekly,
  report: AnyReport,
): WeeklySpec {
  const period = periodText(report);
  if (kind === "hours-by-language") {
    return {
      series: weekly.hoursByLanguage,
      label: (s) => languageVi(s.key),
      unit: "giờ",
      format: (n) => HOURS.format(n),
      caption: `Số giờ hiển thị mỗi tuần theo ngôn ngữ (mọi màn hình, bảng LED), ${whose(report)}, ${period}`,
    };
  }
  if (kind === "hours-by-program") {
    return {
      series: weekly.hoursByProgram,
      label: (s) => programVi(s.key, s.label),
      unit: "giờ",
      format: (n) => HOURS.format(n),
      caption: `Số giờ hiển thị mỗi tuần theo chương trình (mọi màn hình, bảng LED), ${whose(report)}, ${period}`,
    };
  }
  return {
    series: weekly.kioskSessionsByLanguage,
    label: (s) => languageVi(s.key),
    unit: "lượt",
    format: (n) => INTEGER.format(n),
    caption: `Số lượt khách sử dụng ki-ốt mỗi tuần theo ngôn ngữ, ${whose(report)}, ${period}`,
  };
}

/** The series drawn: the largest, then the rest summed as one, so a legend stays readable. */
function drawnSeries(spec: WeeklySpec, weeks: number): { label: string; values: number[] }[] {
  const named = spec.series.slice(0, MAX_SERIES).map((s) => ({ label: spec.label(s), values: s.values }));
  const rest = spec.series.slice(MAX_SERIES);
  if (rest.length === 0) return named;
  const values = new Array<number>(weeks).fill(0);
  for (const s of rest) for (let i = 0; i < weeks; i++) values[i] = (values[i] ?? 0) + (s.values[i] ?? 0);
  return [...named, { label: "Khác", values: values.map((v) => Math.round(v * 100) / 100) }];
}

/** A round step for about `ticks` gridlines up to `max`. */
function niceStep(max: number, ticks: number): number {
  if (max <= 0) return 1;
  const raw = max / ticks;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  return step;
}

function idOf(kind: ChartKind, report: AnyReport): string {
  const who = isProvince(report) ? "province" : report.gate.id;
  return `chart-${kind}-${who}`.replace(/[^A-Za-z0-9_-]/g, "-");
}

function svgOpen(id: string, height: number, title: string, desc: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-labelledby="${id}-title ${id}-desc" font-size="${FONT}">
<title id="${id}-title">${escapeHtml(title)}</title>
<desc id="${id}-desc">${escapeHtml(desc)}</desc>
`;
}

function noData(id: string, title: string): string {
  return `${svgOpen(id, 60, title, "Không có số liệu trong kỳ.")}<text x="${WIDTH / 2}" y="34" text-anchor="middle" fill="#555555">Không có số liệu trong kỳ.</text>
</svg>
`;
}

/** Stacked bars, one per week, a colour per series; the legend above, the weeks' dates below. */
function weeklyChart(kind: Exclude<ChartKind, "sign-uptime">, report: AnyReport): string {
  const id = idOf(kind, report);
  const weekly = report.weekly;
  const spec = weekly ? weeklySpec(kind, weekly, report) : undefined;
  if (!weekly || !spec || spec.series.length === 0 || weekly.weeks.length === 0) {
    return noData(id, spec?.caption ?? "Biểu đồ");
  }
  const weeks = weekly.weeks;
  const series = drawnSeries(spec, weeks.length);
  const totals = weeks.map((_, i) => series.reduce((t, s) => t + (s.values[i] ?? 0), 0));
  const grand = totals.reduce((t, v) => t + v, 0);
  const max = Math.max(0, ...totals);
  const step = niceStep(max, 5);
  const top = Math.max(step, Math.ceil(max / step) * step);

  const left = 56;
  const right = 12;
  const plotWidth = WIDTH - left - right;
  // As many legend entries a row as the longest name lets fit (about 6 px a character at 11 px).
  const names = series.map((s) => short(s.label, 48));
  const longest = Math.max(...names.map((n) => n.length));
  const perRow = Math.max(1, Math.min(4, Math.floor(plotWidth / (longest * 6.2 + 28))));
  const legendRows = Math.ceil(series.length / perRow);
  const legendTop = 8;
  const plotTop = legendTop + legendRows * 18 + 22;
  const plotHeight = 220;
  const plotBottom = plotTop + plotHeight;
  const height = plotBottom + 40;
  const slot = plotWidth / weeks.length;
  const bar = Math.max(1, slot * 0.8);
  const y = (v: number) => plotBottom - (v / top) * plotHeight;

  const busiest = totals.indexOf(max);
  const leader = [...series].sort(
    (a, b) => b.values.reduce((t, v) => t + v, 0) - a.values.reduce((t, v) => t + v, 0),
  )[0];
  const peak = weeks[busiest] ?? (weeks[0] as ReportWeek);
  const desc = `${weeks.length} tuần, tổng ${spec.format(grand)} ${spec.unit}; tuần cao nhất ${dm(peak.from)}–${dmy(peak.to)}: ${spec.format(max)} ${spec.unit}${
    leader ? `; nhiều nhất: ${leader.label}` : ""
  }. Số liệu chi tiết ở bảng kèm theo.`;

  const parts: string[] = [svgOpen(id, height, spec.caption, desc)];
  // Legend.
  names.forEach((name, i) => {
    const x = left + (i % perRow) * (plotWidth / perRow);
    const ly = legendTop + Math.floor(i / perRow) * 18;
    parts.push(
      `<rect x="${fixed(x)}" y="${ly}" width="12" height="12" fill="${PALETTE[i % PALETTE.length]}"/><text x="${fixed(x + 16)}" y="${ly + 10}">${escapeHtml(name)}</text>`,
    );
  });
  // Gridlines and the axis' numbers.
  for (let v = 0; v <= top + step / 2; v += step) {
    parts.push(
      `<line x1="${left}" x2="${WIDTH - right}" y1="${fixed(y(v))}" y2="${fixed(y(v))}" stroke="#dddddd" stroke-width="1"/><text x="${left - 4}" y="${fixed(y(v) + 4)}" text-anchor="end" fill="#333333">${escapeHtml(spec.format(v))}</text>`,
    );
  }
  parts.push(
    `<text x="${left - 4}" y="${plotTop - 10}" text-anchor="end" fill="#333333">${spec.unit}</text>`,
  );
  // Bars.
  weeks.forEach((week, w) => {
    const x = left + w * slot + (slot - bar) / 2;
    let base = 0;
    series.forEach((s, i) => {
      const v = s.values[w] ?? 0;
      if (v <= 0) return;
      const y0 = y(base + v);
      const h = y(base) - y0;
      base += v;
      parts.push(
        `<rect x="${fixed(x)}" y="${fixed(y0)}" width="${fixed(bar)}" height="${fixed(Math.max(0.5, h))}" fill="${PALETTE[i % PALETTE.length]}"><title>${escapeHtml(
          `${dm(week.from)}–${dmy(week.to)}, ${s.label}: ${spec.format(v)} ${spec.unit}`,
        )}</title></rect>`,
      );
    });
  });
  // The weeks' dates: as many as fit.
  const every = Math.max(1, Math.ceil(weeks.length / Math.floor(plotWidth / 48)));
  weeks.forEach((week, w) => {
    if (w % every !== 0) return;
    const x = left + w * slot + slot / 2;
    parts.push(
      `<text x="${fixed(x)}" y="${plotBottom + 14}" text-anchor="middle" fill="#333333">${dm(week.from)}</text>`,
    );
  });
  parts.push(
    `<line x1="${left}" x2="${WIDTH - right}" y1="${plotBottom}" y2="${plotBottom}" stroke="#333333" stroke-width="1"/>`,
    `<text x="${left}" y="${plotBottom + 32}" fill="#333333">Tuần bắt đầu ngày (dd/mm), giờ Việt Nam</text>`,
    "</svg>\n",
  );
  return parts.join("\n");
}

interface SignLine {
  label: string;
  sign: SignUptime;
  /** Where the report's knowledge of the gate ends (epoch ms). */
  knownUntil: number;
}

function knownUntilOf(report: GateReport): number {
  const end = Date.parse(report.period.endsAt);
  const start = Date.parse(report.period.startsAt);
  const known =
    report.source === "gate"
      ? Date.parse(report.generatedAt)
      : report.lastRecordAt
        ? Date.parse(report.lastRecordAt)
        : start;
  return Math.max(start, Math.min(end, known));
}

function signLines(report: AnyReport): SignLine[] {
  const sections = isProvince(report) ? report.sections : [report];
  return sections.flatMap((r) =>
    r.signs.map((sign) => ({
      label: isProvince(report) ? `${r.gate.name} — ${sign.name}` : sign.name,
      sign,
      knownUntil: knownUntilOf(r),
    })),
  );
}

const uptimeText = (s: SignUptime) =>
  s.uptimePercent === null ? "chưa theo dõi" : `${HOURS.format(s.uptimePercent)} %`;

function instantVi(instant: string): string {
  const local = formatGateIso(parseInstant(instant));
  return `${local.slice(11, 16)} ${dmy(local.slice(0, 10))}`;
}

/** One lane per sign across the period: green while watched, red for each outage, grey where nothing is known yet. */
function signUptimeChart(report: AnyReport): string {
  const id = idOf("sign-uptime", report);
  const caption = `Tình trạng hoạt động của bảng LED, ${whose(report)}, ${periodText(report)}`;
  const lines = signLines(report);
  if (lines.length === 0) return noData(id, caption);
  const start = Date.parse(report.period.startsAt);
  const end = Date.parse(report.period.endsAt);
  const left = 230;
  const right = 70;
  const lane = 22;
  const top = 10;
  const plotWidth = WIDTH - left - right;
  const x = (t: number) => left + ((Math.min(end, Math.max(start, t)) - start) / (end - start)) * plotWidth;
  const height = top + lines.length * lane + 44;
  const outages = lines.reduce((t, l) => t + l.sign.outages.length, 0);
  const desc = `${lines.length} bảng LED, ${outages} lần mất kết nối. ${lines
    .map((l) => `${l.label}: ${uptimeText(l.sign)}`)
    .join("; ")}. Số liệu chi tiết ở bảng kèm theo.`;
  const parts: string[] = [svgOpen(id, height, caption, desc)];
  lines.forEach((line, i) => {
    const ly = top + i * lane;
    const label = short(line.label, 34);
    parts.push(`<text x="${left - 6}" y="${ly + 14}" text-anchor="end">${escapeHtml(label)}</text>`);
    parts.push(
      `<rect x="${left}" y="${ly + 3}" width="${fixed(plotWidth)}" height="14" fill="#e5e5e5"><title>Chưa có số liệu</title></rect>`,
    );
    // Green where the sign was watched: a gate whose records start mid-period is grey before them,
    // not green from the period's first day. (An older report without `watched`: up to its last record.)
    const w = line.sign.watched;
    const watched = w ? x(Date.parse(w.from)) : left;
    const known = w ? x(Date.parse(w.to)) : x(line.knownUntil);
    if (line.sign.hoursObserved > 0 && known > watched) {
      parts.push(
        `<rect x="${fixed(watched)}" y="${ly + 3}" width="${fixed(known - watched)}" height="14" fill="#009E73"><title>${escapeHtml(
          `${line.label}: hoạt động ${HOURS.format(line.sign.hoursOnline)} giờ`,
        )}</title></rect>`,
      );
    }
    for (const o of line.sign.outages) {
      const from = x(Date.parse(o.startedAt));
      const to = x(o.endedAt ? Date.parse(o.endedAt) : line.knownUntil);
      parts.push(
        `<rect x="${fixed(from)}" y="${ly + 3}" width="${fixed(Math.max(1, to - from))}" height="14" fill="#D55E00"><title>${escapeHtml(
          `${line.label}: mất kết nối từ ${instantVi(o.startedAt)}${o.endedAt ? ` đến ${instantVi(o.endedAt)}` : ""} (${HOURS.format(o.hours)} giờ)`,
        )}</title></rect>`,
      );
    }
    parts.push(`<text x="${WIDTH - right + 6}" y="${ly + 14}">${escapeHtml(uptimeText(line.sign))}</text>`);
  });
  const axis = top + lines.length * lane + 4;
  parts.push(
    `<text x="${left}" y="${axis + 12}" fill="#333333">${dmy(report.period.from)}</text>`,
    `<text x="${WIDTH - right}" y="${axis + 12}" text-anchor="end" fill="#333333">${dmy(report.period.to)}</text>`,
    `<rect x="${left}" y="${axis + 22}" width="10" height="10" fill="#009E73"/><text x="${left + 14}" y="${axis + 31}">Hoạt động</text>`,
    `<rect x="${left + 100}" y="${axis + 22}" width="10" height="10" fill="#D55E00"/><text x="${left + 114}" y="${axis + 31}">Mất kết nối</text>`,
    `<rect x="${left + 210}" y="${axis + 22}" width="10" height="10" fill="#e5e5e5"/><text x="${left + 224}" y="${axis + 31}">Chưa có số liệu</text>`,
    "</svg>\n",
  );
  return parts.join("\n");
}

/** The chart as a standalone SVG document (also fit to place inline in an HTML page). */
export function chartSvg(kind: ChartKind, report: AnyReport): string {
  return kind === "sign-uptime" ? signUptimeChart(report) : weeklyChart(kind, report);
}

/** The chart's numbers, as a table: weeks down, series across (with a total); signs one a row. */
export function chartTable(kind: ChartKind, report: AnyReport): ChartTable {
  if (kind === "sign-uptime") {
    return {
      caption: `Tình trạng hoạt động của bảng LED, ${whose(report)}, ${periodText(report)}`,
      head: ["Bảng LED", "Tỷ lệ hoạt động", "Hoạt động (giờ)", "Mất kết nối (giờ)", "Số lần mất kết nối"],
      rows: signLines(report).map((l) => [
        l.label,
        uptimeText(l.sign),
        HOURS.format(l.sign.hoursOnline),
        HOURS.format(l.sign.hoursOffline),
        INTEGER.format(l.sign.outages.length),
      ]),
    };
  }
  const weekly = report.weekly;
  if (!weekly) {
    return { caption: weeklySpec(kind, emptyWeekly, report).caption, head: [], rows: [] };
  }
  const spec = weeklySpec(kind, weekly, report);
  const series = spec.series;
  return {
    caption: spec.caption,
    head: ["Tuần", ...series.map(spec.label), "Tổng"],
    rows: weekly.weeks.map((week, w) => {
      const values = series.map((s) => s.values[w] ?? 0);
      return [
        `${dm(week.from)}–${dmy(week.to)}`,
        ...values.map(spec.format),
        spec.format(values.reduce((t, v) => t + v, 0)),
      ];
    }),
  };
}

const emptyWeekly: ReportWeekly = {
  weeks: [],
  hoursByLanguage: [],
  hoursByProgram: [],
  kioskSessionsByLanguage: [],
};
