/**
 * The gate PC's calendar jobs, fired by node-schedule in gate time: a nightly verified backup to a
 * second disk with rotation, the nightly pruning, a weekly integrity check. Each job runs off the
 * request path (its heavy part in a worker thread), one at a time, catches its own failures and
 * records its outcome, which /healthz, the console and GET /api/v1/maintenance show.
 *
 * A job that missed its time while the PC was off runs once at start (see job-calendar.ts).
 */
import { existsSync, readdirSync, rmSync, statfsSync, statSync } from "node:fs";
import path from "node:path";
import schedule from "node-schedule";
import type { MaintenanceConfig } from "../config/storage-schema.js";
import type { FeatureContext } from "../context.js";
import type { BackupSkip, MaintenanceJobsHealth } from "../contract/maintenance.js";
import { GATE_TIME_ZONE } from "../domain/gate-time.js";
import { type Actor, recordAudit } from "../store/audit-repo.js";
import {
  type JobName,
  type JobOutcome,
  jobRecord,
  markJobFinished,
  markJobStarted,
  readJobRecord,
} from "../store/maintenance-repo.js";
import { mediaBytes } from "../store/media-repo.js";
import { VERSION } from "../version.js";
import { type BackupResult, DB_FILE } from "./backup.js";
import { backupFileName, backupsToDelete } from "./backup-rotation.js";
import { type JobTime, missedRun, nextOccurrence } from "./job-calendar.js";
import { runInWorker } from "./maintenance-runner.js";
import type { IntegrityResult, MaintenanceTask, TableSize, TaskResult } from "./maintenance-tasks.js";
import { PRUNED_TABLES, pruneBundleCache, pruneTables, removeOrphanedTemporaryFiles } from "./pruning.js";

export const JOB_NAMES: readonly JobName[] = ["backup", "prune", "integrity"];

export type Trigger = "schedule" | "missed" | "operator";

interface Outcome {
  outcome: JobOutcome;
  message: string;
  detail?: unknown;
}

export interface JobStatus {
  job: JobName;
  /** Gate time `HH:MM`, and the ISO weekday for a weekly job. */
  at: string;
  weekday?: number;
  nextRunAt: string;
  running: boolean;
  lastRunAt: string | null;
  lastFinishedAt: string | null;
  lastOutcome: JobOutcome | null;
  lastMessage: string | null;
  lastOkAt: string | null;
  lastDetail: unknown;
}

export interface MaintenanceOptions {
  now?: () => number;
  runTask?: <T extends TaskResult>(task: MaintenanceTask) => Promise<T>;
}

/** Why a backup did not run; the console words each in the operator's language. */
// The console words each skip itself, so the contract defines the codes.
export type { BackupSkip } from "../contract/maintenance.js";

class Skip extends Error {
  constructor(
    readonly code: BackupSkip,
    message: string,
    readonly dir: string | null = null,
  ) {
    super(message);
  }
}

export class Maintenance {
  readonly #ctx: FeatureContext<"db" | "disk">;
  readonly #config: MaintenanceConfig;
  readonly #now: () => number;
  readonly #runTask: <T extends TaskResult>(task: MaintenanceTask) => Promise<T>;
  readonly #scheduled: schedule.Job[] = [];
  readonly #pending = new Map<JobName, Promise<JobStatus>>();
  #running: JobName | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #stopped = false;

  constructor(ctx: FeatureContext<"db" | "disk">, options: MaintenanceOptions = {}) {
    this.#ctx = ctx;
    this.#config = ctx.settings.site.maintenance;
    this.#now = options.now ?? Date.now;
    this.#runTask = options.runTask ?? runInWorker;
  }

  timeOf(job: JobName): JobTime {
    const c = this.#config;
    if (job === "backup") return { at: c.backup.at };
    if (job === "prune") return { at: c.prune.at };
    return { at: c.integrity.at, weekday: c.integrity.weekday };
  }

