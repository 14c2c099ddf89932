/**
 * A report as a printable page in Vietnamese, in the layout of an administrative report (national
 * heading, numbered sections, a signature block), one self-contained document: it prints from a
 * gate PC with no network. Its one style block is allowed by hash (`REPORT_STYLE_HASH`), so the
 * page keeps a CSP as strict as the console's.
 */
import { createHash } from "node:crypto";
import type {
  ChartKind,
  GateReport,
  ProvinceReport,
  ScreenShownSection,
  ShownSection,
} from "../contract/reports.js";
import { formatGateIso, parseInstant } from "../domain/instant.js";
import { chartSvg, chartTable } from "./charts.js";
import { escapeHtml } from "./escape.js";
import { categoryVi, languageVi, programVi, skipReasonVi } from "./labels-vi.js";

const STYLE = `
@page { size: A4; margin: 18mm 16mm; }
body { font-family: "Noto Sans", "Times New Roman", serif; font-size: 12pt; color: #111; max-width: 190mm; margin: 0 auto; padding: 8mm 0; }
header { display: grid; grid-template-columns: 1fr 1fr; text-align: center; margin-bottom: 6mm; }
header p { margin: 0; }
.motto { font-weight: 700; }
.motto span { display: block; font-weight: 700; text-decoration: underline; }
h1 { text-align: center; font-size: 15pt; margin: 8mm 0 2mm; text-transform: uppercase; }
.period { text-align: center; font-style: italic; margin: 0 0 6mm; }
h2 { font-size: 13pt; margin: 6mm 0 2mm; }
h3 { font-size: 12pt; margin: 4mm 0 2mm; }
table { width: 100%; border-collapse: collapse; margin: 2mm 0 4mm; page-break-inside: auto; }
th, td { border: 1px solid #444; padding: 1.5mm 2mm; text-align: left; vertical-align: top; }
th { background: #eee; }
td.n, th.n { text-align: right; white-space: nowrap; }
tr { page-break-inside: avoid; }
.empty { font-style: italic; color: #555; }
.sign { display: grid; grid-template-columns: 1fr 1fr; text-align: center; margin-top: 12mm; }
.sign p { margin: 0; }
footer { margin-top: 8mm; font-size: 10pt; color: #444; }
figure { margin: 3mm 0 1mm; page-break-inside: avoid; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-style: italic; font-size: 11pt; }
table.chart-data { font-size: 9pt; width: auto; }
table.chart-data th, table.chart-data td { border: 0; border-bottom: 1px solid #ccc; padding: 0.5mm 2mm; background: none; }
.warn { border: 1px solid #a33; padding: 2mm 3mm; }
@media print { body { padding: 0; } }
`;

/** For the page's Content-Security-Policy: `style-src 'sha256-…'`. */
export const REPORT_STYLE_HASH = `sha256-${createHash("sha256").update(STYLE).digest("base64")}`;

const NUMBER = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 1, minimumFractionDigits: 1 });
const INTEGER = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 0 });

const hours = (n: number) => NUMBER.format(n);
const count = (n: number) => INTEGER.format(n);

/** `dd/mm/yyyy` of a gate-local ISO date. */
export function dateVi(iso: string): string {
  const [y, m, d] = iso.split("-");
  return `${d}/${m}/${y}`;
}

/** `HH:mm dd/mm/yyyy` at the gate (UTC+7), whatever the server's TZ. */
export function instantVi(instant: string): string {
  const local = formatGateIso(parseInstant(instant));
  return `${local.slice(11, 16)} ${dateVi(local.slice(0, 10))}`;
}

export function periodVi(from: string, to: string): string {
  const year = from.slice(0, 4);
  if (to.slice(0, 4) === year) {
    if (from.endsWith("-01-01") && to.endsWith("-06-30")) return `6 tháng đầu năm ${year}`;
    if (from.endsWith("-07-01") && to.endsWith("-12-31")) return `6 tháng cuối năm ${year}`;
    if (from.endsWith("-01-01") && to.endsWith("-12-31")) return `Năm ${year}`;
  }
  return `Từ ngày ${dateVi(from)} đến ngày ${dateVi(to)}`;
}

export type Row = readonly (string | { n: string })[];

