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
import path from "node:path";
import type { Settings } from "../config/settings.js";
import type { GateCentralConfig } from "../config/site-schema.js";
import type { EventBus } from "../event-bus.js";
import type { Logger } from "../log.js";
import { mediaPath } from "../media/media-store.js";
import { channelsOf } from "../playout/scheduler.js";
import type { Db } from "../store/database.js";
import type { RawBundle } from "./bundle.js";
import {
  getHeld,
  type HeldProgram,
  heldVersion,
  type ImportResult,
  importProgram,
  listHeld,
  recentSyncLog,
  recordRefusal,
  type SyncLogRow,
} from "./gate-store.js";
import {
  checkContent,
  checkFile,
  checkManifest,
  type Manifest,
  Refusal,
  type RefusalCode,
  sha256Hex,
  type TrustedKey,
  trustedKeysFrom,
} from "./manifest.js";
import { RETRYABLE_REFUSALS } from "./refusals.js";

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
}

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

export interface SyncStatus {
  enabled: boolean;
  url: string | null;
  pollIntervalS: number;
  lastAttemptAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  held: HeldProgram[];
  recent: SyncLogRow[];
}

interface ListEntry {
  programId: string;
  version: number;
  manifest: string;
  sig: string;
}

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

export class GateSync {
  readonly config: GateCentralConfig;
  readonly trustedKeys: TrustedKey[];
  #etag: string | undefined;
  #running: Promise<BundleOutcome[]> | undefined;
  #refusedForGood = new Set<string>();
  #lastAttemptAt: string | null = null;
  #lastSuccessAt: string | null = null;
  #lastError: string | null = null;
  readonly #fetch: typeof fetch;
  readonly #write: FileWriter;
  readonly #now: () => number;

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
      held: listHeld(this.t.db),
      recent: recentSyncLog(this.t.db),
    };
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
    const gate = this.t.settings.site.id;
    let entries: ListEntry[];
    let etag: string | null;
    try {
      const res = await this.#fetch(
        centralUrl(base, `/api/v1/central/bundles?gate=${encodeURIComponent(gate)}`),
        {
          headers: this.#etag ? { "if-none-match": this.#etag } : {},
          signal: AbortSignal.timeout(30_000),
        },
      );
      if (res.status === 304) {
        this.#succeeded();
        return [];
      }
      if (!res.ok) throw new Error(`the central answered ${res.status}`);
      etag = res.headers.get("etag");
      const body = (await res.json()) as { bundles?: ListEntry[] };
      entries = Array.isArray(body.bundles) ? body.bundles : [];
    } catch (error) {
      this.#lastError = `cannot reach the central: ${(error as Error).message}`;
      this.t.logger.warn(
        { url: base, err: (error as Error).message },
        "central sync: cannot reach the central; content unchanged",
      );
      return [];
    }
    const outcomes: BundleOutcome[] = [];
    let retry = false;
    for (const entry of entries) {
      if (
        typeof entry?.programId !== "string" ||
        typeof entry.manifest !== "string" ||
        typeof entry.sig !== "string"
      ) {
        continue;
      }
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
        (m, f) => this.#download(base, m, f),
        `central ${new URL(base).host}`,
      );
      outcomes.push(outcome);
      if (outcome.outcome === "refused") {
        if (RETRYABLE_REFUSALS.has(outcome.code)) retry = true;
        else this.#refusedForGood.add(seenKey);
      }
    }
    // A bundle worth retrying keeps the old ETag: the next poll gets the list again.
    if (!retry && etag) this.#etag = etag;
    this.#succeeded();
    return outcomes;
  }

  #succeeded(): void {
    this.#lastSuccessAt = new Date(this.#now()).toISOString();
    this.#lastError = null;
  }

  /** A file from the cache when it is there and whole, else from the central (then cached). */
  async #download(
    base: string,
    manifest: Manifest,
    entry: Manifest["files"][number],
  ): Promise<Buffer | undefined> {
    const cached = path.join(this.cacheDir, "files", entry.sha256);
    if (existsSync(cached)) {
      const bytes = readFileSync(cached);
      if (bytes.length === entry.size && sha256Hex(bytes) === entry.sha256) return bytes;
    }
    const url = centralUrl(
      base,
      `/api/v1/central/bundles/${encodeURIComponent(manifest.programId)}/${manifest.version}/files/${entry.sha256}`,
    );
    let bytes: Buffer;
    try {
      const res = await this.#fetch(url, { signal: AbortSignal.timeout(10 * 60_000) });
      if (!res.ok) return undefined;
      bytes = Buffer.from(await res.arrayBuffer());
    } catch {
      // A connection cut mid-body: whatever arrived is short.
      return Buffer.alloc(0);
    }
    return bytes;
  }

  /**
   * Checks and imports one bundle. `file` supplies each file the manifest lists (after the manifest
   * passed its checks); every refusal is logged, audited and returned.
   */
  async processBundle(
    manifestBytes: Buffer,
    sig: string,
    file: (
      manifest: Manifest,
      entry: Manifest["files"][number],
    ) => Promise<Buffer | undefined> | Buffer | undefined,
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
      const verified = new Map<string, Buffer>();
      for (const entry of manifest.files) {
        const bytes = await file(manifest, entry);
        checkFile(entry, bytes);
        verified.set(entry.path, bytes as Buffer);
        this.#writeOrRefuse(path.join(this.cacheDir, "files", entry.sha256), bytes as Buffer, true);
      }
      const content = checkContent(manifest, verified.get("content.json") as Buffer);
      const dir = path.join(this.cacheDir, manifest.programId, String(manifest.version));
      this.#writeOrRefuse(path.join(dir, "manifest.json"), manifestBytes, false);
      this.#writeOrRefuse(path.join(dir, "manifest.sig"), Buffer.from(sig), false);
      const media = manifest.files
        .filter((f) => f.path.startsWith("media/"))
        .map((f) => {
          const bytes = verified.get(f.path) as Buffer;
          this.#writeOrRefuse(mediaPath(this.t.settings.dataDir, f.sha256), bytes, true);
          return { sha256: f.sha256, size: f.size, head: bytes.subarray(0, 64) };
        });
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
      return { outcome: "imported", programId: manifest.programId, version: manifest.version, result };
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      // Before the checks passed, the ids are what the manifest claims: for the log and status only.
      const bundle = manifest
        ? { programId: manifest.programId, version: manifest.version }
        : claimed(manifestBytes);
      const recorded = recordRefusal(this.t.db, source, bundle, error.code, error.message);
      this.t.logger.warn(
        { ...bundle, source, code: error.code, recorded },
        `central bundle refused: ${error.message}; content unchanged`,
      );
      return { outcome: "refused", ...bundle, code: error.code, reason: error.message };
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
    return this.processBundle(raw.manifestBytes, raw.sig, (_m, entry) => raw.file(entry.sha256), source);
  }
}
