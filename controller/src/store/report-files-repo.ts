/**
 * The central office's six-monthly report files (the PDFs are in DATA_DIR/reports/, named here) and
 * the job that makes them: when it was first known, its last run. Migration 15.
 */
import type { Db } from "./database.js";

export interface ReportJobRecord {
  since: string;
  lastRunAt: string | null;
  lastOutcome: "ok" | "failed" | null;
  lastMessage: string | null;
}

export interface ReportFileRow {
  period: string;
  from: string;
  to: string;
  /** The file's name in DATA_DIR/reports/. */
  file: string;
  bytes: number;
  gates: number;
  createdAt: string;
  noticeUntil: string;
  dismissedAt: string | null;
  dismissedBy: string | null;
}

interface JobRow {
  since: string;
  last_run_at: string | null;
  last_outcome: "ok" | "failed" | null;
  last_message: string | null;
}

interface FileRow {
  period: string;
  period_from: string;
  period_to: string;
  file: string;
  bytes: number;
  gates: number;
  created_at: string;
  notice_until: string;
  dismissed_at: string | null;
  dismissed_by: string | null;
}

const fromFileRow = (r: FileRow): ReportFileRow => ({
  period: r.period,
  from: r.period_from,
  to: r.period_to,
  file: r.file,
  bytes: r.bytes,
  gates: r.gates,
  createdAt: r.created_at,
  noticeUntil: r.notice_until,
  dismissedAt: r.dismissed_at,
  dismissedBy: r.dismissed_by,
});

/** The job's record, created with `since` = `now` the first time. */
export function reportJobRecord(db: Db, now: string): ReportJobRecord {
  db.prepare("INSERT INTO report_job (id, since) VALUES (1, ?) ON CONFLICT (id) DO NOTHING").run(now);
  const row = db.prepare("SELECT * FROM report_job WHERE id = 1").get() as JobRow;
  return {
    since: row.since,
    lastRunAt: row.last_run_at,
    lastOutcome: row.last_outcome,
    lastMessage: row.last_message,
  };
}

export function markReportJobRun(db: Db, at: string, outcome: "ok" | "failed", message: string): void {
  reportJobRecord(db, at);
  db.prepare("UPDATE report_job SET last_run_at = ?, last_outcome = ?, last_message = ? WHERE id = 1").run(
    at,
    outcome,
    message.slice(0, 2000),
  );
}

/** Records a half-year's file (replacing an earlier run's for the same half-year, notice again). */
export function saveReportFile(db: Db, row: Omit<ReportFileRow, "dismissedAt" | "dismissedBy">): void {
  db.prepare(
    `INSERT INTO report_files (period, period_from, period_to, file, bytes, gates, created_at, notice_until)
     VALUES (@period, @from, @to, @file, @bytes, @gates, @createdAt, @noticeUntil)
     ON CONFLICT (period) DO UPDATE SET period_from = excluded.period_from, period_to = excluded.period_to,
       file = excluded.file, bytes = excluded.bytes, gates = excluded.gates, created_at = excluded.created_at,
       notice_until = excluded.notice_until, dismissed_at = NULL, dismissed_by = NULL`,
  ).run(row);
}

/** Newest half-year first. */
export function listReportFiles(db: Db): ReportFileRow[] {
  return (db.prepare("SELECT * FROM report_files ORDER BY period_from DESC").all() as FileRow[]).map(
    fromFileRow,
  );
}

export function reportFile(db: Db, period: string): ReportFileRow | undefined {
  const row = db.prepare("SELECT * FROM report_files WHERE period = ?").get(period) as FileRow | undefined;
  return row ? fromFileRow(row) : undefined;
}

/** Ends the file's notice; false when there is no such file. */
export function dismissReportNotice(db: Db, period: string, by: string, at: string): boolean {
  return (
    db
      .prepare(
        "UPDATE report_files SET dismissed_at = ?, dismissed_by = ? WHERE period = ? AND dismissed_at IS NULL",
      )
      .run(at, by, period).changes > 0 || reportFile(db, period) !== undefined
  );
}

export function deleteReportFile(db: Db, period: string): void {
  db.prepare("DELETE FROM report_files WHERE period = ?").run(period);
}
