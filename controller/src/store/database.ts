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
