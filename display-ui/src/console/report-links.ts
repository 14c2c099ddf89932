/** The download and print links of a report on screen, shared by the gate's and the province's report. */
import { html, nothing, type TemplateResult } from "lit";
import type { MessageKey } from "./i18n.js";

/** The links of a report's files. */
export interface ReportLinks {
  csv: string;
  html: string;
  pdf: string;
}

/** PDF, CSV and the printable page; the PDF as the primary action where the screen leads with it. */
export function reportLinks(
  links: ReportLinks | undefined,
  t: (key: MessageKey) => string,
  { primary = false }: { primary?: boolean } = {},
): TemplateResult | typeof nothing {
  if (!links) return nothing;
  return html`<div class="links">
    <a class=${primary ? "button primary" : "button"} data-action="pdf" href=${links.pdf} download
      >⇩ ${t("downloadReportPdf")}</a
    >
    <a class="button" data-action="csv" href=${links.csv} download>⇩ ${t("downloadReportCsv")}</a>
    <a class="button" data-action="html" href=${links.html} target="_blank" rel="noopener">↗ ${t("printReport")}</a>
  </div>`;
}
