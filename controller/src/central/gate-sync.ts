/**
 * A gate pulling central programs: poll the central's bundle list (ETag, 304), fetch only the files
 * it lacks (content-addressed cache under DATA_DIR/bundles/files/), verify everything, import in one
 * transaction. USB bundles (`gatecast bundle import`) go through the same `processBundle`.
 *
 * Whatever is refused, the gate keeps showing what it showed: nothing is written to the content
 * tables before every check has passed, and the import itself is one transaction.
 */
import { randomBytes } from "node:crypto";
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from "node:fs";
import { copyFile, link, open, readFile, rename, rm } from "node:fs/promises";
import path from "node:path";
import type { Settings } from "../config/settings.js";
import type { GateCentralConfig } from "../config/site-schema.js";
import { type DownloadProgress, RETRYABLE_REFUSALS, type SyncStatus } from "../contract/central.js";
import { gateDate, gateInstant } from "../domain/gate-time.js";
import type { EventBus } from "../event-bus.js";
import type { Logger } from "../log.js";
import { mediaPath } from "../media/media-store.js";
import { channelsOf } from "../playout/scheduler.js";
import {
  evictMediaRows,
  getHeld,
  heldVersion,
  listHeld,
  logSync,
  recentSyncLog,
  unusedMedia,
} from "../store/central-gate-repo.js";
import type { Db } from "../store/database.js";
import { getMedia, mediaBytes } from "../store/media-repo.js";
import type { RawBundle } from "./bundle.js";
import { firstPlayDay } from "./first-day.js";
import {
  DEFAULT_DOWNLOAD_LIMITS,
  type DownloadLimits,
  MAX_LIST_BYTES,
  MAX_LIST_ENTRIES,
  MAX_MANIFEST_BYTES,
  MAX_NEW_REFUSAL_ROWS_PER_POLL,
  MAX_REMEMBERED_REFUSALS,
  MAX_SIG_BYTES,
} from "./limits.js";
import {
  checkContent,
  checkManifest,
  type Manifest,
  Refusal,
  type RefusalCode,
  sha256Hex,
  type TrustedKey,
  trustedKeysFrom,
} from "./manifest.js";
import { Pacer, paced } from "./pacer.js";
import { type ImportResult, importProgram, recordRefusal } from "./program-import.js";
import {
  type Chunks,
  cachedWhole,
  cacheFilesDir,
  partialLength,
  pruneTemporaryFiles,
  readCapped,
  receiveFile,
  type Supplied,
} from "./receive.js";

/** Writes a whole file or throws (ENOSPC…); the default is tmp + fsync + rename. */
export type FileWriter = (file: string, bytes: Uint8Array) => void;

