/**
 * The six-monthly reports: a gate's own (`/reports`), or at the central office a gate's from what it
 * uploaded (`/central/reports/{gate}`) and the province's across its gates (`/central/reports`), and
 * the province reports the office prepared on its own (`/central/report-files`). JSON for the
 * screen; CSV, the printable page, the PDF and the charts (SVG) are links.
 */
import type {
  ChartKind,
  GateReport,
  ProvinceReport,
  ReportFile,
  ReportFiles,
} from "../../../../controller/src/contract/reports.js";
import { type ApiClient, apiUrl, type Result, seg } from "./http.js";

export type { ChartKind, GateReport, ProvinceReport, ReportFile, ReportFiles };

export interface ReportQuery {
  /** Gate-local dates, both included. */
  from: string;
  to: string;
  /** Set at the central office: whose report. */
  gate?: string;
}

export interface ProvinceQuery {
  from: string;
  to: string;
  /** Ids from `central.gates`; all of them when absent. */
  gates?: string[];
}

export type ReportFormat = "csv" | "html" | "pdf";

function path(q: ReportQuery): string {
  return q.gate ? `/central/reports/${seg(q.gate)}` : "/reports";
}

export function report(api: ApiClient, q: ReportQuery): Promise<Result<GateReport>> {
  return api.get(path(q), { from: q.from, to: q.to });
}

/** The same report as a file (a plain link: the browser sends the session cookie). */
export function reportUrl(q: ReportQuery, format: ReportFormat): string {
  return apiUrl(path(q), { from: q.from, to: q.to, format });
}

/** One of the report's charts as an SVG image. */
export function chartUrl(q: ReportQuery, chart: ChartKind): string {
  return apiUrl(path(q), { from: q.from, to: q.to, format: "svg", chart });
}

const provinceParams = (q: ProvinceQuery) => ({
  from: q.from,
  to: q.to,
  ...(q.gates ? { gates: q.gates.join(",") } : {}),
});

export function province(api: ApiClient, q: ProvinceQuery): Promise<Result<ProvinceReport>> {
  return api.get("/central/reports", provinceParams(q));
}

export function provinceUrl(q: ProvinceQuery, format: ReportFormat): string {
  return apiUrl("/central/reports", { ...provinceParams(q), format });
}

export function provinceChartUrl(q: ProvinceQuery, chart: ChartKind): string {
  return apiUrl("/central/reports", { ...provinceParams(q), format: "svg", chart });
}

export function reportFiles(api: ApiClient): Promise<Result<ReportFiles>> {
  return api.get("/central/report-files");
}

/** Makes the last half-year's province report now (admin); its outcome shows in `reportFiles`. */
export function runReportFiles(api: ApiClient): Promise<Result<unknown>> {
  return api.post("/central/report-files/run", {});
}

export function dismissReportFile(api: ApiClient, period: string): Promise<Result<unknown>> {
  return api.post(`/central/report-files/${seg(period)}/dismiss`, {});
}
