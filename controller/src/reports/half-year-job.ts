/**
 * At a central office: on 1 January and 1 July at 06:00 gate time, the province's report for the
 * half-year that has just ended is built (in the report worker), printed to PDF and kept in
 * DATA_DIR/reports/<2026-H1>.pdf (the newest `KEEP_FILES`), and the console tells the office's admins
 * it is ready (for 30 days or until one dismisses it). A run missed while the PC was off happens once
 * at start. A failure is logged and recorded; it never ends the process, and the next start (or the
 * next half-year) tries again.
 */
import { rmSync } from "node:fs";
import path from "node:path";
import schedule from "node-schedule";
import { atomicWrite } from "../central/gate-sync.js";
import type { FeatureContext } from "../context.js";
import { GATE_TIME_ZONE } from "../domain/gate-time.js";
import {
  deleteReportFile,
  listReportFiles,
  markReportJobRun,
  type ReportJobRecord,
  reportJobRecord,
  saveReportFile,
} from "../store/report-files-repo.js";
import { documentIssuer } from "./document-html.js";
import { type HalfYear, missedHalfYearRun, previousHalfYear } from "./half-year.js";
import type { PdfPrinter } from "./pdf.js";
import type { ReportRunner } from "./report-runner.js";

/** Ten half-years: five years of reports. */
export const KEEP_FILES = 10;
export const NOTICE_DAYS = 30;
export const REPORTS_DIR = "reports";

export type HalfYearTrigger = "schedule" | "missed" | "operator";

export interface HalfYearJobOptions {
  now?: () => number;
}

export class HalfYearReports {
  readonly #ctx: FeatureContext<"db">;
  readonly #runner: ReportRunner;
  readonly #printer: PdfPrinter;
  readonly #now: () => number;
  #job: schedule.Job | null = null;
  #running: Promise<void> | undefined;
  #stopped = false;

  constructor(
    ctx: FeatureContext<"db">,
    runner: ReportRunner,
    printer: PdfPrinter,
    options: HalfYearJobOptions = {},
  ) {
    this.#ctx = ctx;
    this.#runner = runner;
    this.#printer = printer;
    this.#now = options.now ?? Date.now;
  }

  /** The gates the report covers: the office's `central.gates`. */
  #gates(): { id: string; name: string }[] {
    const central = this.#ctx.settings.site.central;
    return central && "gates" in central ? central.gates.map((g) => ({ id: g.id, name: g.name })) : [];
  }

  get dir(): string {
    return path.join(this.#ctx.settings.dataDir, REPORTS_DIR);
  }

  record(): ReportJobRecord {
    return reportJobRecord(this.#ctx.db, new Date(this.#now()).toISOString());
  }

  start(): void {
    if (this.#ctx.settings.site.role !== "central" || this.#gates().length === 0) return;
    const rule = new schedule.RecurrenceRule();
    rule.tz = GATE_TIME_ZONE;
    rule.month = [0, 6];
    rule.date = 1;
    rule.hour = 6;
    rule.minute = 0;
    rule.second = 0;
    this.#job = schedule.scheduleJob(rule, () => void this.run("schedule"));
    try {
      const record = this.record();
      const lastRun = record.lastRunAt === null ? null : Date.parse(record.lastRunAt);
      if (missedHalfYearRun(lastRun, Date.parse(record.since), this.#now())) {
        this.#ctx.logger.info(
          "the six-monthly report was due while the controller was stopped: making it now",
        );
        void this.run("missed");
      }
    } catch (error) {
      this.#ctx.logger.error({ err: error }, "cannot read the six-monthly report job's last run");
    }
  }

  stop(): void {
    this.#stopped = true;
    this.#job?.cancel();
    this.#job = null;
  }

  /** Makes the previous half-year's report now (one run at a time; never rejects). */
  run(trigger: HalfYearTrigger): Promise<void> {
    this.#running ??= this.#execute(trigger).finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async #execute(trigger: HalfYearTrigger): Promise<void> {
    const { db, logger } = this.#ctx;
    const startedMs = this.#now();
    const half = previousHalfYear(startedMs);
    let outcome: "ok" | "failed" = "ok";
    let message: string;
    try {
      message = await this.#make(half, startedMs);
      logger.info({ trigger, period: half.key, ms: this.#now() - startedMs }, message);
    } catch (error) {
      outcome = "failed";
      message = `the ${half.key} province report could not be made: ${(error as Error).message}`;
      logger.error({ err: error, trigger, period: half.key }, message);
    }
    if (this.#stopped && !db.open) return;
    try {
      markReportJobRun(db, new Date(startedMs).toISOString(), outcome, message);
    } catch (error) {
      logger.warn({ err: error }, "could not record the six-monthly report job's run");
    }
  }

  async #make(half: HalfYear, nowMs: number): Promise<string> {
    const { db, settings } = this.#ctx;
    const gates = this.#gates();
    const { html } = await this.#runner.provinceDocument(
      { kind: "province", dbFile: db.name, gates, period: half.period, now: nowMs },
      documentIssuer(settings.site),
    );
    const { pdf } = await this.#printer.print(html);
    const name = `${half.key}.pdf`;
    const file = path.join(this.dir, name);
    // Written aside, synced and renamed: a power cut never leaves half a PDF (or an empty one) under
    // the name the console offers.
    atomicWrite(file, pdf);
    const createdAt = new Date(this.#now()).toISOString();
    saveReportFile(db, {
      period: half.key,
      from: half.period.from,
      to: half.period.to,
      file: name,
      bytes: pdf.length,
      gates: gates.length,
      createdAt,
      noticeUntil: new Date(this.#now() + NOTICE_DAYS * 86_400_000).toISOString(),
    });
    this.#rotate();
    return `the ${half.key} province report is ready: ${file} (${Math.round(pdf.length / 1024)} KB, ${gates.length} gates)`;
  }

  /** Keeps the newest KEEP_FILES half-years. */
  #rotate(): void {
    for (const old of listReportFiles(this.#ctx.db).slice(KEEP_FILES)) {
      rmSync(path.join(this.dir, old.file), { force: true });
      deleteReportFile(this.#ctx.db, old.period);
    }
  }
}