export const atomicWrite: FileWriter = (file, bytes) => {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${randomBytes(6).toString("hex")}.part`;
  try {
    const fd = openSync(tmp, "w", 0o644);
    try {
      let offset = 0;
      while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
};

export interface SyncDeps {
  fetch?: typeof fetch;
  writeFile?: FileWriter;
  now?: () => number;
  /** Download timeouts; by default the site file's (central.downloadIdleTimeoutS…), else the defaults. */
  limits?: Partial<DownloadLimits>;
}

/**
 * Supplies one file a manifest lists, as a stream (undefined: the source has no such file). `signal`
 * aborts the transfer: the receiver cuts it off past the signed size or when it stalls. `from` is
 * where a resumed download would like it to start; plain chunks start at 0 (see receive.ts).
 */
export type FileSupplier = (
  manifest: Manifest,
  entry: Manifest["files"][number],
  signal: AbortSignal,
  from: number,
) => Promise<Chunks | Supplied | undefined> | Chunks | Supplied | undefined;

/** A program being downloaded, as the gate tracks it between polls. */
interface Pending {
  programId: string;
  version: number;
  name: string | null;
  bytesTotal: number;
  bytesHave: number;
  firstDay: string | null;
  lastRate: number | null;
  lastError: string | null;
  updatedAt: number;
}

/** The rate is measured over this many seconds of transfer; none for this long: nothing arriving. */
const RATE_WINDOW_MS = 15_000;
const RATE_STALE_MS = 5_000;
const MB = 1024 * 1024;

export interface GateSyncTarget {
  db: Db;
  bus: EventBus;
  logger: Logger;
  settings: Settings;
}

export type BundleOutcome =
  | { outcome: "imported"; programId: string; version: number; result: ImportResult }
  | { outcome: "refused"; programId?: string; version?: number; code: RefusalCode; reason: string }
  | { outcome: "skipped"; programId: string; version: number; reason: string };

/**
 * An API path under the central's base URL, keeping the base's own path: a central published behind
 * a reverse proxy at `https://host/trungtam/` answers under `/trungtam/api/v1/…`.
 */
export function centralUrl(base: string, apiPath: string): URL {
  const url = new URL(base);
  const [pathname = "", query] = apiPath.split("?", 2);
  url.pathname = url.pathname.replace(/\/+$/, "") + pathname;
  url.search = query ? `?${query}` : "";
  url.hash = "";
  return url;
}

export type { SyncStatus } from "../contract/central.js";

interface ListEntry {
  programId: string;
  version: number;
  manifest: string;
  sig: string;
}

/** A list answer the gate will not read: too large, too many entries, not JSON. */
class ListError extends Error {}

const LIST_TIMEOUT_MS = 30_000;
/** base64 of the largest manifest, with padding. */
const MAX_MANIFEST_BASE64 = Math.ceil(MAX_MANIFEST_BYTES / 3) * 4;

function listEntryOf(raw: unknown): ListEntry | undefined {
  if (typeof raw !== "object" || raw === null) return undefined;
  const e = raw as Record<string, unknown>;
  if (
    typeof e.programId !== "string" ||
    !/^[a-z0-9-]{1,64}$/.test(e.programId) ||
    !Number.isSafeInteger(e.version) ||
    typeof e.manifest !== "string" ||
    e.manifest.length > MAX_MANIFEST_BASE64 ||
    typeof e.sig !== "string" ||
    e.sig.length > MAX_SIG_BYTES
  ) {
    return undefined;
  }
  return { programId: e.programId, version: e.version as number, manifest: e.manifest, sig: e.sig };
}

/** A fetch body as chunks (Node's web streams are async iterable; the DOM types do not say so). */
function chunksOf(body: ReadableStream<Uint8Array>): Chunks {
  return body as unknown as Chunks;
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The program id and version a manifest claims, when they look like ones; never trusted. */
function claimed(bytes: Buffer): { programId: string; version: number } | undefined {
  try {
    const raw = JSON.parse(bytes.toString("utf8")) as { programId?: unknown; version?: unknown };
    if (
      typeof raw.programId === "string" &&
      /^[a-z0-9-]{1,64}$/.test(raw.programId) &&
      Number.isSafeInteger(raw.version)
    ) {
      return { programId: raw.programId, version: raw.version as number };
    }
  } catch {
    // not JSON: nothing to name
  }
  return undefined;
}

/** The first 64 bytes of a file, for its media type. */
async function readHead(file: string): Promise<Buffer> {
  const handle = await open(file, "r");
  try {
    const head = Buffer.alloc(64);
    const { bytesRead } = await handle.read(head, 0, 64, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

export class GateSync {
  readonly config: GateCentralConfig;
  readonly trustedKeys: TrustedKey[];
  #etag: string | undefined;
  #running: Promise<BundleOutcome[]> | undefined;
  #refusedForGood = new Set<string>();
  #lastAttemptAt: string | null = null;
  #lastSuccessAt: string | null = null;
  #lastError: string | null = null;
  #lastWarning: string | null = null;
  /** New refusal rows the poll in flight may still add (no bound outside a poll: one bundle). */
  #newRowsLeft = Number.POSITIVE_INFINITY;
  #overBudget: RefusalCode[] = [];
  readonly #fetch: typeof fetch;
  readonly #write: FileWriter;
  readonly #now: () => number;
  readonly #limits: DownloadLimits;
  readonly #pacer: Pacer;
  readonly #pending = new Map<string, Pending>();
  /** Bytes received lately: [time, bytes] per chunk, for the rate. */
  #samples: [number, number][] = [];

  constructor(
    private readonly t: GateSyncTarget,
    deps: SyncDeps = {},
  ) {
    const central = t.settings.site.central;
    this.config = central && !("gates" in central) ? central : { pollIntervalS: 300, trustedKeys: [] };
    this.trustedKeys = trustedKeysFrom(this.config.trustedKeys);
    this.#fetch = deps.fetch ?? fetch;
    this.#write = deps.writeFile ?? atomicWrite;
    this.#now = deps.now ?? Date.now;
    const c = this.config;
    this.#limits = {
      idleMs: (c.downloadIdleTimeoutS ?? DEFAULT_DOWNLOAD_LIMITS.idleMs / 1000) * 1000,
      graceMs: (c.downloadGraceS ?? DEFAULT_DOWNLOAD_LIMITS.graceMs / 1000) * 1000,
      minBytesPerS: c.downloadMinBytesPerS ?? DEFAULT_DOWNLOAD_LIMITS.minBytesPerS,
      ...deps.limits,
    };
    this.#pacer = new Pacer(c.bandwidth, this.#now);
  }

  /** The gate's database (the CLI records a refused USB stick in it). */
  get db(): Db {
    return this.t.db;
  }

  /**
   * Removes temporary files a killed process left in the cache, and partial downloads no pending
   * program needs (at start; never throws). Partials of pending programs stay: they are resumed.
   */
  pruneCache(): number {
    return pruneTemporaryFiles(this.cacheDir, undefined, undefined, this.#pendingFiles());
  }

  /** The file listing the files pending programs still lack (their partials are kept). */
  get #pendingFile(): string {
    return path.join(this.cacheDir, "pending.json");
  }

  #pendingFiles(): Set<string> {
    const keep = new Set<string>();
    for (const files of Object.values(this.#readPending())) for (const f of files) keep.add(f);
    return keep;
  }

  #readPending(): Record<string, string[]> {
    try {
      const raw = JSON.parse(readFileSync(this.#pendingFile, "utf8")) as Record<string, unknown>;
      const out: Record<string, string[]> = {};
      for (const [k, v] of Object.entries(raw)) {
        if (Array.isArray(v))
          out[k] = v.filter((x): x is string => typeof x === "string" && /^[0-9a-f]{64}$/.test(x));
      }
      return out;
    } catch {
      return {};
    }
  }

  /** Records (files) or forgets (undefined) what a program still lacks; never throws. */
  #setPending(key: string, files: string[] | undefined): void {
    const all = this.#readPending();
    if (files) all[key] = files;
    else if (key in all) delete all[key];
    else return;
    try {
      atomicWrite(this.#pendingFile, Buffer.from(JSON.stringify(all)));
    } catch (error) {
      this.t.logger.warn({ err: (error as Error).message }, "central sync: cannot record pending downloads");
    }
  }

  get cacheDir(): string {
    return path.join(this.t.settings.dataDir, "bundles");
  }

  status(): SyncStatus {
    return {
      enabled: Boolean(this.config.url),
      url: this.config.url ?? null,
      pollIntervalS: this.config.pollIntervalS,
      lastAttemptAt: this.#lastAttemptAt,
      lastSuccessAt: this.#lastSuccessAt,
      lastError: this.#lastError,
      lastWarning: this.#lastWarning,
      held: listHeld(this.t.db),
      recent: recentSyncLog(this.t.db),
      downloads: this.downloads(),
    };
  }

  /** Programs still downloading, with their progress, rate, time left and whether they will be late. */
  downloads(): DownloadProgress[] {
    const now = this.#now();
    const rate = this.#rateNow(now);
    const cap = this.#pacer.cap();
    return [...this.#pending.values()].map((p) => {
      // A refused attempt is over: its last rate estimates the time left, nothing is arriving now.
      const active = rate !== null && p.lastError === null && now - p.updatedAt < RATE_STALE_MS;
      const r = active ? rate : p.lastRate;
      const left = Math.max(0, p.bytesTotal - p.bytesHave);
      const etaS = r && r > 0 ? Math.ceil(left / r) : null;
      const due = p.firstDay ? gateInstant(p.firstDay) : null;
      const late = due !== null && left > 0 && (now >= due || (etaS !== null && now + etaS * 1000 > due));
      return {
        programId: p.programId,
        version: p.version,
        name: p.name,
        bytesTotal: p.bytesTotal,
        bytesHave: p.bytesHave,
        bytesPerS: active ? Math.round(rate) : null,
        etaS,
        firstDay: p.firstDay,
        late,
        capBytesPerS: cap,
        lastError: p.lastError,
        updatedAt: new Date(p.updatedAt).toISOString(),
      };
    });
  }

  #rateNow(now: number): number | null {
    this.#samples = this.#samples.filter(([t]) => now - t <= RATE_WINDOW_MS);
    const first = this.#samples[0];
    const last = this.#samples[this.#samples.length - 1];
    if (!first || !last || now - last[0] > RATE_STALE_MS) return null;
    const bytes = this.#samples.reduce((sum, [, n]) => sum + n, 0);
    const spanMs = Math.max(1000, now - first[0]);
    return (bytes * 1000) / spanMs;
  }

  get lastSuccessAt(): string | null {
    return this.#lastSuccessAt;
  }

  /** One poll of the central; concurrent calls share the poll in flight. */
  syncNow(): Promise<BundleOutcome[]> {
    this.#running ??= this.#poll().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async #poll(): Promise<BundleOutcome[]> {
    const base = this.config.url;
    if (!base) throw new Error("this gate has no central.url in its site file");
    this.#lastAttemptAt = new Date(this.#now()).toISOString();
    let list: { entries: ListEntry[]; malformed: number; etag: string | null } | "not-modified";
    try {
      list = await this.#fetchList(base);
    } catch (error) {
      const refused = error instanceof ListError;
      this.#lastError = refused
        ? `the central's bundle list was refused: ${error.message}`
        : `cannot reach the central: ${(error as Error).message}`;
      this.t.logger.warn(
        { url: base, err: (error as Error).message },
        refused
          ? "central sync: the bundle list was refused; content unchanged"
          : "central sync: cannot reach the central; content unchanged",
      );
      return [];
    }
    if (list === "not-modified") {
      this.#succeeded();
      return [];
    }
    const { entries, malformed, etag } = list;
    const listed = new Set(entries.map((e) => e.programId));
    for (const id of this.#pending.keys()) {
      if (!listed.has(id)) {
        this.#pending.delete(id);
        this.#setPending(id, undefined);
      }
    }
    const source = `central ${new URL(base).host}`;
    const outcomes: BundleOutcome[] = [];
    const warnings: string[] = [];
    if (malformed > 0) {
      warnings.push(`${malformed} malformed entr${malformed === 1 ? "y" : "ies"} in the bundle list ignored`);
    }
    let retry = false;
    this.#newRowsLeft = MAX_NEW_REFUSAL_ROWS_PER_POLL;
    this.#overBudget = [];
    try {
      for (const entry of entries) {
        // Each bundle's checks are short; a turn of the event loop between them keeps a long list
        // from holding up /healthz, the kiosks and the signs.
        await tick();
        const manifestBytes = Buffer.from(entry.manifest, "base64");
        const manifestSha = sha256Hex(manifestBytes);
        // The very bundle held already: nothing to do. Any other bundle with a version not above the
        // held one goes through the checks and is refused as a replay.
        if (getHeld(this.t.db, entry.programId)?.manifestSha256 === manifestSha) {
          outcomes.push({
            outcome: "skipped",
            programId: entry.programId,
            version: entry.version,
            reason: "already held",
          });
          continue;
        }
        const seenKey = `${entry.programId}@${entry.version}#${manifestSha}`;
        if (this.#refusedForGood.has(seenKey)) continue;
        const outcome = await this.processBundle(
          manifestBytes,
          entry.sig,
          (m, f, signal, from) => this.#download(base, m, f, signal, from),
          source,
        );
        outcomes.push(outcome);
        if (outcome.outcome === "refused") {
          if (RETRYABLE_REFUSALS.has(outcome.code)) retry = true;
          else {
            if (this.#refusedForGood.size >= MAX_REMEMBERED_REFUSALS) this.#refusedForGood.clear();
            this.#refusedForGood.add(seenKey);
          }
        }
      }
      const over = this.#overBudget;
      if (over.length > 0) {
        const codes = [...new Set(over)].join(", ");
        const reason = `${over.length} more bundle(s) refused in one poll (${codes}); only the first ${MAX_NEW_REFUSAL_ROWS_PER_POLL} are listed one by one`;
        recordRefusal(this.t.db, source, undefined, over[0] as RefusalCode, reason);
        warnings.push(reason);
      }
    } finally {
      this.#newRowsLeft = Number.POSITIVE_INFINITY;
      this.#overBudget = [];
    }
    this.#lastWarning = warnings.length > 0 ? warnings.join("; ") : null;
    if (this.#lastWarning) {
      this.t.logger.warn({ url: base, warning: this.#lastWarning }, "central sync: part of the list ignored");
    }
    // A bundle worth retrying keeps the old ETag: the next poll gets the list again.
    if (!retry && etag) this.#etag = etag;
    this.#succeeded();
    return outcomes;
  }

  /**
   * The central's bundle list, read as a stream up to MAX_LIST_BYTES and MAX_LIST_ENTRIES (a longer
   * one is refused whole: no real central sends it). Entries that are not what a list holds are
   * counted, not kept.
   */
  async #fetchList(
    base: string,
  ): Promise<{ entries: ListEntry[]; malformed: number; etag: string | null } | "not-modified"> {
    const gate = this.t.settings.site.id;
    const abort = new AbortController();
    const timer = setTimeout(
      () => abort.abort(new Error(`no whole answer in ${LIST_TIMEOUT_MS / 1000} s`)),
      LIST_TIMEOUT_MS,
    );
    try {
      const res = await this.#fetch(
        centralUrl(base, `/api/v1/central/bundles?gate=${encodeURIComponent(gate)}`),
        { headers: this.#etag ? { "if-none-match": this.#etag } : {}, signal: abort.signal },
      );
      if (res.status === 304) {
        await res.body?.cancel().catch(() => undefined);
        return "not-modified";
      }
      if (!res.ok) {
        await res.body?.cancel().catch(() => undefined);
        throw new Error(`the central answered ${res.status}`);
      }
      const declared = Number(res.headers.get("content-length") ?? "0");
      if (declared > MAX_LIST_BYTES) {
        throw new ListError(`it is ${declared} bytes, more than ${MAX_LIST_BYTES}`);
      }
      let bytes: Buffer;
      try {
        bytes = res.body ? await readCapped(chunksOf(res.body), MAX_LIST_BYTES, "it") : Buffer.alloc(0);
      } catch (error) {
        if (/larger than/.test((error as Error).message)) {
          throw new ListError(`it is larger than ${MAX_LIST_BYTES} bytes`);
        }
        throw error;
      }
      let body: unknown;
      try {
        body = JSON.parse(bytes.toString("utf8"));
      } catch {
        throw new ListError("it is not JSON");
      }
      const raw = (body as { bundles?: unknown } | null)?.bundles;
      if (!Array.isArray(raw)) throw new ListError("it has no bundles array");
      if (raw.length > MAX_LIST_ENTRIES) {
        throw new ListError(`it has ${raw.length} entries, more than ${MAX_LIST_ENTRIES}`);
      }
      const entries: ListEntry[] = [];
      let malformed = 0;
      for (const item of raw) {
        const entry = listEntryOf(item);
        if (entry) entries.push(entry);
        else malformed++;
      }
      return { entries, malformed, etag: res.headers.get("etag") };
    } finally {
      clearTimeout(timer);
      abort.abort(new Error("done"));
    }
  }

  #succeeded(): void {
    this.#lastSuccessAt = new Date(this.#now()).toISOString();
    this.#lastError = null;
  }

  /**
   * A file from the central, as a stream (the receiver bounds it; see receive.ts), from byte `from`
   * when the gate holds the rest: a range request, valid only for the same file (If-Range on its
   * hash, the central's ETag). A 200 is the whole file again; the receiver starts over.
   *
   * Under a bandwidth cap the file comes in ranges of about two seconds at the cap, one after the
   * other, each read through the pacer. Pausing one long response instead would leave megabytes in
   * the sockets' buffers for longer than the central keeps a finished response's connection open
   * (5 s): it closes it, and the tail is lost. A central that ignores ranges (200) is read whole.
   */
  async #download(
    base: string,
    manifest: Manifest,
    entry: Manifest["files"][number],
    signal: AbortSignal,
    from: number,
  ): Promise<Chunks | Supplied | undefined> {
    const url = centralUrl(
      base,
      `/api/v1/central/bundles/${encodeURIComponent(manifest.programId)}/${manifest.version}/files/${entry.sha256}`,
    );
    const cap = this.#pacer.cap();
    const slice = cap === null ? Number.POSITIVE_INFINITY : Math.max(64 * 1024, Math.round(cap * 2));
    const request = async (start: number) => {
      const end = Math.min(entry.size, start + slice) - 1;
      const ranged = (start > 0 || end < entry.size - 1) && start < entry.size;
      const res = await this.#fetch(url, {
        signal,
        headers: ranged
          ? { range: `bytes=${start}-${end < entry.size - 1 ? end : ""}`, "if-range": `"${entry.sha256}"` }
          : {},
      });
      if (res.status === 206) {
        const range = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(res.headers.get("content-range") ?? "");
        if (!ranged || !range || Number(range[1]) !== start || !res.body) {
          await res.body?.cancel().catch(() => undefined);
          throw new Error(
            `the central answered bytes ${range?.[1] ?? "?"}- to a request for bytes ${start}-`,
          );
        }
        return { res, start, end: Number(range[2]) };
      }
      return { res, start: 0, end: entry.size - 1 };
    };
    let first = await request(from);
    if (first.res.status === 416) {
      await first.res.body?.cancel().catch(() => undefined);
      first = await request(0);
    }
    const { res } = first;
    if (!res.ok || !res.body) {
      await res.body?.cancel().catch(() => undefined);
      return undefined;
    }
    if (res.status !== 206) return chunksOf(res.body);
    const body = res.body;
    const rest = async function* (): AsyncGenerator<Uint8Array> {
      yield* chunksOf(body);
      for (let next = first.end + 1; next < entry.size; ) {
        const part = await request(next);
        if (part.res.status !== 206 || !part.res.body) {
          await part.res.body?.cancel().catch(() => undefined);
          throw new Error(`the central answered ${part.res.status} to a request for bytes ${next}-`);
        }
        yield* chunksOf(part.res.body);
        next = part.end + 1;
      }
    };
    return { chunks: rest(), start: first.start };
  }

  /**
   * Makes room in the media budget for a program's new media: media nothing uses (no item, draft,
   * pending publication or held program) is evicted oldest first. When even that would not make
   * room, the program is refused and nothing is deleted.
   */
  #makeRoom(manifest: Manifest): void {
    const budget = this.t.settings.site.storage.budgets.mediaMB * MB;
    const incoming = manifest.files
      .filter((f) => f.path.startsWith("media/") && !getMedia(this.t.db, f.sha256))
      .reduce((sum, f) => sum + f.size, 0);
    const used = mediaBytes(this.t.db);
    if (used + incoming <= budget) return;
    const keep = new Set([...this.#heldFiles(), ...manifest.files.map((f) => f.sha256)]);
    const candidates = unusedMedia(this.t.db).filter((m) => !keep.has(m.sha256));
    const chosen: typeof candidates = [];
    let freed = 0;
    for (const m of candidates) {
      if (used - freed + incoming <= budget) break;
      chosen.push(m);
      freed += m.size;
    }
    if (used - freed + incoming > budget) {
      throw new Refusal(
        "media-budget",
        `this program brings ${Math.ceil(incoming / MB)} MB of new media, and the media budget is ${budget / MB} MB with ${Math.ceil(used / MB)} MB in use, of which only ${Math.floor(freed / MB)} MB is unused and could be evicted; nothing was deleted (remove media or raise storage.budgets.mediaMB)`,
      );
    }
    const why = `room for ${manifest.programId} v${manifest.version} in the media budget`;
    evictMediaRows(this.t.db, chosen, why);
    for (const m of chosen) {
      rmSync(mediaPath(this.t.settings.dataDir, m.sha256), { force: true });
      rmSync(path.join(cacheFilesDir(this.cacheDir), m.sha256), { force: true });
    }
    this.t.logger.info(
      { programId: manifest.programId, evicted: chosen.length, freedMB: Math.round(freed / MB) },
      "central sync: unused media evicted for a download",
    );
  }

  /** Files the manifests of held programs list (in the bundle cache). */
  #heldFiles(): string[] {
    const files: string[] = [];
    for (const h of listHeld(this.t.db)) {
      try {
        const m = JSON.parse(
          readFileSync(path.join(this.cacheDir, h.programId, String(h.version), "manifest.json"), "utf8"),
        ) as { files?: { sha256?: unknown }[] };
        for (const f of m.files ?? []) if (typeof f.sha256 === "string") files.push(f.sha256);
      } catch {
        // a USB import keeps no manifest copy when the cache was pruned; its items still hold its media
      }
    }
    return files;
  }

  /** The limits of one file's download: the deadline allows for the cap in force. */
  #limitsNow(): DownloadLimits {
    const cap = this.#pacer.cap();
    return cap === null
      ? this.#limits
      : { ...this.#limits, minBytesPerS: Math.min(this.#limits.minBytesPerS, Math.max(1, cap / 2)) };
  }

  /**
   * Checks and imports one bundle. `supply` streams each file the manifest lists (after the manifest
   * passed its checks) into the cache, bounded by its signed size (see receive.ts); files the cache
   * holds whole already are not asked for. Every refusal is logged, audited and returned; the same
   * refusal again is counted on its first row.
   */
  async processBundle(
    manifestBytes: Buffer,
    sig: string,
    supply: FileSupplier,
    source: string,
  ): Promise<BundleOutcome> {
    let manifest: Manifest | undefined;
    try {
      manifest = checkManifest(manifestBytes, sig, {
        gateId: this.t.settings.site.id,
        trustedKeys: this.trustedKeys,
        heldVersion: (id) => heldVersion(this.t.db, id),
        now: this.#now(),
      });
      const files = new Map<string, string>();
      const missing: Manifest["files"] = [];
      for (const entry of manifest.files) {
        const cached = await cachedWhole(this.cacheDir, entry);
        if (cached) files.set(entry.path, cached);
        else missing.push(entry);
      }
      if (missing.length > 0) {
        this.#makeRoom(manifest);
        await this.#fetchMissing(manifest, missing, files, supply, source);
      }
      // Bounded by the manifest (MAX_CONTENT_JSON_BYTES) and checked against its hash on arrival.
      const content = checkContent(manifest, await readFile(files.get("content.json") as string));
      const dir = path.join(this.cacheDir, manifest.programId, String(manifest.version));
      this.#writeOrRefuse(path.join(dir, "manifest.json"), manifestBytes, false);
      this.#writeOrRefuse(path.join(dir, "manifest.sig"), Buffer.from(sig), false);
      const media: { sha256: string; size: number; head: Uint8Array }[] = [];
      for (const f of manifest.files) {
        if (!f.path.startsWith("media/")) continue;
        const cached = files.get(f.path) as string;
        await this.#placeMedia(cached, f.sha256);
        media.push({ sha256: f.sha256, size: f.size, head: await readHead(cached) });
      }
      const site = this.t.settings.site;
      const result = importProgram(
        {
          db: this.t.db,
          bus: this.t.bus,
          channelIds: channelsOf(site).map((c) => c.id),
        },
        manifest,
        sha256Hex(manifestBytes),
        content,
        media,
        source,
      );
      this.t.logger.info(
        { programId: manifest.programId, version: manifest.version, source, changes: result.changes.length },
        "central program imported",
      );
      this.t.bus.emit("contentChanged", { entity: "central-program", id: manifest.programId });
      this.#pending.delete(manifest.programId);
      this.#setPending(manifest.programId, undefined);
      return { outcome: "imported", programId: manifest.programId, version: manifest.version, result };
    } catch (caught) {
      // An I/O or database error on the way (EIO on the cache, SQLITE_BUSY past the timeout) refuses
      // this bundle for now, to be tried again; anything else is a bug and goes up.
      const errno = (caught as { code?: unknown }).code;
      if (!(caught instanceof Refusal) && typeof errno !== "string") throw caught;
      const error =
        caught instanceof Refusal
          ? caught
          : new Refusal("write-failed", `${(caught as Error).message}; nothing was imported`);
      // Before the checks passed, the ids are what the manifest claims: for the log and status only.
      const bundle = manifest
        ? { programId: manifest.programId, version: manifest.version }
        : claimed(manifestBytes);
      const recorded = recordRefusal(this.t.db, source, bundle, error.code, error.message, {
        allowNew: this.#newRowsLeft > 0,
      });
      if (recorded === "inserted") this.#newRowsLeft--;
      if (manifest) {
        const pending = this.#pending.get(manifest.programId);
        if (!RETRYABLE_REFUSALS.has(error.code)) {
          this.#pending.delete(manifest.programId);
          this.#setPending(manifest.programId, undefined);
        } else if (pending) {
          pending.lastError = error.message;
          pending.updatedAt = this.#now();
        }
      }
      if (recorded === "over-budget") this.#overBudget.push(error.code);
      // The first time a refusal is seen it is a warning; the same one again is counted, quietly.
      this.t.logger[recorded === "inserted" || recorded === "failed" ? "warn" : "debug"](
        { ...bundle, source, code: error.code, recorded },
        `central bundle refused: ${error.message}; content unchanged`,
      );
      return { outcome: "refused", ...bundle, code: error.code, reason: error.message };
    }
  }

  /**
   * Downloads the files a bundle lacks, content.json first (it names the program and its first day),
   * each resumed from its partial, paced by the bandwidth cap; the progress is kept for the status.
   */
  async #fetchMissing(
    manifest: Manifest,
    missing: Manifest["files"],
    files: Map<string, string>,
    supply: FileSupplier,
    source: string,
  ): Promise<void> {
    const bytesTotal = manifest.files.reduce((sum, f) => sum + f.size, 0);
    const lacking = new Set(missing.map((f) => f.sha256));
    const have =
      manifest.files.filter((f) => !lacking.has(f.sha256)).reduce((sum, f) => sum + f.size, 0) +
      missing.reduce((sum, f) => sum + Math.min(f.size, partialLength(this.cacheDir, f.sha256)), 0);
    const known = this.#pending.get(manifest.programId);
    const p: Pending =
      known && known.version === manifest.version
        ? known
        : {
            programId: manifest.programId,
            version: manifest.version,
            name: null,
            bytesTotal,
            bytesHave: have,
            firstDay: null,
            lastRate: null,
            lastError: null,
            updatedAt: this.#now(),
          };
    p.bytesHave = have;
    p.lastError = null;
    this.#pending.set(manifest.programId, p);
    this.#setPending(manifest.programId, [...lacking]);
    const ordered = [...missing].sort(
      (a, b) => Number(b.path === "content.json") - Number(a.path === "content.json"),
    );
    const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
    for (const entry of ordered) {
      let before = Math.min(entry.size, partialLength(this.cacheDir, entry.sha256));
      const file = await receiveFile(
        this.cacheDir,
        entry,
        (signal, from) => supply(manifest, entry, signal, from),
        this.#limitsNow(),
        {
          pace: (chunks) => paced(chunks, this.#pacer, sleep),
          // A restart from byte 0 (a 200, a partial thrown away) counts again from there.
          onStart: (from) => {
            p.bytesHave += from - before;
            before = from;
          },
          onBytes: (n) => {
            const now = this.#now();
            p.bytesHave += n;
            p.updatedAt = now;
            this.#samples.push([now, n]);
            if (this.#samples.length > 20_000) this.#samples.splice(0, 10_000);
            p.lastRate = this.#rateNow(now) ?? p.lastRate;
          },
          note: (reason) => {
            logSync(
              this.t.db,
              source,
              manifest.programId,
              manifest.version,
              "error",
              "partial-discarded",
              reason,
            );
          },
        },
      );
      files.set(entry.path, file);
      if (entry.path === "content.json") {
        try {
          const content = checkContent(manifest, await readFile(file));
          p.name = content.name ?? null;
          p.firstDay = firstPlayDay(content.schedules, content.holidayOverrides, gateDate(this.#now()));
        } catch {
          // refused below with its reason, once every file is here
        }
      }
    }
  }

  /**
   * Puts a verified cache file into the media store: a hard link (same disk, no copy), else a
   * streamed copy to a temporary name, fsync, rename. A file there already is kept (content-addressed).
   */
  async #placeMedia(cached: string, sha256: string): Promise<void> {
    const target = mediaPath(this.t.settings.dataDir, sha256);
    if (existsSync(target)) return;
    try {
      mkdirSync(path.dirname(target), { recursive: true });
      try {
        await link(cached, target);
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "EEXIST") return;
      }
      const tmp = `${target}.${randomBytes(6).toString("hex")}.part`;
      try {
        await copyFile(cached, tmp);
        const handle = await open(tmp, "r+");
        try {
          await handle.sync();
        } finally {
          await handle.close();
        }
        await rename(tmp, target);
      } finally {
        await rm(tmp, { force: true });
      }
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "";
      if (code === "ENOSPC" || code === "EDQUOT") {
        throw new Refusal(
          "disk-full",
          `the disk is full (${code}) writing media/${sha256}; nothing was imported`,
        );
      }
      throw new Refusal(
        "write-failed",
        `cannot write media/${sha256} (${code || (error as Error).message}); nothing was imported`,
      );
    }
  }

  /** Writes a file; content-addressed ones already there are kept. ENOSPC and friends refuse the bundle. */
  #writeOrRefuse(file: string, bytes: Buffer, contentAddressed: boolean): void {
    if (contentAddressed && existsSync(file)) return;
    try {
      this.#write(file, bytes);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "";
      if (code === "ENOSPC" || code === "EDQUOT") {
        throw new Refusal(
          "disk-full",
          `the disk is full (${code}) writing ${path.basename(file)}; nothing was imported`,
        );
      }
      throw new Refusal(
        "write-failed",
        `cannot write ${path.basename(file)} (${code || (error as Error).message}); nothing was imported`,
      );
    }
  }

  /** A bundle from a USB stick (a single file or a directory), with the same checks as a download. */
  importRaw(raw: RawBundle, source: string): Promise<BundleOutcome> {
    return this.processBundle(raw.manifestBytes, raw.sig, (_m, entry) => raw.open(entry.sha256), source);
  }
}