  /** Removes what killed processes left, schedules the jobs, and runs once each one that was missed. */
  start(): void {
    const removed = removeOrphanedTemporaryFiles(this.#ctx.settings.dataDir, this.#ctx.startedAt);
    if (removed.length > 0) {
      this.#ctx.logger.info({ files: removed }, "removed temporary files left by an interrupted upload");
    }
    const nowMs = this.#now();
    for (const job of JOB_NAMES) {
      const time = this.timeOf(job);
      const [hour, minute] = time.at.split(":").map(Number);
      const rule = new schedule.RecurrenceRule();
      rule.tz = GATE_TIME_ZONE;
      rule.hour = hour as number;
      rule.minute = minute as number;
      rule.second = 0;
      if (time.weekday !== undefined) rule.dayOfWeek = time.weekday % 7;
      const scheduled = schedule.scheduleJob(rule, () => void this.run(job, "schedule"));
      if (scheduled) this.#scheduled.push(scheduled);
      try {
        const record = jobRecord(this.#ctx.db, job, new Date(nowMs).toISOString());
        const lastRun = record.lastRunAt === null ? null : Date.parse(record.lastRunAt);
        if (missedRun(time, lastRun, Date.parse(record.since), nowMs)) {
          this.#ctx.logger.info(
            { job },
            "maintenance job missed its time while stopped: running it once now",
          );
          void this.run(job, "missed");
        }
      } catch (error) {
        this.#ctx.logger.error({ err: error, job }, "cannot read the maintenance job's last run");
      }
    }
  }

  stop(): void {
    this.#stopped = true;
    for (const job of this.#scheduled.splice(0)) job.cancel();
  }

  /**
   * Runs a job now (queued behind one in progress); a job already waiting or running is not started
   * twice: the caller gets the same run. Never rejects.
   */
  run(job: JobName, trigger: Trigger, actor?: Actor): Promise<JobStatus> {
    const waiting = this.#pending.get(job);
    if (waiting) return waiting;
    if (actor) {
      try {
        recordAudit(this.#ctx.db, actor, "run", "maintenance", job, null, { trigger });
      } catch (error) {
        this.#ctx.logger.warn({ err: error, job }, "could not audit a maintenance run");
      }
    }
    const run = this.#queue.then(() => this.#execute(job, trigger));
    this.#queue = run;
    this.#pending.set(job, run);
    void run.finally(() => this.#pending.delete(job));
    return run;
  }

  async #execute(job: JobName, trigger: Trigger): Promise<JobStatus> {
    if (this.#stopped) return this.jobStatus(job);
    const { db, logger } = this.#ctx;
    const startedAt = this.#now();
    this.#running = job;
    let result: Outcome;
    try {
      jobRecord(db, job);
      markJobStarted(db, job, new Date(startedAt).toISOString());
    } catch (error) {
      // A full disk may refuse even this one-row update; pruning is then exactly what must still run.
      logger.warn({ err: error, job }, "could not record the maintenance job's start; running it anyway");
    }
    try {
      result =
        job === "backup"
          ? await this.#backup()
          : job === "prune"
            ? await this.#prune()
            : await this.#integrity();
    } catch (error) {
      result =
        error instanceof Skip
          ? { outcome: "warning", message: error.message, detail: { code: error.code, dir: error.dir } }
          : { outcome: "failed", message: (error as Error).message };
    } finally {
      this.#running = undefined;
    }
    const finishedAt = this.#now();
    const log = { job, trigger, outcome: result.outcome, ms: finishedAt - startedAt, detail: result.detail };
    if (result.outcome === "ok") logger.info(log, `maintenance: ${result.message}`);
    else if (result.outcome === "warning") logger.warn(log, `maintenance: ${result.message}`);
    else logger.error(log, `maintenance job failed: ${result.message}`);
    try {
      if (db.open) {
        markJobFinished(
          db,
          job,
          new Date(finishedAt).toISOString(),
          result.outcome,
          result.message,
          result.detail,
        );
      }
    } catch (error) {
      logger.warn({ err: error, job }, "could not record the maintenance job's outcome");
    }
    return this.jobStatus(job);
  }

  async #backup(): Promise<Outcome> {
    const { dir } = this.#config.backup;
    const { dataDir, site } = this.#ctx.settings;
    if (!dir)
      throw new Skip(
        "no-location",
        "no backup location configured (maintenance.backup.dir): nothing backed up",
      );
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      throw new Skip(
        "location-missing",
        `the backup location ${dir} is missing (USB disk not plugged in or not mounted?)`,
        dir,
      );
    }
    // A mount point without its disk is an empty folder on the system disk: writing there would fill
    // the disk the gate runs on instead of saving anything.
    if (!this.#config.backup.allowSameDisk && statSync(dir).dev === statSync(dataDir).dev) {
      throw new Skip(
        "same-disk",
        `the backup location ${dir} is on the same disk as DATA_DIR (is the USB disk mounted?); ` +
          "set maintenance.backup.allowSameDisk to back up there anyway",
        dir,
      );
    }
    const needed = this.#estimateBackupBytes();
    const beforeRotation = this.#rotate(dir);
    const free = statfsSync(dir);
    const freeBytes = free.bavail * free.bsize;
    if (freeBytes < needed * 1.1) {
      throw new Skip(
        "no-space",
        `the backup location ${dir} has ${Math.round(freeBytes / 1048576)} MB free; ` +
          `a backup needs about ${Math.round(needed / 1048576)} MB`,
        dir,
      );
    }
    const file = path.join(dir, backupFileName(site.id, this.#now()));
    const result = await this.#runTask<BackupResult>({
      kind: "backup",
      dataDir,
      file,
      gate: site.id,
      gatecastVersion: VERSION,
    });
    const deleted = [...beforeRotation, ...this.#rotate(dir)];
    return {
      outcome: "ok",
      message: `backup written and verified: ${result.file} (${Math.round(result.bytes / 1048576)} MB)`,
      detail: { file: result.file, bytes: result.bytes, files: result.manifest.members.length, deleted },
    };
  }

  #estimateBackupBytes(): number {
    const { dataDir } = this.#ctx.settings;
    let bytes = 0;
    try {
      bytes += statSync(path.join(dataDir, DB_FILE)).size;
      bytes += mediaBytes(this.#ctx.db);
    } catch {
      // an estimate only
    }
    return bytes;
  }

  /** Deletes backups rotation no longer keeps; returns their names. */
  #rotate(dir: string): string[] {
    const { keepNightly, keepWeekly } = this.#config.backup;
    const names = readdirSync(dir);
    const doomed = backupsToDelete(this.#ctx.settings.site.id, names, keepNightly, keepWeekly);
    for (const name of doomed) rmSync(path.join(dir, name), { force: true });
    return doomed;
  }

  async #prune(): Promise<Outcome> {
    const { db, settings, disk } = this.#ctx;
    let sizes: Record<string, TableSize> = {};
    let sizeError: string | undefined;
    try {
      sizes = await this.#runTask<Record<string, TableSize>>({
        kind: "sizes",
        dbFile: path.join(settings.dataDir, DB_FILE),
        tables: PRUNED_TABLES.map((t) => t.table),
      });
    } catch (error) {
      sizeError = (error as Error).message;
    }
    const tables = await pruneTables(db, settings.site, sizes, this.#now());
    const cache = pruneBundleCache(db, settings.dataDir, this.#now());
    const temporary = removeOrphanedTemporaryFiles(settings.dataDir, this.#ctx.startedAt).length;
    await disk.sample();
    const rows = Object.values(tables).reduce((sum, t) => sum + t.byAge + t.byBudget, 0);
    const detail = { tables, cache, temporary, ...(sizeError ? { sizeError } : {}) };
    if (sizeError) {
      return {
        outcome: "warning",
        message: `pruned ${rows} old rows; table sizes unknown (${sizeError}), budgets not applied`,
        detail,
      };
    }
    return {
      outcome: "ok",
      message: `pruned ${rows} rows and ${cache.files + cache.versionDirs} cache entries`,
      detail,
    };
  }

  async #integrity(): Promise<Outcome> {
    const mode = this.#config.integrity.mode;
    const result = await this.#runTask<IntegrityResult>({
      kind: "integrity",
      dbFile: path.join(this.#ctx.settings.dataDir, DB_FILE),
      mode,
    });
    if (result.ok) return { outcome: "ok", message: `${mode} integrity check passed`, detail: result };
    return {
      outcome: "failed",
      message: `the database fails its ${mode} integrity check: ${result.messages[0] ?? "?"} (restore the last good backup)`,
      detail: result,
    };
  }

  jobStatus(job: JobName): JobStatus {
    const time = this.timeOf(job);
    const base = {
      job,
      at: time.at,
      ...(time.weekday !== undefined ? { weekday: time.weekday } : {}),
      nextRunAt: new Date(nextOccurrence(time, this.#now())).toISOString(),
      running: this.#running === job,
    };
    try {
      const record = readJobRecord(this.#ctx.db, job);
      return {
        ...base,
        lastRunAt: record?.lastRunAt ?? null,
        lastFinishedAt: record?.lastFinishedAt ?? null,
        lastOutcome: record?.lastOutcome ?? null,
        lastMessage: record?.lastMessage ?? null,
        lastOkAt: record?.lastOkAt ?? null,
        lastDetail: record?.lastDetail ?? null,
      };
    } catch {
      return {
        ...base,
        lastRunAt: null,
        lastFinishedAt: null,
        lastOutcome: null,
        lastMessage: "the job's record cannot be read",
        lastOkAt: null,
        lastDetail: null,
      };
    }
  }

  status(): JobStatus[] {
    return JOB_NAMES.map((job) => this.jobStatus(job));
  }

  /** The /healthz section: each job's last outcome; degraded when the database failed its check. */
  health(): MaintenanceJobsHealth {
    const jobs = this.status();
    const integrity = jobs.find((j) => j.job === "integrity");
    // Degraded only when SQLite found damage, not when the check could not run.
    const health: MaintenanceJobsHealth = {
      degraded: (integrity?.lastDetail as { ok?: boolean } | null)?.ok === false,
    };
    for (const j of jobs) {
      // The details are the jobs' own records: a backup's says why it did not run, for the console to
      // word (the message is in English).
      const detail = j.lastDetail as { code?: BackupSkip; dir?: string } | null;
      health[j.job] = {
        outcome: j.lastOutcome,
        lastRunAt: j.lastRunAt,
        lastOkAt: j.lastOkAt,
        running: j.running,
        message: j.lastMessage,
        code: detail?.code ?? null,
        dir: detail?.dir ?? null,
      };
    }
    return health;
  }
}
