/**
 * Bench: the six-monthly report of a busy gate. Two kiosks looping 7.5 s items around the clock for
 * half a year are 4.2 million plays; a big screen playing 60 s videos adds 265,000 (and a skip every
 * 100th); with 50,000 traveler sessions and a sign log, in a real SQLite
 * file. The report is asked for rarely, but on the gate PC and while it serves kiosks: the limit is
 * that a supervisor waits no more than 10 s and the controller's memory does not jump.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { createLogger } from "../controller/src/log.js";
import { buildReport } from "../controller/src/reports/build.js";
import { reportCsv } from "../controller/src/reports/csv.js";
import { reportHtml } from "../controller/src/reports/html.js";
import { periodOf } from "../controller/src/reports/period.js";
import { gateReportInput } from "../controller/src/reports/records.js";
import { ReportRunner } from "../controller/src/reports/report-runner.js";
import { openDatabase } from "../controller/src/store/database.js";
import type { BenchRow } from "./harness.js";
import { fillBusyHalfYear } from "./report-data.js";

export default async function (): Promise<BenchRow[]> {
  const dir = mkdtempSync(path.join(tmpdir(), "gatecast-bench-report-"));
  const db = openDatabase(dir);
  try {
    const period = periodOf("2026-07-01", "2026-12-31");
    const start = Date.parse(period.startsAt);
    const end = Date.parse(period.endsAt);
    const plays = fillBusyHalfYear(db, start, end, { kind: "gate" });
    const site = {
      id: "cau-treo",
      name: { vi: "Cầu Treo" },
      signs: [{ id: "gate-sign", name: "Bảng LED cổng" }],
      screens: [{ id: "gate-screen", name: "Màn hình LED" }],
    };
    const rssBefore = process.memoryUsage().rss;
    const t0 = performance.now();
    const report = buildReport(gateReportInput(db, site, period, end + 86_400_000));
    const t1 = performance.now();
    const csv = reportCsv(report);
    const html = reportHtml(report);
    const t2 = performance.now();
    const rssAfter = process.memoryUsage().rss;
    if (
      report.kioskUse.sessions !== 50_000 ||
      report.shown.screens.skipped.total === 0 ||
      report.shown.screens.byScreen[0]?.plays === 0 ||
      csv.length === 0 ||
      html.length === 0
    ) {
      throw new Error("the report lost records");
    }
    // The same through the controller's way of making it (a worker thread): how long the event loop,
    // which serves kiosks and paces the signs, is held up meanwhile.
    const runner = new ReportRunner(createLogger("silent", false));
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const viaWorker = await runner.run({
      kind: "gate",
      dbFile: db.name,
      site,
      period,
      now: end + 86_400_000,
    });
    delay.disable();
    if (viaWorker.kioskUse.sessions !== report.kioskUse.sessions)
      throw new Error("the worker's report differs");
    return [
      {
        name: `half-year report, ${(plays / 1e6).toFixed(1)} M plays + 50,000 sessions + sign log: read and build`,
        value: (t1 - t0) / 1000,
        unit: "s",
        limit: 10,
        limitLabel: "a supervisor's wait",
      },
      { name: "half-year report: CSV and HTML from it", value: t2 - t1, unit: "ms" },
      {
        name: "half-year report in the worker: longest event-loop stall meanwhile",
        value: delay.max / 1e6,
        unit: "ms",
        limit: 100,
        limitLabel: "kiosks and signs not held up",
      },
      {
        name: "half-year report: controller RSS growth while building it",
        value: Math.max(0, (rssAfter - rssBefore) / 1e6),
        unit: "MB",
        limit: 100,
        limitLabel: "plays summed by SQLite, not loaded",
      },
    ];
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
