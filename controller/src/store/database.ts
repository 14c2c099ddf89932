import { accessSync, constants, mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { Db } from "./db.js";
import { applyMigrations } from "./migrations.js";

// Db is defined in db.ts (see there why); it is re-exported here, where the rest of the code finds it.
export type { Db };

export class StoreError extends Error {
  override name = "StoreError";
}

/**
 * Opens (creating if needed) the gate's database in `dataDir`, in WAL mode with full sync: a power
 * cut may lose the write in flight, never a committed one, and never leaves half a transaction.
 */
/**
 * How long a write waits for another process's lock (a CLI import, a restore check) before SQLITE_BUSY.
 * better-sqlite3 waits on the calling thread: in the serving process that is the event loop, so it
 * waits little (kiosks, signs and /healthz stall for as long) and the caller degrades (HTTP 503 `busy`,
 * a kiosk or sign write retried later). A person at the CLI can wait longer.
 */
export const BUSY_TIMEOUT_MS = { serving: 500, cli: 5000 } as const;

/**
 * Closes a connection that wrote in bulk (a CLI import) after moving its write-ahead log into the
 * database. Otherwise the serving process, open on the same file, would copy those pages at its next
 * commit's automatic checkpoint, on its event loop, and the log would keep the import's size on disk.
 */
export function closeAfterBulkWrite(db: Db): void {
  try {
    db.pragma("wal_checkpoint(TRUNCATE)");
  } catch {
    // Busy past the lock wait: the serving process's own checkpoints catch up instead.
  }
  db.close();
}

export function openDatabase(
  dataDir: string,
  fileName = "gatecast.sqlite",
  busyTimeoutMs: number = BUSY_TIMEOUT_MS.cli,
): Db {
  try {
    mkdirSync(dataDir, { recursive: true });
    accessSync(dataDir, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new StoreError(`DATA_DIR ${dataDir} is not writable (${code})`);
  }
  const file = path.join(dataDir, fileName);
  let db: Db;
  try {
    db = new Database(file);
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = FULL");
    db.pragma("foreign_keys = ON");
    db.pragma(`busy_timeout = ${Math.max(0, Math.round(busyTimeoutMs))}`);
  } catch (error) {
    throw new StoreError(`cannot open database ${file}: ${(error as Error).message}`);
  }
  try {
    applyMigrations(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/**
 * Runs `work` in one transaction (nested: a savepoint). For features whose one change spans several
 * repositories (a program import, a publication): each repo's writes commit together or not at all.
 */
export function inTransaction<T>(db: Db, work: () => T): T {
  return db.transaction(work)();
}

/** A value a statement can bind. */
export type SqlValue = string | number | bigint | Buffer | null;

/**
 * Stores records idempotently: each becomes one `INSERT OR IGNORE` of the columns `toRow` names
 * (its keys, bound by name, so no column can pair with another's value), a row the table's natural
 * key already holds is skipped. Returns how many were new. Prepared at the first record; run it
 * inside the caller's transaction.
 */
export function insertNew<R>(
  db: Db,
  table: string,
  toRow: (record: R) => Record<string, SqlValue>,
): (records: Iterable<R>) => number {
  let statement: Database.Statement | undefined;
  return (records) => {
    let stored = 0;
    for (const record of records) {
      const row = toRow(record);
      if (!statement) {
        const columns = Object.keys(row);
        statement = db.prepare(
          `INSERT OR IGNORE INTO ${table} (${columns.join(", ")}) VALUES (${columns.map((c) => `@${c}`).join(", ")})`,
        );
      }
      stored += statement.run(row).changes;
    }
    return stored;
  };
}

/**
 * Runs `work` with a lock wait of `ms` instead of the connection's usual one (a kiosk write must not
 * hold the event loop for the serving process's wait), then puts the usual one back.
 */
export function withBusyTimeout<T>(db: Db, ms: number, work: () => T): T {
  const usual = db.pragma("busy_timeout", { simple: true }) as number;
  db.pragma(`busy_timeout = ${Math.max(0, Math.round(ms))}`);
  try {
    return work();
  } finally {
    db.pragma(`busy_timeout = ${usual}`);
  }
}

/**
 * Opens an existing database file read-only, without migrating it (a report worker reads while the
 * controller writes: WAL lets it, and it waits up to `busyTimeoutMs` for a checkpoint's lock).
 */
export function openReadOnly(file: string, busyTimeoutMs: number = BUSY_TIMEOUT_MS.cli): Db {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.round(busyTimeoutMs))}`);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/**
 * Opens an existing database file as it is: no migrations, no pragmas (a backup's copy, the archive
 * of a restore, the probe of whether a controller holds the file). `busyTimeoutMs` 0 fails at once on a lock.
 */
export function openExisting(file: string, busyTimeoutMs = 5000): Db {
  return new Database(file, { fileMustExist: true, timeout: Math.max(0, Math.round(busyTimeoutMs)) });
}

/**
 * Throws, with the reason, unless the database answers a query: /healthz and the systemd watchdog
 * ask at each probe (a wedged or closed database must show, not a stale "ok").
 */
export function assertDatabaseAnswers(db: Db): void {
  if (!db.open) throw new Error("the database is closed");
  db.prepare("SELECT 1").get();
}
