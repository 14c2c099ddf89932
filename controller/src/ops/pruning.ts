/**
 * The nightly pruning: records past their retention, tables past their disk budget, and files nobody
 * needs any more (the bundle cache's old versions, temporary files a killed process left).
 *
 * Rows go in chunks of PRUNE_CHUNK (2,000 rows: about 20–30 ms each on a small PC) with a turn of the event loop between chunks, so a night with a
 * million rows to prune never holds /healthz or a kiosk for more than a few milliseconds at a time.
 * Rows a gate has not uploaded to its central office yet stay until their table passes its hard budget.
 */
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { setImmediate as turn } from "node:timers/promises";
import type { SiteConfig } from "../config/site-schema.js";
import type { Db } from "../store/database.js";
import type { TableSize } from "../store/maintenance-repo.js";
import {
  agedRows,
  heldProgramVersions,
  oldestRowsDeleter,
  tableExists,
  uploadCursor,
} from "../store/retention-repo.js";
import { retentionCutoff, rowsOverBudget } from "./retention-policy.js";

export const PRUNE_CHUNK = 2000;
const MB = 1024 * 1024;
/** Files in the bundle cache younger than this may belong to a download in progress. */
const CACHE_GRACE_MS = 24 * 3600_000;

interface PrunedTable {
  table: string;
  /** The column rows are aged by. */
  time: string;
  retentionDays: (site: SiteConfig) => number;
  budgetMB: (site: SiteConfig) => number;
  /** The upload cursor in `meta` (rows with a higher id are not at the central yet). */
  cursorKey?: string;
}

/** Every table that grows with time, what ages it, and what bounds it. */
export const PRUNED_TABLES: readonly PrunedTable[] = [
  {
    table: "proof_of_play",
    time: "started_at",
    retentionDays: (s) => s.storage.retentionDays,
    budgetMB: (s) => s.storage.budgets.proofOfPlayMB,
    cursorKey: "central.upload.plays",
  },
  {
    table: "kiosk_sessions",
    time: "started_at",
    retentionDays: (s) => s.storage.retentionDays,
    budgetMB: (s) => s.storage.budgets.kioskSessionsMB,
    cursorKey: "central.upload.sessions",
  },
  {
    table: "sign_events",
    time: "at",
    retentionDays: (s) => s.storage.retentionDays,
    budgetMB: (s) => s.storage.budgets.signEventsMB,
    cursorKey: "central.upload.signEvents",
  },
  {
    table: "play_skips",
    time: "at",
    retentionDays: (s) => s.storage.retentionDays,
    budgetMB: (s) => s.storage.budgets.playSkipsMB,
    cursorKey: "central.upload.skips",
  },
  {
    table: "audit",
    time: "at",
    retentionDays: (s) => s.storage.auditRetentionDays,
    budgetMB: (s) => s.storage.budgets.auditMB,
  },
  {
    table: "central_sync_log",
    time: "at",
    retentionDays: (s) => s.storage.retentionDays,
    budgetMB: (s) => s.storage.budgets.syncLogMB,
  },
  // At a central office: what the gates uploaded. One budget for the four together (shared pro rata).
  {
    table: "central_plays",
    time: "started_at",
    retentionDays: (s) => s.storage.retentionDays,
    budgetMB: (s) => s.storage.budgets.centralUploadsMB,
  },
  {
    table: "central_sessions",
    time: "started_at",
    retentionDays: (s) => s.storage.retentionDays,
    budgetMB: (s) => s.storage.budgets.centralUploadsMB,
  },
  {
    table: "central_sign_events",
    time: "at",
    retentionDays: (s) => s.storage.retentionDays,
    budgetMB: (s) => s.storage.budgets.centralUploadsMB,
  },
  {
    table: "central_play_skips",
    time: "at",
    retentionDays: (s) => s.storage.retentionDays,
    budgetMB: (s) => s.storage.budgets.centralUploadsMB,
  },
];

const CENTRAL_UPLOAD_TABLES = new Set([
  "central_plays",
  "central_sessions",
  "central_sign_events",
  "central_play_skips",
]);

