import { describe, expect, it } from "vitest";
import { siteSchema } from "../../controller/src/config/site-schema.js";
import { documentFaces, facesFor, parseUnicodeRange } from "../../controller/src/reports/document-fonts.js";
import {
  dateLineVi,
  documentIssuer,
  gateDocumentHtml,
  provinceDocumentHtml,
} from "../../controller/src/reports/document-html.js";
import { gateReportFixture, NAMES, provinceReportFixture } from "../helpers/report-fixtures.js";

const site = siteSchema.parse({
  version: 1,
  id: "central-ha-tinh",
  role: "central",
  name: { vi: "Văn phòng trung tâm Hà Tĩnh", en: "Ha Tinh central office" },
  province: { vi: "Hà Tĩnh", en: "Ha Tinh" },
  neighbour: { country: "LA", name: { vi: "Lào", en: "Laos" }, gate: { vi: "Nậm Phao", en: "Nam Phao" } },
  languages: ["vi", "lo", "en"],
  contentPack: "cau-treo",
  central: { gates: [{ id: "cau-treo", name: "Cửa khẩu quốc tế Cầu Treo" }] },
  report: {
    parentBody: "UBND tỉnh Hà Tĩnh",
    office: "Trung tâm Thông tin đối ngoại",
    numberSuffix: "BC-TTĐN",
    signer: { authority: "KT. Giám đốc", title: "Phó Giám đốc", name: "Nguyễn Văn An" },
    recipients: ["UBND tỉnh Hà Tĩnh", "Sở Ngoại vụ", "Lưu: VT, TTĐN"],
  },
});

/** The document's text without tags, its whitespace collapsed. */
const textOf = (html: string) =>
  html
    .replace(/<style>[\s\S]*?<\/style>/g, "")
    .replace(/<[^>]+>/g, " ")
    .replaceAll("&nbsp;", " ")
    .replace(/\s+/g, " ");

