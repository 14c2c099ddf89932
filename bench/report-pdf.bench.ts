/**
 * Bench: the province's six-monthly report as a PDF document, as the central office prints it on
 * demand and on 1 January and 1 July: ten gates, each with every list full (the 20 items shown
 * longest, three signs with a dozen outages each), the weekly charts, names in Vietnamese, Lao, Khmer
 * and Chinese. The document is rendered (fonts inlined), then printed by the real Chromium in its
 * own process: the limits are the print's bound (pdf.ts kills it after 120 s), a file small enough
 * to attach to an e-mail, and the controller's event loop left free meanwhile.
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import { siteSchema } from "../controller/src/config/site-schema.js";
import { documentIssuer, provinceDocumentHtml } from "../controller/src/reports/document-html.js";
import { PDF_LIMITS, PdfPrinter } from "../controller/src/reports/pdf.js";
import { provinceReportFixture } from "../test/helpers/report-fixtures.js";
import type { BenchRow } from "./harness.js";

const GATES = 10;
const PRINTS = 3;

export default async function (): Promise<BenchRow[]> {
  const site = siteSchema.parse({
    version: 1,
    id: "central-ha-tinh",
    role: "central",
    name: { vi: "Văn phòng trung tâm Hà Tĩnh", en: "Ha Tinh central office" },
    province: { vi: "Hà Tĩnh", en: "Ha Tinh" },
    neighbour: { country: "LA", name: { vi: "Lào", en: "Laos" }, gate: { vi: "Nậm Phao", en: "Nam Phao" } },
    languages: ["vi", "lo", "en"],
    contentPack: "cau-treo",
    central: { gates: [] },
  });
  const report = provinceReportFixture(GATES, "2026-01-01", "2026-06-30", true);
  const t0 = performance.now();
  const html = provinceDocumentHtml(report, documentIssuer(site));
  const renderMs = performance.now() - t0;

  const printer = new PdfPrinter();
  if (!printer.chromium()) throw new Error("no Chromium to print with (apt-get install chromium)");
  const delay = monitorEventLoopDelay({ resolution: 5 });
  const times: number[] = [];
  let pdf: Buffer = Buffer.alloc(0);
  delay.enable();
  for (let i = 0; i < PRINTS; i++) {
    const result = await printer.print(html);
    times.push(result.ms);
    pdf = result.pdf;
  }
  delay.disable();
  times.sort((a, b) => a - b);
  const pages = [...pdf.toString("latin1").matchAll(/\/Type\s*\/Page\b(?!s)/g)].length;
  // The same time without a print: what the machine's other load alone does to the event loop.
  const idle = monitorEventLoopDelay({ resolution: 5 });
  idle.enable();
  await new Promise((resolve) =>
    setTimeout(
      resolve,
      times.reduce((a, b) => a + b, 0),
    ),
  );
  idle.disable();
  return [
    { name: `province report, ${GATES} gates: document HTML (fonts inline)`, value: renderMs, unit: "ms" },
    {
      name: `province report document size (${(html.length / 1e6).toFixed(2)} MB of HTML)`,
      value: html.length / 1e6,
      unit: "MB",
    },
    {
      name: `province report, ${GATES} gates: PDF print by Chromium (median of ${PRINTS})`,
      value: (times[Math.floor(PRINTS / 2)] ?? 0) / 1000,
      unit: "s",
      limit: PDF_LIMITS.timeoutMs / 1000,
      limitLabel: "the print's bound (killed after)",
    },
    {
      name: `province report PDF: ${pages} A4 pages`,
      value: pdf.length / 1e6,
      unit: "MB",
      limit: 10,
      limitLabel: "an e-mail attachment",
    },
    {
      name: "PDF print: longest event-loop stall meanwhile",
      value: delay.max / 1e6,
      unit: "ms",
      limit: 100,
      limitLabel: "kiosks and signs not held up",
    },
    { name: "the same time without a print (the machine's other load)", value: idle.max / 1e6, unit: "ms" },
  ];
}
