/** The audit log (supervisor and admin). */
import type { AuditPage, AuditRow } from "../../../../controller/src/contract/audit.js";
import { type ApiClient, apiUrl, type Result } from "./http.js";

export type { AuditPage, AuditRow };

export interface AuditFilter {
  entity?: string;
  actor?: string;
  /** ISO-8601 instants with an offset; `to` is exclusive. */
  from?: string;
  to?: string;
}

export function query(
  api: ApiClient,
  filter: AuditFilter,
  limit: number,
  offset: number,
): Promise<Result<AuditPage>> {
  return api.get("/audit", { ...filter, limit, offset });
}

/** The same filter as a CSV download (a plain link: the browser sends the session cookie). */
export function csvUrl(filter: AuditFilter): string {
  return apiUrl("/audit.csv", { ...filter });
}