export function table(head: Row, rows: readonly Row[], empty: string): string {
  if (rows.length === 0) return `<p class="empty">${escapeHtml(empty)}</p>`;
  const cell = (tag: "th" | "td", c: Row[number]) =>
    typeof c === "string"
      ? `<${tag}>${escapeHtml(c)}</${tag}>`
      : `<${tag} class="n">${escapeHtml(c.n)}</${tag}>`;
  return `<table><thead><tr>${head.map((c) => cell("th", c)).join("")}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => cell("td", c)).join("")}</tr>`)
    .join("")}</tbody></table>`;
}

function shownHtml(title: string, section: ShownSection): string {
  const head: Row = ["", { n: "Số giờ" }, { n: "Số lượt" }];
  return `<h3>${escapeHtml(title)}: ${hours(section.totalHours)} giờ</h3>
${table(
  ["Theo chương trình", ...head.slice(1)],
  section.byProgram.map((r) => [programVi(r.key, r.label), { n: hours(r.hours) }, { n: count(r.plays) }]),
  "Không có số liệu trong kỳ.",
)}
${table(
  ["Theo ngôn ngữ", ...head.slice(1)],
  section.byLanguage.map((r) => [languageVi(r.key), { n: hours(r.hours) }, { n: count(r.plays) }]),
  "Không có số liệu trong kỳ.",
)}
${
  section.topItems.length > 0
    ? table(
        ["Nội dung hiển thị nhiều nhất", ...head.slice(1)],
        section.topItems.map((r) => [r.label, { n: hours(r.hours) }, { n: count(r.plays) }]),
        "",
      )
    : ""
}`;
}

/** The big screens: what they showed (as kiosks), per screen, and the items they had to skip. */
function screensHtml(title: string, section: ScreenShownSection): string {
  const skipped = section.skipped;
  return `${shownHtml(title, section)}
${table(
  ["Theo màn hình", { n: "Số giờ" }, { n: "Số lượt" }],
  section.byScreen.map((r) => [r.label, { n: hours(r.hours) }, { n: count(r.plays) }]),
  "Cửa khẩu không có màn hình LED lớn.",
)}
<h3>Mục bị bỏ qua trên màn hình LED lớn: ${count(skipped.total)} lượt</h3>
${table(
  ["Lý do", { n: "Số lượt" }],
  skipped.byReason.map((r) => [skipReasonVi(r.reason), { n: count(r.count) }]),
  "Không có mục nào bị bỏ qua trong kỳ.",
)}
${
  skipped.topItems.length > 0
    ? table(
        ["Nội dung bị bỏ qua nhiều nhất", { n: "Số lượt" }],
        skipped.topItems.map((i) => [i.label, { n: count(i.count) }]),
        "",
      )
    : ""
}`;
}

/**
 * A chart, then its numbers as a plain table for screen readers and for anyone who prefers figures;
 * nothing for a report made before the weekly series existed, or a sign chart without signs.
 */
export function chartFigure(kind: ChartKind, report: GateReport | ProvinceReport): string {
  if (kind !== "sign-uptime" && !report.weekly) return "";
  const data = chartTable(kind, report);
  if (kind === "sign-uptime" && data.rows.length === 0) return "";
  return `<figure>${chartSvg(kind, report)}<figcaption>${escapeHtml(data.caption)}</figcaption></figure>
<table class="chart-data"><caption>Số liệu của biểu đồ</caption><thead><tr>${data.head
    .map((h, i) => `<th${i > 0 ? ' class="n"' : ""}>${escapeHtml(h)}</th>`)
    .join("")}</tr></thead><tbody>${data.rows
    .map(
      (r) => `<tr>${r.map((c, i) => `<td${i > 0 ? ' class="n"' : ""}>${escapeHtml(c)}</td>`).join("")}</tr>`,
    )
    .join("")}</tbody></table>`;
}

export const PAGE_STYLE = STYLE;

/** Sections I–III of a gate's report (what it showed, kiosk use, its signs), with or without charts. */
export function gateSectionsHtml(report: GateReport, charts: boolean): string {
  const use = report.kioskUse;
  const chart = (kind: ChartKind) => (charts ? chartFigure(kind, report) : "");
  const outages = report.signs.flatMap((s) =>
    s.outages.map(
      (o): Row => [
        s.name,
        instantVi(o.startedAt),
        o.endedAt ? instantVi(o.endedAt) : "Đang mất kết nối",
        { n: hours(o.hours) },
        o.reason,
      ],
    ),
  );
  return `<h2>I. Nội dung đã hiển thị</h2>
${chart("hours-by-language")}
${chart("hours-by-program")}
${shownHtml("1. Màn hình cảm ứng (ki-ốt)", report.shown.kiosks)}
${shownHtml("2. Bảng điện tử LED", report.shown.signs)}
${screensHtml("3. Màn hình LED lớn", report.shown.screens)}

