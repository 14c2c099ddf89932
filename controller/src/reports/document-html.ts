/**
 * A report as the administrative document an office attaches to its report to the province (the
 * layout of Decree 30/2020/NĐ-CP, appendix I): the issuing office top left with the number
 * "Số: …/BC-…", the national heading top right with the date line in italics, the title BÁO CÁO and
 * its subject, numbered sections (I., II., 1., 2.) with the figures, tables and charts, "./." at the
 * end, then "Nơi nhận:" on the left and the signer on the right. A4 with the decree's margins, Tinos
 * (Times New Roman's metrics) 13 pt, every font inline: pdf.ts prints it with no network. Pure but
 * for reading the font files (document-fonts.ts).
 */
import type { SiteConfig } from "../config/site-schema.js";
import type {
  ChartKind,
  GateCoverage,
  GateReport,
  ProvinceMetric,
  ProvinceReport,
  ProvinceTotal,
  ScreenShownSection,
  ShownSection,
} from "../contract/reports.js";
import { gateLocal } from "../domain/gate-time.js";
import { chartSvg, chartTable } from "./charts.js";
import { DOCUMENT_FONT_STACK, fontFaceCss } from "./document-fonts.js";
import { escapeHtml } from "./escape.js";
import { instantVi, periodVi } from "./html.js";
import { categoryVi, languageVi, programVi, skipReasonVi } from "./labels-vi.js";

/** Who issues the document: the site file's `report:` with its gaps filled (`documentIssuer`). */
export interface DocumentIssuer {
  /** Above the office, in capitals; absent: the office stands alone. */
  parentBody?: string | undefined;
  office: string;
  numberSuffix: string;
  place: string;
  signer: { authority?: string | undefined; title: string; name?: string | undefined };
  recipients: string[];
}

/** The site file's `report:` section, its gaps filled from the rest of the site file. */
export function documentIssuer(site: Pick<SiteConfig, "name" | "province" | "report">): DocumentIssuer {
  const r = site.report;
  return {
    parentBody: r?.parentBody,
    office: r?.office ?? site.name.vi,
    numberSuffix: r?.numberSuffix ?? "BC",
    place: r?.place ?? site.province.vi,
    signer: r?.signer ?? { title: "Người lập báo cáo" },
    recipients: r?.recipients ?? [`UBND tỉnh ${site.province.vi} (để báo cáo)`, "Lưu: VT"],
  };
}

const upper = (text: string) => text.toLocaleUpperCase("vi");
const pad2 = (n: number) => String(n).padStart(2, "0");

/**
 * "Hà Tĩnh, ngày 07 tháng 12 năm 2026": the decree writes a day under 10 and the months 1 and 2 with a
 * leading zero ("ngày 05 tháng 02"), other months without ("tháng 3"). The day is the gate's.
 */
export function dateLineVi(place: string, instantMs: number): string {
  const { year, month, day } = gateLocal(instantMs);
  return `${place}, ngày ${pad2(day)} tháng ${month <= 2 ? pad2(month) : String(month)} năm ${year}`;
}

/** `dd/mm/yyyy` of a gate-local ISO date. */
function dateVi(iso: string): string {
  const [y, m, d] = iso.split("-");
  return `${d}/${m}/${y}`;
}

const NUMBER = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 1, minimumFractionDigits: 1 });
const INTEGER = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 0 });
const hours = (n: number) => NUMBER.format(n);
const count = (n: number) => INTEGER.format(n);

