/**
 * The slow parts of the calendar jobs, run in a worker thread (maintenance-worker.mjs) so that a
 * multi-gigabyte database never holds the event loop: each opens its own connection to the file.
 */
import { openReadOnly } from "../store/database.js";
import { integrityMessages, measureTables, type TableSize } from "../store/maintenance-repo.js";
import { type BackupResult, createBackup } from "./backup.js";

export type { TableSize };

export type MaintenanceTask =
  | { kind: "backup"; dataDir: string; file: string; gate: string; gatecastVersion: string }
  | { kind: "integrity"; dbFile: string; mode: "full" | "quick" }
  | { kind: "sizes"; dbFile: string; tables: string[] };

export interface IntegrityResult {
  ok: boolean;
  /** The first problems SQLite reports (at most 20), or ["ok"]. */
  messages: string[];
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
  const db = openReadOnly(dbFile, 10_000);
  try {
    const messages = integrityMessages(db, mode, MAX_MESSAGES);
    return { ok: messages.length === 1 && messages[0] === "ok", messages };
  } finally {
    db.close();
  }
}

/** Rows and bytes (table plus its indexes, from SQLite's dbstat) of each table that exists. */
export function tableSizes(dbFile: string, tables: string[]): Record<string, TableSize> {
  const db = openReadOnly(dbFile, 10_000);
  try {
    return measureTables(db, tables);
  } finally {
    db.close();
  }
}