describe("the report as an administrative document (Decree 30/2020/NĐ-CP)", () => {
  it("writes the date line in the decree's words, by the gate's day", () => {
    // 31 December 20:00 UTC is 1 January at the gate: day and month 1 take a leading zero.
    expect(dateLineVi("Hà Tĩnh", Date.parse("2026-12-31T20:00:00Z"))).toBe(
      "Hà Tĩnh, ngày 01 tháng 01 năm 2027",
    );
    expect(dateLineVi("Hà Tĩnh", Date.parse("2026-02-05T03:00:00+07:00"))).toBe(
      "Hà Tĩnh, ngày 05 tháng 02 năm 2026",
    );
    // Months from March on are written without a zero.
    expect(dateLineVi("Lạng Sơn", Date.parse("2026-07-01T06:00:00+07:00"))).toBe(
      "Lạng Sơn, ngày 01 tháng 7 năm 2026",
    );
    expect(dateLineVi("Tây Ninh", Date.parse("2026-12-17T06:00:00+07:00"))).toBe(
      "Tây Ninh, ngày 17 tháng 12 năm 2026",
    );
  });

  it("fills the issuer from the site file when it has no report section", () => {
    const { report: _omit, ...plain } = site;
    expect(documentIssuer(plain)).toMatchObject({
      office: "Văn phòng trung tâm Hà Tĩnh",
      place: "Hà Tĩnh",
      numberSuffix: "BC",
      recipients: ["UBND tỉnh Hà Tĩnh (để báo cáo)", "Lưu: VT"],
    });
  });

  it("lays a gate's report out with the heading, number, date line, sections and signature block", () => {
    const html = gateDocumentHtml(gateReportFixture("cau-treo", NAMES.vi), documentIssuer(site));
    const text = textOf(html);
    expect(text).toContain("UBND TỈNH HÀ TĨNH");
    expect(text).toContain("TRUNG TÂM THÔNG TIN ĐỐI NGOẠI");
    expect(text).toContain("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    expect(text).toContain("Độc lập - Tự do - Hạnh phúc");
    expect(text).toMatch(/Số: +\/BC-TTĐN/);
    // Made on 1 July 2026 at 07:00 gate time.
    expect(html).toContain('<p class="date">Hà Tĩnh, ngày 01 tháng 7 năm 2026</p>');
    expect(text).toContain("BÁO CÁO");
    expect(text).toContain("6 tháng đầu năm 2026");
    for (const heading of [
      "I. Nội dung đã hiển thị",
      "II. Lượt khách sử dụng ki-ốt",
      "III. Tình trạng hoạt động của bảng LED",
    ]) {
      expect(text).toContain(heading);
    }
    expect(text).toContain("1. Màn hình cảm ứng (ki-ốt)");
    expect(text).toContain("./.");
    expect(text).toMatch(/Nơi nhận: - UBND tỉnh Hà Tĩnh; - Sở Ngoại vụ; - Lưu: VT, TTĐN\./);
    expect(text).toMatch(/KT\. GIÁM ĐỐC PHÓ GIÁM ĐỐC Nguyễn Văn An/);
    // The charts are in, numbered, drawn as SVG; no script anywhere.
    expect(html).toMatch(/<figure><svg[\s\S]*?<figcaption>Biểu đồ 1: /);
    expect(html).not.toMatch(/<script/i);
    // A4, the decree's margins, 13 pt Tinos with fonts inline.
    expect(html).toContain("@page { size: A4; margin: 20mm 20mm 20mm 30mm; }");
    expect(html).toMatch(/font-family: "Tinos"[^;]*; font-size: 13pt/);
    expect(html).toMatch(
      /@font-face\{font-family:"Tinos";font-style:italic;font-weight:400;[^}]*src:url\(data:font\/woff2;base64,/,
    );
    expect(html).toContain('font-family:"Noto Sans Lao"');
  });

  it("puts the province's totals, the gates whose data is partial, and each gate's section", () => {
    const report = provinceReportFixture(4);
    const html = provinceDocumentHtml(report, documentIssuer(site));
    const text = textOf(html);
    expect(text).toContain("I. Tổng hợp chung");
    expect(text).toContain("II. Tình hình từng cửa khẩu");
    expect(text).toContain("Kỳ trước: từ 01/07/2025 đến 31/12/2025");
    expect(text).toMatch(/Lượt khách sử dụng ki-ốt [\d.]+ [\d.]+ Tăng/);
    // The fourth gate stopped uploading after 15 June: named, with the dates it lacks.
    expect(text).toContain("Số liệu của 1/4 cửa khẩu chưa đầy đủ");
    expect(text).toContain(`${NAMES.zh} 4`);
    expect(text).toContain("16/06/2026–30/06/2026");
    for (const [i, g] of report.gates.entries()) expect(text).toContain(`${i + 1}. ${g.name}`);
    // Every script's font is embedded: the neighbours' names render.
    for (const family of ["Tinos", "Noto Sans Lao", "Noto Sans Khmer", "Noto Sans SC"]) {
      expect(html).toContain(`font-family:"${family}"`);
    }
  });

  it("says a rate's change in percentage points, not as a share of the rate", () => {
    const report = provinceReportFixture(2);
    report.totals = report.totals.map((t) =>
      t.metric === "sign_uptime_percent" ? { ...t, value: 98.2, previous: 98.1, change: "up" } : t,
    );
    const text = textOf(provinceDocumentHtml(report, documentIssuer(site)));
    expect(text).toContain("Tỷ lệ hoạt động của bảng LED (%) 98,2 98,1 Tăng 0,1 điểm phần trăm");
  });

  it("keeps a Chinese name whole in a justified paragraph (justifying spread it out letter by letter)", () => {
    const html = provinceDocumentHtml(provinceReportFixture(4), documentIssuer(site));
    expect(html).toContain(`<span class="han">${NAMES.zh}</span> 4)`);
  });

  it("embeds only the font subsets the text needs", () => {
    expect(parseUnicodeRange("U+0E81-0EDF,U+25CC,U+4??")).toEqual([
      [0xe81, 0xedf],
      [0x25cc, 0x25cc],
      [0x400, 0x4ff],
    ]);
    const faces = documentFaces();
    const families = (text: string) => [...new Set(facesFor(text, faces).map((f) => f.family))];
    expect(families("Cộng hòa")).toEqual(["Tinos"]);
    expect(families(`Cầu Treo ${NAMES.lo}`)).toEqual(["Tinos", "Noto Sans Lao"]);
    // Latin letters are always in (numbers, dates, the markup's words).
    expect(families(NAMES.zh)).toEqual(["Tinos", "Noto Sans SC"]);
    // A hundred Chinese subsets exist; a few names need a few.
    expect(facesFor(NAMES.zh, faces).filter((f) => f.family === "Noto Sans SC").length).toBeLessThan(6);
  });
});
