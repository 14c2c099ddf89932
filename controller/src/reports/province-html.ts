/**
 * The province's report as a printable page in Vietnamese: the gates whose figures are partial named
 * first, the province's totals beside the period before, its charts (each with its numbers as a table),
 * then every gate's own sections. The same style block as a gate's page (html.ts), so the same hash.
 */
import type { GateCoverage, ProvinceReport, ProvinceTotal } from "../contract/reports.js";
import { escapeHtml } from "./escape.js";
import {
  chartFigure,
  dateVi,
  gateSectionsHtml,
  instantVi,
  PAGE_STYLE,
  periodVi,
  REPORT_STYLE_HASH,
  type Row,
  table,
} from "./html.js";
import { languageVi, metricVi, programVi } from "./labels-vi.js";

/** For the page's Content-Security-Policy: it is the gate page's one style block. */
export const PROVINCE_STYLE_HASH = REPORT_STYLE_HASH;

const ONE = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 1, minimumFractionDigits: 1 });
const INTEGER = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 0 });

const PERCENT_METRIC = "sign_uptime_percent";
const COUNT_METRICS = new Set(["kiosk_sessions", "screen_skips", "sign_outages"]);

function value(t: ProvinceTotal, n: number | null): string {
  if (n === null) return "—";
  return COUNT_METRICS.has(t.metric) ? INTEGER.format(n) : ONE.format(n);
}

/** "Tăng 12,5 %", "Giảm 3 giờ"… as a reader would say it; a percentage point for the uptime. */
export function changeVi(t: ProvinceTotal): string {
  if (t.change === null || t.value === null || t.previous === null) return "Không so sánh được";
  if (t.change === "same") return "Không đổi";
  const word = t.change === "up" ? "▲ Tăng" : "▼ Giảm";
  const diff = Math.abs(t.value - t.previous);
  if (t.metric === PERCENT_METRIC) return `${word} ${ONE.format(diff)} điểm %`;
  if (t.previous === 0) return `${word} (kỳ trước: 0)`;
  return `${word} ${ONE.format((diff / t.previous) * 100)} %`;
}

const range = (r: { from: string; to: string }) =>
  r.from === r.to ? dateVi(r.from) : `${dateVi(r.from)}–${dateVi(r.to)}`;

/** "Cầu Treo: có số liệu 01/01/2026–15/03/2026 (74/181 ngày); không có số liệu 16/03/2026–30/06/2026." */
export function coverageVi(c: GateCoverage): string {
  if (c.daysCovered === 0) return `${c.gate.name}: không có số liệu nào trong kỳ.`;
  const have = c.covered.map(range).join(", ");
  const missing = c.missing.map(range).join(", ");
  return `${c.gate.name}: có số liệu ${have} (${c.daysCovered}/${c.days} ngày); không có số liệu ${missing}.`;
}

function coverageWarning(report: ProvinceReport): string {
  const partial = report.coverage.filter((c) => !c.complete);
  const previous = report.previousCoverage.filter((c) => !c.complete);
  const items = partial.map((c) => `<li>${escapeHtml(coverageVi(c))}</li>`).join("");
  const before =
    previous.length > 0
      ? `<p>Kỳ trước (${escapeHtml(range(report.previousPeriod))}) thiếu số liệu của: ${escapeHtml(
          previous.map((c) => `${c.gate.name} (${c.daysCovered}/${c.days} ngày)`).join(", "),
        )}; so sánh với kỳ trước chỉ mang tính tham khảo.</p>`
      : "";
  if (partial.length === 0 && !before) return "";
  return `<div class="warn" role="note">${
    partial.length > 0
      ? `<p><strong>Số liệu chưa đầy đủ:</strong> các cửa khẩu sau chưa gửi đủ số liệu cho cả kỳ báo cáo, số liệu của các cửa khẩu này chỉ tính những ngày đã có.</p><ul>${items}</ul>`
      : ""
  }${before}</div>`;
}