export interface TablePruneResult {
  byAge: number;
  byBudget: number;
  /** Rows older than the retention kept because the central office does not have them yet. */
  keptNotUploaded: number;
  bytesBefore?: number;
  budgetBytes: number;
}

/** Whether this site uploads its records (a central URL and a token): then unsent rows are protected. */
function uploads(site: SiteConfig): boolean {
  const central = site.central;
  return site.role === "gate" && Boolean(central && "url" in central && central.url && central.tokenFile);
}

/**
 * Deletes rows older than `cutoff` in one pass over the table in rowid ranges of PRUNE_CHUNK (each a
 * primary-key range: milliseconds, whatever the table's size or indexes), yielding between ranges.
 * Rows above `cursor` (not uploaded yet) are kept and counted.
 */
async function deleteByAge(
  db: Db,
  table: string,
  time: string,
  cutoff: string,
  cursor: number | undefined,
): Promise<{ deleted: number; kept: number }> {
  const rows = agedRows(db, table, time);
  const bounds = rows.bounds();
  if (!bounds) return { deleted: 0, kept: 0 };
  const limit = cursor ?? Number.MAX_SAFE_INTEGER;
  let deleted = 0;
  let kept = 0;
  for (let lo = bounds.lo; lo <= bounds.hi; lo += PRUNE_CHUNK) {
    const hi = lo + PRUNE_CHUNK;
    if (lo <= limit) deleted += rows.deleteRange(lo, hi, limit, cutoff);
    if (hi > limit) kept += rows.countKept(lo, hi, limit, cutoff);
    await turn();
  }
  return { deleted, kept };
}

/** Deletes the `count` oldest rows (lowest rowid: first received), in chunks, yielding between. */
async function deleteOldest(db: Db, table: string, count: number): Promise<number> {
  const chunk = oldestRowsDeleter(db, table);
  let deleted = 0;
  while (deleted < count) {
    const n = Math.min(PRUNE_CHUNK, count - deleted);
    const changes = chunk(n);
    deleted += changes;
    if (changes < n) break;
    await turn();
  }
  return deleted;
}

/**
 * Prunes every table by age and then by budget. `sizes` (from the worker's dbstat pass) may be
 * missing a table or be empty: then only age applies to it.
 */
export async function pruneTables(
  db: Db,
  site: SiteConfig,
  sizes: Record<string, TableSize>,
  nowMs = Date.now(),
): Promise<Record<string, TablePruneResult>> {
  const result: Record<string, TablePruneResult> = {};
  const protect = uploads(site);
  const centralTotal = [...CENTRAL_UPLOAD_TABLES].reduce((sum, t) => sum + (sizes[t]?.bytes ?? 0), 0);
  for (const spec of PRUNED_TABLES) {
    if (!tableExists(db, spec.table)) continue;
    const cutoff = retentionCutoff(nowMs, spec.retentionDays(site));
    let budgetBytes = spec.budgetMB(site) * MB;
    const size = sizes[spec.table];
    if (CENTRAL_UPLOAD_TABLES.has(spec.table) && size && centralTotal > 0) {
      budgetBytes = Math.floor((budgetBytes * size.bytes) / centralTotal);
    }
    const cursor = protect && spec.cursorKey ? uploadCursor(db, spec.cursorKey) : undefined;
    const { deleted: byAge, kept: keptNotUploaded } = await deleteByAge(
      db,
      spec.table,
      spec.time,
      cutoff,
      cursor,
    );
    let byBudget = 0;
    if (size) {
      // The measured size is from before the age pass: scale it to the rows left.
      const rowsLeft = Math.max(0, size.rows - byAge);
      const bytesLeft = size.rows > 0 ? (size.bytes * rowsLeft) / size.rows : 0;
      const over = rowsOverBudget(rowsLeft, bytesLeft, budgetBytes);
      if (over > 0) byBudget = await deleteOldest(db, spec.table, over);
    }
    result[spec.table] = {
      byAge,
      byBudget,
      keptNotUploaded: Math.max(0, keptNotUploaded - byBudget),
      ...(size ? { bytesBefore: size.bytes } : {}),
      budgetBytes,
    };
  }
  return result;
}