<h2>II. Lượt khách sử dụng ki-ốt</h2>
${chart("kiosk-use-by-language")}
<p>Tổng số lượt sử dụng: <strong>${count(use.sessions)}</strong>; tổng thời gian: ${hours(use.totalMinutes / 60)} giờ${
    use.medianSeconds === null ? "" : `; thời gian một lượt (trung vị): ${count(use.medianSeconds)} giây`
  }.</p>
${table(
  ["Ngôn ngữ", { n: "Số lượt" }, { n: "Số phút" }],
  use.byLanguage.map((l) => [languageVi(l.language), { n: count(l.sessions) }, { n: hours(l.minutes) }]),
  "Không có lượt sử dụng trong kỳ.",
)}
${table(
  ["Chuyên mục", { n: "Số lần mở" }],
  use.byCategory.map((c) => [categoryVi(c.category), { n: count(c.opens) }]),
  "Không có chuyên mục nào được mở trong kỳ.",
)}
${
  use.topItems.length > 0
    ? table(
        ["Nội dung được xem nhiều nhất", { n: "Số lần mở" }],
        use.topItems.map((i) => [i.label, { n: count(i.opens) }]),
        "",
      )
    : ""
}

<h2>III. Tình trạng hoạt động của bảng LED</h2>
${chart("sign-uptime")}
${table(
  [
    "Bảng",
    { n: "Theo dõi (giờ)" },
    { n: "Hoạt động (giờ)" },
    { n: "Mất kết nối (giờ)" },
    { n: "Tỷ lệ hoạt động" },
  ],
  report.signs.map((s) => [
    s.name,
    { n: hours(s.hoursObserved) },
    { n: hours(s.hoursOnline) },
    { n: hours(s.hoursOffline) },
    { n: s.uptimePercent === null ? "—" : `${NUMBER.format(s.uptimePercent)} %` },
  ]),
  "Cửa khẩu không có bảng LED.",
)}
${
  outages.length > 0
    ? `<h3>Các lần mất kết nối</h3>${table(
        ["Bảng", "Bắt đầu", "Kết thúc", { n: "Số giờ" }, "Nguyên nhân (theo hệ thống)"],
        outages,
        "",
      )}`
    : `<p>Không có lần mất kết nối nào trong kỳ.</p>`
}`;
}

export function reportHtml(report: GateReport): string {
  const period = periodVi(report.period.from, report.period.to);
  const source =
    report.source === "gate"
      ? "Số liệu ghi tại máy chủ của cửa khẩu."
      : "Số liệu do cửa khẩu gửi về văn phòng trung tâm.";
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`Báo cáo ${period} — ${report.gate.name}`)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
  <div><p>${escapeHtml(report.gate.name.toUpperCase())}</p></div>
  <div class="motto"><p>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<span>Độc lập - Tự do - Hạnh phúc</span></p></div>
</header>
<h1>Báo cáo hoạt động cụm thông tin đối ngoại</h1>
<p class="period">${escapeHtml(period)} (từ ${dateVi(report.period.from)} đến ${dateVi(report.period.to)}, giờ Việt Nam)</p>

${gateSectionsHtml(report, true)}

${report.factsPastReview?.count ? `<p>Nội dung đã quá ngày rà soát thông tin (${count(report.factsPastReview.count)}): ${report.factsPastReview.items.map((f) => `${escapeHtml(f.label)} (hạn ${dateVi(f.reviewBy)}; nguồn: ${escapeHtml(f.source)})`).join("; ")}.</p>` : ""}
<div class="sign">
  <div></div>
  <div><p><strong>NGƯỜI LẬP BÁO CÁO</strong></p><p><em>(Ký, ghi rõ họ tên)</em></p></div>
</div>
<footer>
  <p>${escapeHtml(source)} Lập lúc ${instantVi(report.generatedAt)}${
    report.lastRecordAt ? `; số liệu mới nhất lúc ${instantVi(report.lastRecordAt)}` : "; chưa có số liệu"
  }. Một lượt trên bảng LED là một khoảng thời gian bảng giữ nội dung đó; giờ của bảng LED chia đều cho các trang nội dung bảng luân phiên hiển thị. Một lượt trên màn hình LED lớn là một lần phát một nội dung; nội dung bị bỏ qua (video hỏng, định dạng không phát được) không được tính giờ.</p>
</footer>
</body>
</html>
`;
}