export function provinceHtml(report: ProvinceReport, issuer = "VĂN PHÒNG TRUNG TÂM"): string {
  const period = periodVi(report.period.from, report.period.to);
  const previous = `${dateVi(report.previousPeriod.from)}–${dateVi(report.previousPeriod.to)}`;
  const totals = table(
    ["Chỉ tiêu", { n: "Kỳ này" }, { n: "Kỳ trước" }, "So với kỳ trước"],
    report.totals.map(
      (t): Row => [metricVi(t.metric), { n: value(t, t.value) }, { n: value(t, t.previous) }, changeVi(t)],
    ),
    "Không có số liệu trong kỳ.",
  );
  const shownRows = (rows: ProvinceReport["shownByLanguage"], label: (key: string, l: string) => string) =>
    rows.map((r): Row => [label(r.key, r.label), { n: ONE.format(r.hours) }, { n: INTEGER.format(r.plays) }]);
  const gates = report.sections
    .map((section, i) => {
      // A gate's own sections, one heading level down under the gate's name.
      const body = gateSectionsHtml(section, false)
        .replaceAll("<h3", "<h4")
        .replaceAll("</h3>", "</h4>")
        .replaceAll("<h2", "<h3")
        .replaceAll("</h2>", "</h3>");
      const last = section.lastRecordAt
        ? `số liệu mới nhất lúc ${instantVi(section.lastRecordAt)}`
        : "chưa có số liệu";
      return `<section>
<h2>${i + 1}. ${escapeHtml(section.gate.name)}</h2>
<p><em>${escapeHtml(`Số liệu do cửa khẩu gửi về; ${last}.`)}</em></p>
${body}
</section>`;
    })
    .join("\n");
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`Báo cáo tổng hợp ${period}`)}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<header>
  <div><p>${escapeHtml(issuer.toUpperCase())}</p></div>
  <div class="motto"><p>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<span>Độc lập - Tự do - Hạnh phúc</span></p></div>
</header>
<h1>Báo cáo tổng hợp hoạt động các cụm thông tin đối ngoại</h1>
<p class="period">${escapeHtml(period)} (từ ${dateVi(report.period.from)} đến ${dateVi(report.period.to)}, giờ Việt Nam)</p>
<p>Các cửa khẩu trong báo cáo: ${escapeHtml(report.gates.map((g) => g.name).join(", ") || "không có")}.</p>
${coverageWarning(report)}

<h2>A. Tổng hợp toàn tỉnh</h2>
<p>Kỳ này: ${dateVi(report.period.from)}–${dateVi(report.period.to)}; kỳ trước: ${previous}.</p>
${totals}
${chartFigure("hours-by-language", report)}
${table(
  ["Theo ngôn ngữ", { n: "Số giờ" }, { n: "Số lượt" }],
  shownRows(report.shownByLanguage, (key) => languageVi(key)),
  "Không có số liệu trong kỳ.",
)}
${chartFigure("hours-by-program", report)}
${table(
  ["Theo chương trình", { n: "Số giờ" }, { n: "Số lượt" }],
  shownRows(report.shownByProgram, (key, label) => programVi(key, label)),
  "Không có số liệu trong kỳ.",
)}
${chartFigure("kiosk-use-by-language", report)}
${table(
  ["Lượt sử dụng ki-ốt theo ngôn ngữ", { n: "Số lượt" }, { n: "Số phút" }],
  report.kioskUseByLanguage.map(
    (l): Row => [languageVi(l.language), { n: INTEGER.format(l.sessions) }, { n: ONE.format(l.minutes) }],
  ),
  "Không có lượt sử dụng trong kỳ.",
)}
${chartFigure("sign-uptime", report)}

<h2>B. Từng cửa khẩu</h2>
${gates || '<p class="empty">Không có cửa khẩu nào.</p>'}

<div class="sign">
  <div></div>
  <div><p><strong>NGƯỜI LẬP BÁO CÁO</strong></p><p><em>(Ký, ghi rõ họ tên)</em></p></div>
</div>
<footer>
  <p>Số liệu do các cửa khẩu gửi về văn phòng trung tâm. Lập lúc ${instantVi(report.generatedAt)}. Kỳ trước: cùng độ dài, liền trước kỳ báo cáo (${previous}). Số giờ hiển thị theo tuần: mỗi lượt phát tính vào tuần nó bắt đầu; tuần tính 7 ngày từ ngày đầu kỳ.</p>
</footer>
</body>
</html>
`;
}
