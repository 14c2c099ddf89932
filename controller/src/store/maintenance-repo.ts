import type { JobOutcome } from "../contract/maintenance.js";
import type { Db } from "./database.js";

export type JobName = "backup" | "prune" | "integrity";
export type { JobOutcome } from "../contract/maintenance.js";

export interface JobRecord {
  job: JobName;
  /** When this database first knew the job: a job that never ran has missed nothing before it. */
  since: string;
  lastRunAt: string | null;
  lastFinishedAt: string | null;
  lastOutcome: JobOutcome | null;
  lastMessage: string | null;
  lastOkAt: string | null;
  lastDetail: unknown;
}

interface Row {
  job: JobName;
  since: string;
  last_run_at: string | null;
  last_finished_at: string | null;
  last_outcome: JobOutcome | null;
  last_message: string | null;
  last_ok_at: string | null;
  last_detail: string | null;
}

function fromRow(row: Row): JobRecord {
  let detail: unknown = null;
  try {
    detail = row.last_detail === null ? null : JSON.parse(row.last_detail);
  } catch {
    detail = null;
  }
  return {
    job: row.job,
    since: row.since,
    lastRunAt: row.last_run_at,
    lastFinishedAt: row.last_finished_at,
    lastOutcome: row.last_outcome,
    lastMessage: row.last_message,
    lastOkAt: row.last_ok_at,
    lastDetail: detail,
  };
}

/** The job's record, created (with `since` = now) the first time the job is known. */
export function jobRecord(db: Db, job: JobName, now = new Date().toISOString()): JobRecord {
  db.prepare("INSERT INTO maintenance_jobs (job, since) VALUES (?, ?) ON CONFLICT (job) DO NOTHING").run(
    job,
    now,
  );
  return fromRow(db.prepare("SELECT * FROM maintenance_jobs WHERE job = ?").get(job) as Row);
}

/** The job's record without creating it (health checks read, never write). */
export function readJobRecord(db: Db, job: JobName): JobRecord | undefined {
  const row = db.prepare("SELECT * FROM maintenance_jobs WHERE job = ?").get(job) as Row | undefined;
  return row && fromRow(row);
}

/** Written when a run starts: a power cut mid-run counts as a run (it is not retried at every boot). */
export function markJobStarted(db: Db, job: JobName, at: string): void {
  db.prepare("UPDATE maintenance_jobs SET last_run_at = ? WHERE job = ?").run(at, job);
}

export function markJobFinished(
  db: Db,
  job: JobName,
  at: string,
  outcome: JobOutcome,
  message: string,
  detail: unknown,
): void {
  db.prepare(
    `UPDATE maintenance_jobs SET last_finished_at = ?, last_outcome = ?, last_message = ?, last_detail = ?,
       last_ok_at = CASE WHEN ? = 'ok' THEN ? ELSE last_ok_at END
     WHERE job = ?`,
  ).run(at, outcome, message.slice(0, 1000), JSON.stringify(detail ?? null), outcome, at, job);
}

/** For tests and operators: pretend the job last ran at `at` (a simulated power-off). */
export function setJobLastRun(db: Db, job: JobName, at: string): void {
  jobRecord(db, job);
  db.prepare("UPDATE maintenance_jobs SET last_run_at = ?, since = min(since, ?) WHERE job = ?").run(
    at,
    at,
    job,
  );
}

/** The first `max` problems SQLite's integrity check (or its quicker quick_check) reports, or ["ok"]. */
export function integrityMessages(db: Db, mode: "full" | "quick", max: number): string[] {
  const pragma = mode === "full" ? "integrity_check" : "quick_check";
  const rows = db.pragma(`${pragma}(${Math.max(1, Math.floor(max))})`) as Record<string, string>[];
  return rows.map((row) => String(Object.values(row)[0]));
}

export interface TableSize {
  rows: number;
  /** Pages of the table and its indexes. */
  bytes: number;
}

/** Rows and bytes (table plus its indexes, from SQLite's dbstat) of each of these tables that exists. */
export function measureTables(db: Db, tables: readonly string[]): Record<string, TableSize> {
  const result: Record<string, TableSize> = {};
  const btrees = db.prepare("SELECT name, pgsize FROM dbstat WHERE aggregate = TRUE").all() as {
    name: string;
    pgsize: number;
  }[];
  const pages = new Map(btrees.map((b) => [b.name, b.pgsize]));
  const owned = db.prepare("SELECT name FROM sqlite_schema WHERE tbl_name = ? AND type IN ('table','index')");
  for (const table of tables) {
    const names = (owned.all(table) as { name: string }[]).map((r) => r.name);
    if (!names.includes(table)) continue;
    // Table names come from the pruner's fixed list, never from a request.
    const rows = db.prepare(`SELECT count(*) FROM "${table}"`).pluck().get() as number;
    result[table] = { rows, bytes: names.reduce((sum, name) => sum + (pages.get(name) ?? 0), 0) };
  }
  return result;
}