const STYLE = `
@page { size: A4; margin: 20mm 20mm 20mm 30mm; }
@page { @top-center { content: counter(page); font-family: ${DOCUMENT_FONT_STACK}; font-size: 13pt; } }
@page :first { @top-center { content: none; } }
html { font-family: ${DOCUMENT_FONT_STACK}; font-size: 13pt; color: #000; }
body { margin: 0; line-height: 1.3; }
p { margin: 0 0 6pt; text-align: justify; text-indent: 1.27cm; }
.head { width: 100%; border-collapse: collapse; margin: 0 0 12pt; }
.head td { border: 0; padding: 0; vertical-align: top; text-align: center; }
.head td.office { width: 40%; font-size: 13pt; }
.head td.nation { width: 60%; }
.head p { text-indent: 0; text-align: center; margin: 0; }
.head .rule { display: block; margin: 1pt auto 6pt; border-top: 0.75pt solid #000; }
.head .nation-name { font-weight: 700; font-size: 12.5pt; }
.head .motto { font-weight: 700; font-size: 13pt; }
.head .number { margin-top: 4pt; }
.head .date { font-style: italic; margin-top: 4pt; }
.title { text-align: center; text-indent: 0; font-weight: 700; font-size: 14pt; margin: 10pt 0 0; }
.subject { text-align: center; text-indent: 0; font-weight: 700; font-size: 14pt; margin: 0; }
.subject + .rule { display: block; width: 30%; margin: 2pt auto 12pt; border-top: 0.75pt solid #000; }
h2 { font-size: 13pt; font-weight: 700; margin: 10pt 0 4pt; text-transform: uppercase; break-after: avoid; }
h3 { font-size: 13pt; font-weight: 700; margin: 8pt 0 4pt; break-after: avoid; }
h4 { font-size: 13pt; font-weight: 700; font-style: italic; margin: 6pt 0 4pt; break-after: avoid; }
table.data { width: 100%; border-collapse: collapse; margin: 2pt 0 8pt; font-size: 12pt; line-height: 1.2; }
table.data caption { caption-side: top; text-align: left; font-style: italic; margin-bottom: 2pt; }
table.data th, table.data td { border: 0.75pt solid #000; padding: 2pt 4pt; text-align: left; vertical-align: top; }
table.data th { font-weight: 700; text-align: center; }
table.data td.n { text-align: right; white-space: nowrap; }
table.data th.n { white-space: nowrap; }
table.data tr { break-inside: avoid; }
.han { display: inline-block; text-indent: 0; }
figure { margin: 4pt 0 10pt; break-inside: avoid; text-align: center; }
figure svg { width: 100%; height: auto; max-height: 95mm; }
figure svg text { font-family: ${DOCUMENT_FONT_STACK}; }
figcaption { font-style: italic; font-size: 12pt; text-align: center; }
.end { text-indent: 1.27cm; }
.sign { width: 100%; border-collapse: collapse; margin-top: 14pt; break-inside: avoid; }
.sign td { border: 0; padding: 0; vertical-align: top; }
.sign td.to { width: 50%; font-size: 11pt; }
.sign td.to p { text-indent: 0; text-align: left; margin: 0; }
.sign td.to .label { font-weight: 700; font-style: italic; font-size: 12pt; }
.sign td.signer { width: 50%; text-align: center; }
.sign td.signer p { text-indent: 0; text-align: center; margin: 0; font-weight: 700; }
.sign td.signer .space { height: 26mm; }
.note { font-size: 11pt; font-style: italic; text-indent: 0; }
`;

type Cell = string | { n: string };

function table(head: Cell[], rows: Cell[][], caption?: string): string {
  const cell = (tag: "th" | "td", c: Cell) =>
    typeof c === "string"
      ? `<${tag}>${escapeHtml(c)}</${tag}>`
      : `<${tag} class="n">${escapeHtml(c.n)}</${tag}>`;
  return `<table class="data">${caption ? `<caption>${escapeHtml(caption)}</caption>` : ""}<thead><tr>${head
    .map((c) => cell("th", c))
    .join(
      "",
    )}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => cell("td", c)).join("")}</tr>`).join("")}</tbody></table>`;
}

/**
 * A justified paragraph. A Chinese name is kept whole ("友谊关口岸"): justifying spreads the space of a
 * line between Han characters too, and the name came out letter-spaced ("友 谊 关 口 岸").
 */
const para = (text: string) =>
  `<p>${escapeHtml(text).replace(/\p{Script=Han}+/gu, (han) => `<span class="han">${han}</span>`)}</p>`;

/** The place of a figure's number; `document` numbers them in the order they appear. */
const FIGURE_NUMBER = "\u0000figure\u0000";

/** Draws charts with their captions. */
class Figures {
  /** A chart with its caption; nothing when the report has no data for it (made before the series). */
  chart(kind: ChartKind, report: GateReport | ProvinceReport): string {
    if (report.weekly === undefined && kind !== "sign-uptime") return "";
    if (kind === "sign-uptime" && !("kind" in report) && report.signs.length === 0) return "";
    const svg = chartSvg(kind, report);
    if (!svg) return "";
    return `<figure>${svg}<figcaption>Biểu đồ ${FIGURE_NUMBER}: ${escapeHtml(chartTable(kind, report).caption)}</figcaption></figure>`;
  }
}

function shownPart(n: string, title: string, s: ShownSection): string {
  const head: Cell[] = ["", { n: "Số giờ" }, { n: "Số lượt" }];
  const part = (first: string, rows: Cell[][]) =>
    rows.length > 0 ? table([first, ...head.slice(1)], rows) : "";
  return `<h4>${escapeHtml(`${n} ${title}`)}</h4>
