/**
 * One report, made from its own read-only connection: what the report worker runs (report-worker.mjs),
 * so that summing a half-year of plays never holds up the controller's event loop (kiosk sockets, the
 * sign drivers' timing). WAL lets this reader run beside the controller's writes.
 */

import type { GateReport } from "../contract/reports.js";
import type { Localized } from "../domain/types.js";
import { openReadOnly } from "../store/database.js";
import { buildReport } from "./build.js";
import type { ReportPeriod } from "./period.js";
import { centralReportInput, gateReportInput } from "./records.js";

export type ReportJob =
  | {
      kind: "gate";
      dbFile: string;
      site: {
        id: string;
        name: Localized;
        signs: { id: string; name: string }[];
        screens: { id: string; name: string }[];
      };
      period: ReportPeriod;
      now: number;
    }
  | {
      kind: "central";
      dbFile: string;
      gate: { id: string; name: string };
      period: ReportPeriod;
      now: number;
    };

export function runReportJob(job: ReportJob): GateReport {
  const db = openReadOnly(job.dbFile, 5000);
  try {
    const input =
      job.kind === "gate"
        ? gateReportInput(db, job.site, job.period, job.now)
        : centralReportInput(db, job.gate, job.period, job.now);
    return buildReport(input);
  } finally {
    db.close();
  }
}