function olderThan(file: string, ms: number): boolean {
  try {
    return statSync(file).mtimeMs < ms;
  } catch {
    return false;
  }
}

function remove(file: string): boolean {
  try {
    rmSync(file, { recursive: true, force: true });
    return true;
  } catch {
    return false;
  }
}

function list(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/**
 * Temporary files a killed process left (`*.part` under `media/` and the bundle cache), older than
 * this process: a file written since belongs to an upload or download in progress.
 */
export function removeOrphanedTemporaryFiles(dataDir: string, startedAtMs: number): string[] {
  const removed: string[] = [];
  const within = (...parts: string[]) => {
    const dir = path.join(dataDir, ...parts);
    return list(dir).map((n) => path.join(dir, n));
  };
  const media = list(path.join(dataDir, "media")).filter((n) => /^[0-9a-f]{2}$/.test(n));
  // partial/ holds resumable downloads (central/receive.ts): the gate's sync prunes those itself.
  const bundles = list(path.join(dataDir, "bundles")).filter(
    (n) => n !== "files" && n !== "tmp" && n !== "partial" && n !== "pending.json",
  );
  const candidates = [
    ...within("media", "tmp"),
    // A copy into the media store or the cache renames `<target>.<random>.part` into place.
    ...media.flatMap((aa) => within("media", aa)),
    ...within("bundles", "tmp"),
    ...within("bundles", "files"),
    ...bundles.flatMap((program) =>
      list(path.join(dataDir, "bundles", program)).flatMap((v) => within("bundles", program, v)),
    ),
  ];
  for (const file of candidates) {
    if (file.endsWith(".part") && olderThan(file, startedAtMs) && remove(file)) removed.push(file);
  }
  return removed;
}

export interface CachePruneResult {
  versionDirs: number;
  files: number;
  /** Why files were left alone (a held program whose manifest is not in the cache). */
  skipped?: string;
}

/**
 * The bundle cache (DATA_DIR/bundles): directories of versions older than the one held, of programs no
 * longer held, and `files/<sha256>` no held version's manifest lists. Anything younger than a day is
 * left (it may be a download in progress); if a held version's manifest is missing, no file is removed.
 */
export function pruneBundleCache(db: Db, dataDir: string, nowMs = Date.now()): CachePruneResult {
  const cache = path.join(dataDir, "bundles");
  const result: CachePruneResult = { versionDirs: 0, files: 0 };
  if (!existsSync(cache) || !tableExists(db, "central_held")) return result;
  const held = heldProgramVersions(db);
  const old = nowMs - CACHE_GRACE_MS;
  for (const program of list(cache)) {
    if (program === "files" || program === "tmp" || program === "partial" || program === "pending.json") {
      continue;
    }
    const programDir = path.join(cache, program);
    const heldVersion = held.get(program);
    for (const version of list(programDir)) {
      const dir = path.join(programDir, version);
      const n = Number(version);
      const stale = heldVersion === undefined ? olderThan(dir, old) : Number.isInteger(n) && n < heldVersion;
      if (stale && remove(dir)) result.versionDirs++;
    }
    if (list(programDir).length === 0) remove(programDir);
  }
  const referenced = new Set<string>();
  for (const [program, version] of held) {
    const manifest = path.join(cache, program, String(version), "manifest.json");
    try {
      const parsed = JSON.parse(readFileSync(manifest, "utf8")) as { files?: { sha256?: unknown }[] };
      for (const f of parsed.files ?? []) if (typeof f.sha256 === "string") referenced.add(f.sha256);
    } catch {
      result.skipped = `the cache has no readable manifest for held program ${program} v${version}`;
      return result;
    }
  }
  const filesDir = path.join(cache, "files");
  for (const name of list(filesDir)) {
    if (!/^[0-9a-f]{64}$/.test(name) || referenced.has(name)) continue;
    const file = path.join(filesDir, name);
    if (olderThan(file, old) && remove(file)) result.files++;
  }
  return result;
}