${para(`Tổng thời gian hiển thị: ${hours(s.totalHours)} giờ.`)}
${part(
  "Theo chương trình",
  s.byProgram.map((r) => [programVi(r.key, r.label), { n: hours(r.hours) }, { n: count(r.plays) }]),
)}
${part(
  "Theo ngôn ngữ",
  s.byLanguage.map((r) => [languageVi(r.key), { n: hours(r.hours) }, { n: count(r.plays) }]),
)}`;
}

function screensPart(n: string, s: ScreenShownSection): string {
  if (s.byScreen.length === 0 && s.totalHours === 0 && s.skipped.total === 0) return "";
  return `${shownPart(n, "Màn hình LED lớn", s)}
${table(
  ["Theo màn hình", { n: "Số giờ" }, { n: "Số lượt" }],
  s.byScreen.map((r) => [r.label, { n: hours(r.hours) }, { n: count(r.plays) }]),
)}
${para(`Số lượt nội dung bị bỏ qua trên màn hình LED lớn: ${count(s.skipped.total)}.`)}
${
  s.skipped.byReason.length > 0
    ? table(
        ["Lý do bỏ qua", { n: "Số lượt" }],
        s.skipped.byReason.map((r) => [skipReasonVi(r.reason), { n: count(r.count) }]),
      )
    : ""
}`;
}

/** A gate's figures under headings numbered from `level` ("1." sections, or "a)" inside a gate). */
function gateBody(r: GateReport, figures: Figures, nested: boolean): string {
  const h = nested
    ? (n: number, t: string) => `<h4>${String.fromCharCode(96 + n)}) ${escapeHtml(t)}</h4>`
    : (n: number, t: string) => `<h2>${["I", "II", "III", "IV"][n - 1]}. ${escapeHtml(t)}</h2>`;
  const sub = (n: number) => (nested ? `${"-"}` : `${n}.`);
  const use = r.kioskUse;
  const outages = r.signs.flatMap((s) =>
    s.outages.map((o): Cell[] => [
      s.name,
      instantVi(o.startedAt),
      o.endedAt ? instantVi(o.endedAt) : "Đang mất kết nối",
      { n: hours(o.hours) },
    ]),
  );
  return `${h(1, "Nội dung đã hiển thị")}
