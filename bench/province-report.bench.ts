/**
 * Bench: the province's report at a central office of 10 busy gates, each with the half-year of the
 * reports bench (report-data.ts: 4.5 million plays, 50,000 sessions, a sign log), 45 million plays in
 * all, in a real SQLite file. Built as the controller builds it, in the report worker (every gate's
 * report, the half-year before for the comparison, which days each gate's uploads cover): the aim is
 * 30 s, and the event loop, which serves the console and the gates' uploads, never held up 100 ms.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { CHART_KINDS } from "../controller/src/contract/reports.js";
import { createLogger } from "../controller/src/log.js";
import { chartSvg } from "../controller/src/reports/charts.js";
import { periodOf } from "../controller/src/reports/period.js";
import { provinceCsv } from "../controller/src/reports/province-csv.js";
import { provinceHtml } from "../controller/src/reports/province-html.js";
import { ReportRunner } from "../controller/src/reports/report-runner.js";
import { openDatabase } from "../controller/src/store/database.js";
import type { BenchRow } from "./harness.js";
import { copyCentralGate, fillBusyHalfYear } from "./report-data.js";

const GATES = 10;

export default async function (): Promise<BenchRow[]> {
  const dir = mkdtempSync(path.join(tmpdir(), "gatecast-bench-province-"));
  const db = openDatabase(dir);
  try {
    const period = periodOf("2026-07-01", "2026-12-31");
    const start = Date.parse(period.startsAt);
    const end = Date.parse(period.endsAt);
    const gates = Array.from({ length: GATES }, (_, i) => ({
      id: `gate-${i + 1}`,
      name: `Cửa khẩu số ${i + 1}`,
    }));
    const s0 = performance.now();
    const perGate = fillBusyHalfYear(db, start, end, { kind: "central", gate: gates[0]?.id ?? "" });
    for (const gate of gates.slice(1)) copyCentralGate(db, gates[0]?.id ?? "", gate.id);
    const observed = new Date(end).toISOString();
    for (const gate of gates) {
      db.prepare(
        "INSERT INTO central_uploads (gate_id, last_at, plays, sessions, sign_events, observed_until) VALUES (?, ?, 0, 0, 0, ?)",
      ).run(gate.id, observed, observed);
      db.prepare(
        "INSERT INTO central_gate_screens (gate_id, screen_id, name, named_at) VALUES (?, 'gate-screen', 'Màn hình LED', ?)",
      ).run(gate.id, observed);
    }
    // What a central's own checkpoints would have done by the time a report is asked for.
    db.pragma("wal_checkpoint(TRUNCATE)");
    const setupS = (performance.now() - s0) / 1000;

    const runner = new ReportRunner(createLogger("silent", false));
    const delay = monitorEventLoopDelay({ resolution: 5 });
    const rssBefore = process.memoryUsage().rss;
    delay.enable();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const report = await runner.runProvince({
      kind: "province",
      dbFile: db.name,
      gates,
      period,
      now: end + 86_400_000,
    });
    const t1 = performance.now();
    // The worker's work, whatever else the machine is doing (the main thread meanwhile only waits).
    const cpu = process.cpuUsage(cpu0);
    delay.disable();
    const rssAfter = process.memoryUsage().rss;
    const sessions = report.totals.find((t) => t.metric === "kiosk_sessions")?.value;
    if (sessions !== 50_000 * GATES || report.coverage.some((c) => !c.complete)) {
      throw new Error(`the province's report lost records (${sessions} sessions)`);
    }
    const t2 = performance.now();
    const html = provinceHtml(report);
    const csv = provinceCsv(report);
    const svgs = CHART_KINDS.map((kind) => chartSvg(kind, report));
    const t3 = performance.now();
    return [
      {
        name: `setup: ${GATES} gates × ${(perGate / 1e6).toFixed(1)} M plays at the central (s, not a limit)`,
        value: setupS,
        unit: "s",
      },
      {
        name: `province report, ${GATES} gates, ${((perGate * GATES) / 1e6).toFixed(0)} M plays + the half-year before: in the worker`,
        value: (t1 - t0) / 1000,
        unit: "s",
        limit: 30,
        limitLabel: "issue #17's aim",
      },
      {
        name: "province report: CPU time it took (user + system, all threads)",
        value: (cpu.user + cpu.system) / 1e6,
        unit: "s",
        limit: 30,
        limitLabel: "the aim, on an idle machine",
      },
      {
        name: "province report: longest event-loop stall meanwhile",
        value: delay.max / 1e6,
        unit: "ms",
        limit: 100,
        limitLabel: "console and uploads not held up",
      },
      {
        name: "province report: main thread RSS growth (the report's JSON received)",
        value: Math.max(0, (rssAfter - rssBefore) / 1e6),
        unit: "MB",
      },
      { name: "province report: HTML + CSV + 4 charts from it", value: t3 - t2, unit: "ms" },
      { name: "province report: printable page size", value: html.length / 1024, unit: "KiB" },
      { name: "province report: CSV size", value: csv.length / 1024, unit: "KiB" },
      {
        name: "province report: largest chart (SVG)",
        value: Math.max(...svgs.map((s) => s.length)) / 1024,
        unit: "KiB",
      },
    ];
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
