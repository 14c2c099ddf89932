/**
 * One report, made from its own read-only connection: what the report worker runs (report-worker.mjs),
 * so that summing a half-year of plays never holds up the controller's event loop (kiosk sockets, the
 * sign drivers' timing). WAL lets this reader run beside the controller's writes.
 */

import type { GateReport, ProvinceReport } from "../contract/reports.js";
import { addDays, daysBetween } from "../domain/calendar/civil.js";
import { gateDate } from "../domain/gate-time.js";
import type { Localized } from "../domain/types.js";
import { type Db, openReadOnly } from "../store/database.js";
import { uploadedDays, uploadObservedUntil } from "../store/reports-repo.js";
import { buildReport } from "./build.js";
import { type DocumentIssuer, gateDocumentHtml, provinceDocumentHtml } from "./document-html.js";
import { gateMidnight, type ReportPeriod } from "./period.js";
import { buildProvinceReport, type GateRecordDays, previousPeriodOf } from "./province.js";
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

/** The report across a central office's gates (province.ts), for `period` and the period before it. */
export interface ProvinceJob {
  kind: "province";
  dbFile: string;
  /** In `central.gates` order. */
  gates: { id: string; name: string }[];
  period: ReportPeriod;
  now: number;
}

/** The days of a period up to `until` (gate-local), each with the instants it starts and ends at. */
function daysOf(period: ReportPeriod, until: string) {
  const last = period.to < until ? period.to : until;
  const days: { date: string; startsAt: string; endsAt: string }[] = [];
  for (let d = 0; d <= daysBetween(period.from, last); d++) {
    const date = addDays(period.from, d);
    days.push({ date, startsAt: gateMidnight(date), endsAt: gateMidnight(addDays(date, 1)) });
  }
  return days;
}

function gatesAt(db: Db, job: ProvinceJob, period: ReportPeriod, knownUntil: string) {
  const reports = job.gates.map((gate) => buildReport(centralReportInput(db, gate, period, job.now)));
  const days = daysOf(period, knownUntil);
  const recordDays = job.gates.map(
    (gate): GateRecordDays => ({
      gate,
      days: uploadedDays(db, gate.id, days),
      lastRecordAt: uploadObservedUntil(db, gate.id),
    }),
  );
  return { reports, recordDays };
}

export function runProvinceJob(job: ProvinceJob): ProvinceReport {
  const db = openReadOnly(job.dbFile, 5000);
  try {
    const knownUntil = gateDate(job.now);
    const previousPeriod = previousPeriodOf(job.period);
    const current = gatesAt(db, job, job.period, knownUntil);
    const previous = gatesAt(db, job, previousPeriod, knownUntil);
    return buildProvinceReport({
      period: job.period,
      previousPeriod,
      generatedAt: job.now,
      knownUntil,
      gates: job.gates,
      sections: current.reports,
      previous: previous.reports,
      recordDays: current.recordDays,
      previousRecordDays: previous.recordDays,
    });
  } finally {
    db.close();
  }
}

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

/** A job as the worker takes it: with `document`, the report's administrative document is made there too. */
export type WorkerJob = (ReportJob | ProvinceJob) & { document?: DocumentIssuer };

export interface WorkerResult {
  report: GateReport | ProvinceReport;
  /** The document's HTML (document-html.ts), when the job asked for it. */
  html?: string;
}

/**
 * Runs a job of either kind. The document is made beside the report because laying out a province's
 * document with its charts and fonts takes a few hundred milliseconds: off the event loop, like the sums.
 */
export function runWorkerJob(job: WorkerJob): WorkerResult {
  if (job.kind === "province") {
    const report = runProvinceJob(job);
    return job.document ? { report, html: provinceDocumentHtml(report, job.document) } : { report };
  }
  const report = runReportJob(job);
  return job.document ? { report, html: gateDocumentHtml(report, job.document) } : { report };
}