${shownPart(sub(1), "Màn hình cảm ứng (ki-ốt)", r.shown.kiosks)}
${shownPart(sub(2), "Bảng điện tử LED", r.shown.signs)}
${screensPart(sub(3), r.shown.screens)}
${nested ? "" : figures.chart("hours-by-language", r)}
${nested ? "" : figures.chart("hours-by-program", r)}
${h(2, "Lượt khách sử dụng ki-ốt")}
${para(
  `Tổng số lượt sử dụng: ${count(use.sessions)}; tổng thời gian: ${hours(use.totalMinutes / 60)} giờ${
    use.medianSeconds === null ? "" : `; thời gian một lượt (trung vị): ${count(use.medianSeconds)} giây`
  }.`,
)}
${
  use.byLanguage.length > 0
    ? table(
        ["Ngôn ngữ", { n: "Số lượt" }, { n: "Số phút" }],
        use.byLanguage.map((l) => [
          languageVi(l.language),
          { n: count(l.sessions) },
          { n: hours(l.minutes) },
        ]),
      )
    : ""
}
${
  use.byCategory.length > 0
    ? table(
        ["Chuyên mục", { n: "Số lần mở" }],
        use.byCategory.map((c) => [categoryVi(c.category), { n: count(c.opens) }]),
      )
    : ""
}
${nested ? "" : figures.chart("kiosk-use-by-language", r)}
${h(3, "Tình trạng hoạt động của bảng LED")}
${
  r.signs.length === 0
    ? para("Cửa khẩu không có bảng LED.")
    : table(
        [
          "Bảng",
          { n: "Theo dõi (giờ)" },
          { n: "Hoạt động (giờ)" },
          { n: "Mất kết nối (giờ)" },
          { n: "Tỷ lệ hoạt động" },
        ],
        r.signs.map((s) => [
          s.name,
          { n: hours(s.hoursObserved) },
          { n: hours(s.hoursOnline) },
          { n: hours(s.hoursOffline) },
          { n: s.uptimePercent === null ? "—" : `${NUMBER.format(s.uptimePercent)} %` },
        ]),
      )
}
${
  outages.length > 0
    ? table(["Bảng", "Bắt đầu", "Kết thúc", { n: "Số giờ" }], outages, "Các lần mất kết nối")
    : r.signs.length > 0
      ? para("Không có lần mất kết nối nào trong kỳ.")
      : ""
}
${r.signs.length > 0 ? figures.chart("sign-uptime", r) : ""}`;
}

const METRICS: Record<ProvinceMetric, { label: string; unit: "hours" | "count" | "percent" }> = {
  shown_hours: { label: "Tổng thời gian hiển thị (giờ)", unit: "hours" },
  shown_hours_kiosks: { label: "Trên ki-ốt (giờ)", unit: "hours" },
  shown_hours_signs: { label: "Trên bảng LED (giờ)", unit: "hours" },
  shown_hours_screens: { label: "Trên màn hình LED lớn (giờ)", unit: "hours" },
  kiosk_sessions: { label: "Lượt khách sử dụng ki-ốt", unit: "count" },
  kiosk_minutes: { label: "Thời gian khách sử dụng ki-ốt (phút)", unit: "hours" },
  screen_skips: { label: "Lượt nội dung bị bỏ qua trên màn hình LED lớn", unit: "count" },
  sign_hours_online: { label: "Giờ hoạt động của bảng LED", unit: "hours" },
  sign_hours_offline: { label: "Giờ mất kết nối của bảng LED", unit: "hours" },
  sign_uptime_percent: { label: "Tỷ lệ hoạt động của bảng LED (%)", unit: "percent" },
  sign_outages: { label: "Số lần bảng LED mất kết nối", unit: "count" },
};

function metricValue(metric: ProvinceMetric, value: number | null): string {
  if (value === null) return "—";
  return METRICS[metric].unit === "count" ? count(value) : NUMBER.format(value);
}

const CHANGE: Record<NonNullable<ProvinceTotal["change"]>, string> = {
  up: "Tăng",
  down: "Giảm",
  same: "Không đổi",
};

function changeVi(t: ProvinceTotal): string {
  if (t.change === null || t.value === null || t.previous === null) return "—";
  if (t.change === "same") return CHANGE.same;
  const diff = Math.abs(t.value - t.previous);
  // A rate moves by points: "tăng 0,1 (0,1 %)" would read as a relative change of the rate.
  if (METRICS[t.metric].unit === "percent")
    return `${CHANGE[t.change]} ${NUMBER.format(diff)} điểm phần trăm`;
  const pct = t.previous === 0 ? "" : ` (${NUMBER.format((diff / t.previous) * 100)} %)`;
  return `${CHANGE[t.change]} ${metricValue(t.metric, diff)}${pct}`;
}

const rangesVi = (ranges: readonly { from: string; to: string }[]) =>
  ranges.map((r) => (r.from === r.to ? dateVi(r.from) : `${dateVi(r.from)}–${dateVi(r.to)}`)).join("; ");

function coverageVi(coverage: readonly GateCoverage[]): string {
  const partial = coverage.filter((c) => !c.complete);
  if (partial.length === 0) return para("Số liệu của tất cả các cửa khẩu đầy đủ cho cả kỳ báo cáo.");
  return `${para(
    `Số liệu của ${partial.length}/${coverage.length} cửa khẩu chưa đầy đủ cho cả kỳ báo cáo; các số liệu tổng hợp dưới đây chỉ gồm những ngày có số liệu:`,
  )}
${table(
  ["Cửa khẩu", { n: "Số ngày có số liệu" }, "Những ngày có số liệu", "Những ngày thiếu số liệu"],
  partial.map((c) => [
    c.gate.name,
    { n: `${count(c.daysCovered)}/${count(c.days)}` },
    c.covered.length > 0 ? rangesVi(c.covered) : "Không có",
    rangesVi(c.missing),
  ]),
)}`;
}

function head(issuer: DocumentIssuer, generatedAt: string): string {
  const office = upper(issuer.office);
  return `<table class="head"><tr>
