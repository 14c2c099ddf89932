/**
 * The slow parts of the calendar jobs, run in a worker thread (maintenance-worker.mjs) so that a
 * multi-gigabyte database never holds the event loop: each opens its own connection to the file.
 */
import Database from "better-sqlite3";
import { type BackupResult, createBackup } from "./backup.js";

export type MaintenanceTask =
  | { kind: "backup"; dataDir: string; file: string; gate: string; gatecastVersion: string }
  | { kind: "integrity"; dbFile: string; mode: "full" | "quick" }
  | { kind: "sizes"; dbFile: string; tables: string[] };

export interface IntegrityResult {
  ok: boolean;
  /** The first problems SQLite reports (at most 20), or ["ok"]. */
  messages: string[];
}

export interface TableSize {
  rows: number;
  /** Pages of the table and its indexes. */
  bytes: number;
}

export type TaskResult = BackupResult | IntegrityResult | Record<string, TableSize>;

const MAX_MESSAGES = 20;

export async function runMaintenanceTask(task: MaintenanceTask): Promise<TaskResult> {
  switch (task.kind) {
    case "backup":
      return createBackup(task);
    case "integrity":
      return integrityCheck(task.dbFile, task.mode);
    case "sizes":
      return tableSizes(task.dbFile, task.tables);
  }
}

/** A read-only connection: a check never takes a write lock, so the controller keeps writing (WAL). */
export function integrityCheck(dbFile: string, mode: "full" | "quick"): IntegrityResult {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true, timeout: 10_000 });
  try {
    const pragma = mode === "full" ? "integrity_check" : "quick_check";
    const rows = db.pragma(`${pragma}(${MAX_MESSAGES})`) as Record<string, string>[];
    const messages = rows.map((row) => String(Object.values(row)[0]));
    return { ok: messages.length === 1 && messages[0] === "ok", messages };
  } finally {
    db.close();
  }
}

/** Rows and bytes (table plus its indexes, from SQLite's dbstat) of each table that exists. */
export function tableSizes(dbFile: string, tables: string[]): Record<string, TableSize> {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true, timeout: 10_000 });
  try {
    const result: Record<string, TableSize> = {};
    const btrees = db.prepare("SELECT name, pgsize FROM dbstat WHERE aggregate = TRUE").all() as {
      name: string;
      pgsize: number;
    }[];
    const pages = new Map(btrees.map((b) => [b.name, b.pgsize]));
    const owned = db.prepare(
      "SELECT name FROM sqlite_schema WHERE tbl_name = ? AND type IN ('table','index')",
    );
    for (const table of tables) {
      const names = (owned.all(table) as { name: string }[]).map((r) => r.name);
      if (!names.includes(table)) continue;
      // Table names come from the pruner's fixed list, never from a request.
      const rows = db.prepare(`SELECT count(*) FROM "${table}"`).pluck().get() as number;
      result[table] = { rows, bytes: names.reduce((sum, name) => sum + (pages.get(name) ?? 0), 0) };
    }
    return result;
  } finally {
    db.close();
  }
}
