/**
 * The six-monthly reports: a gate's own (`/reports`), or at the central office a gate's from what it
 * uploaded (`/central/reports/{gate}`). JSON for the screen; CSV and printable HTML are links.
 */
import type { GateReport } from "../../../../controller/src/contract/reports.js";
import { type ApiClient, apiUrl, type Result, seg } from "./http.js";

export type { GateReport };

export interface ReportQuery {
  /** Gate-local dates, both included. */
  from: string;
  to: string;
  /** Set at the central office: whose report. */
  gate?: string;
}

function path(q: ReportQuery): string {
  return q.gate ? `/central/reports/${seg(q.gate)}` : "/reports";
}

export function report(api: ApiClient, q: ReportQuery): Promise<Result<GateReport>> {
  return api.get(path(q), { from: q.from, to: q.to });
}

/** The same report as a file (a plain link: the browser sends the session cookie). */
export function reportUrl(q: ReportQuery, format: "csv" | "html"): string {
  return apiUrl(path(q), { from: q.from, to: q.to, format });
}