<td class="office">${issuer.parentBody ? `<p>${escapeHtml(upper(issuer.parentBody))}</p>` : ""}<p><strong>${escapeHtml(office)}</strong></p><span class="rule"></span>
<p class="number">Số:&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;/${escapeHtml(issuer.numberSuffix)}</p></td>
<td class="nation"><p class="nation-name">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p><p class="motto">Độc lập - Tự do - Hạnh phúc</p><span class="rule motto-rule"></span>
<p class="date">${escapeHtml(dateLineVi(issuer.place, Date.parse(generatedAt)))}</p></td>
</tr></table>`;
}

function signature(issuer: DocumentIssuer): string {
  const s = issuer.signer;
  const to = issuer.recipients.map((r, i) => {
    const last = i === issuer.recipients.length - 1;
    const text = r.replace(/[;.]\s*$/, "");
    return `<p>- ${escapeHtml(text)}${last ? "." : ";"}</p>`;
  });
  return `<table class="sign"><tr>
<td class="to"><p class="label">Nơi nhận:</p>${to.join("")}</td>
<td class="signer">${s.authority ? `<p>${escapeHtml(upper(s.authority))}</p>` : ""}<p>${escapeHtml(upper(s.title))}</p><div class="space"></div>${
    s.name ? `<p>${escapeHtml(s.name)}</p>` : ""
  }</td>
</tr></table>`;
}

function document(
  title: string,
  subject: string,
  issuer: DocumentIssuer,
  generatedAt: string,
  body: string,
): string {
  let figure = 0;
  const page = `${head(issuer, generatedAt)}
<p class="title">BÁO CÁO</p>
<p class="subject">${escapeHtml(subject)}</p><span class="rule"></span>
${body}
${signature(issuer)}`.replaceAll(FIGURE_NUMBER, () => String(++figure));
  // The widths of the two short rules under the headings follow their text, as the decree draws them.
  const style = `${STYLE}
.head td.office .rule { width: 40%; }
.head td.nation .rule { width: 62%; }`;
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:">
<title>${escapeHtml(title)}</title>
<style>${fontFaceCss(page)}
${style}</style>
</head>
<body>
${page}
</body>
</html>
`;
}

const NOTE =
  "Một lượt trên bảng LED là một khoảng thời gian bảng giữ nội dung đó; giờ của bảng LED chia đều cho các trang nội dung bảng luân phiên hiển thị. Một lượt trên màn hình LED lớn là một lần phát một nội dung; nội dung bị bỏ qua (video hỏng, định dạng không phát được) không được tính giờ.";

/** One gate's report as a document (at the gate, or a gate's at the central office). */
export function gateDocumentHtml(report: GateReport, issuer: DocumentIssuer): string {
  const period = periodVi(report.period.from, report.period.to);
  const subject = `Kết quả hoạt động hệ thống thông tin đối ngoại tại ${report.gate.name} ${lowerFirst(period)}`;
  const source =
    report.source === "gate"
      ? "Số liệu ghi tại máy chủ của cửa khẩu"
      : "Số liệu do cửa khẩu gửi về văn phòng trung tâm";
  const body = `${para(
    `Thực hiện chế độ báo cáo định kỳ, ${issuer.office} báo cáo kết quả hoạt động của hệ thống thông tin đối ngoại (ki-ốt thông tin, bảng điện tử LED, màn hình LED lớn) tại ${report.gate.name} từ ngày ${dateVi(report.period.from)} đến ngày ${dateVi(report.period.to)} như sau:`,
  )}
${gateBody(report, new Figures(), false)}
<h2>IV. Ghi chú về số liệu</h2>
${para(
  `${source}; lập lúc ${instantVi(report.generatedAt)}${
    report.lastRecordAt ? `, số liệu mới nhất lúc ${instantVi(report.lastRecordAt)}` : ", chưa có số liệu"
  }. ${NOTE}`,
)}
<p class="end">Trên đây là báo cáo kết quả hoạt động ${escapeHtml(lowerFirst(period))} của ${escapeHtml(report.gate.name)}./.</p>`;
  return document(`Báo cáo ${period} — ${report.gate.name}`, subject, issuer, report.generatedAt, body);
}

function lowerFirst(text: string): string {
  return text.startsWith("Năm") || text.startsWith("Từ")
    ? text.charAt(0).toLowerCase() + text.slice(1)
    : text;
}

/** The province's report across its gates as a document (at the central office). */
export function provinceDocumentHtml(report: ProvinceReport, issuer: DocumentIssuer): string {
  const period = periodVi(report.period.from, report.period.to);
  const figures = new Figures();
  const subject = `Kết quả hoạt động hệ thống thông tin đối ngoại tại các cửa khẩu ${lowerFirst(period)}`;
  const totals = table(
    ["Chỉ tiêu", { n: "Kỳ này" }, { n: "Kỳ trước" }, { n: "So với kỳ trước" }],
    // The change on one line ("Tăng 1.299,0 (20,0 %)" broke after its opening bracket): the label wraps.
    report.totals.map((t) => [
      METRICS[t.metric].label,
      { n: metricValue(t.metric, t.value) },
      { n: metricValue(t.metric, t.previous) },
      { n: changeVi(t) },
    ]),
    `Kỳ trước: từ ${dateVi(report.previousPeriod.from)} đến ${dateVi(report.previousPeriod.to)}`,
  );
  const previousPartial = report.previousCoverage.filter((c) => !c.complete);
  const sections = report.sections
    .map(
      (g, i) => `<h3>${i + 1}. ${escapeHtml(g.gate.name)}</h3>
${gateBody(g, figures, true)}`,
    )
    .join("\n");
  const body = `${para(
    `Thực hiện chế độ báo cáo định kỳ, ${issuer.office} tổng hợp, báo cáo kết quả hoạt động của hệ thống thông tin đối ngoại (ki-ốt thông tin, bảng điện tử LED, màn hình LED lớn) tại ${count(report.gates.length)} cửa khẩu (${report.gates.map((g) => g.name).join(", ")}) từ ngày ${dateVi(report.period.from)} đến ngày ${dateVi(report.period.to)} như sau:`,
  )}
<h2>I. Tổng hợp chung</h2>
<h3>1. Các chỉ tiêu chính</h3>
${totals}
${
  previousPartial.length > 0
    ? `<p class="note">${escapeHtml(
        `Số liệu kỳ trước chưa đầy đủ ở: ${previousPartial.map((c) => c.gate.name).join(", ")}.`,
      )}</p>`
    : ""
}
<h3>2. Mức độ đầy đủ của số liệu</h3>
${coverageVi(report.coverage)}
<h3>3. Nội dung hiển thị theo ngôn ngữ và chương trình</h3>
${table(
  ["Ngôn ngữ", { n: "Số giờ" }, { n: "Số lượt" }],
  report.shownByLanguage.map((r) => [languageVi(r.key), { n: hours(r.hours) }, { n: count(r.plays) }]),
)}
${figures.chart("hours-by-language", report)}
${table(
  ["Chương trình", { n: "Số giờ" }, { n: "Số lượt" }],
  report.shownByProgram.map((r) => [programVi(r.key, r.label), { n: hours(r.hours) }, { n: count(r.plays) }]),
)}
${figures.chart("hours-by-program", report)}
<h3>4. Lượt khách sử dụng ki-ốt theo ngôn ngữ</h3>
${table(
  ["Ngôn ngữ", { n: "Số lượt" }, { n: "Số phút" }],
  report.kioskUseByLanguage.map((l) => [
    languageVi(l.language),
    { n: count(l.sessions) },
    { n: hours(l.minutes) },
  ]),
)}
${figures.chart("kiosk-use-by-language", report)}
<h2>II. Tình hình từng cửa khẩu</h2>
${sections}
<h2>III. Ghi chú về số liệu</h2>
${para(`Số liệu do các cửa khẩu gửi về văn phòng trung tâm; lập lúc ${instantVi(report.generatedAt)}. ${NOTE}`)}
<p class="end">Trên đây là báo cáo tổng hợp kết quả hoạt động ${escapeHtml(lowerFirst(period))} của hệ thống thông tin đối ngoại tại các cửa khẩu./.</p>`;
  return document(`Báo cáo ${period} — các cửa khẩu`, subject, issuer, report.generatedAt, body);
}
