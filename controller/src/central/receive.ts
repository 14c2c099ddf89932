/**
 * Files of a bundle go to disk as they arrive, never whole into memory: each is written to its
 * partial file (bundles/partial/<sha256>, kept across link cuts and restarts and resumed from its
 * confirmed length) while its SHA-256 is computed, cut off the moment it passes the size its signed
 * manifest states, and renamed into the content-addressed cache only when size and hash match.
 * Downloads and USB sticks alike (a failing stick can stall as a thin link can).
 */
import { createHash } from "node:crypto";
import {
  createReadStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from "node:fs";
import { open, rename, stat } from "node:fs/promises";
import path from "node:path";
import { type DownloadLimits, downloadDeadlineMs } from "./limits.js";
import { type Manifest, Refusal } from "./manifest.js";

type FileEntry = Manifest["files"][number];

/** The bytes of one file, as a stream of chunks (a fetch body, a file read stream). */
export type Chunks = AsyncIterable<Uint8Array>;

/** Where the verified files and the temporary ones live. */
export function cacheFilesDir(cacheDir: string): string {
  return path.join(cacheDir, "files");
}

function tmpDir(cacheDir: string): string {
  return path.join(cacheDir, "tmp");
}

/**
 * Removes temporary files left by a process killed mid-download, older than `olderThanMs` (a running
 * import by the CLI next door keeps its own), and partial downloads of files no pending program needs
 * (`keep`: the sha256 of every file a pending program still lacks; undefined: keep every partial).
 * Never throws: a cache it cannot tidy is still a cache.
 */
export function pruneTemporaryFiles(
  cacheDir: string,
  olderThanMs = 3600_000,
  now = Date.now(),
  keep?: ReadonlySet<string>,
): number {
  let removed = 0;
  try {
    for (const name of readdirSync(tmpDir(cacheDir))) {
      const file = path.join(tmpDir(cacheDir), name);
      try {
        if (now - statSync(file).mtimeMs > olderThanMs) {
          rmSync(file, { force: true });
          removed++;
        }
      } catch {
        // gone already
      }
    }
  } catch {
    // no tmp folder yet
  }
  if (!keep) return removed;
  try {
    for (const name of readdirSync(partialDir(cacheDir))) {
      const sha = name.replace(/\.len$/, "");
      if (keep.has(sha)) continue;
      rmSync(path.join(partialDir(cacheDir), name), { force: true });
      if (!name.endsWith(".len")) removed++;
    }
  } catch {
    // no partial folder yet
  }
  return removed;
}

/** The SHA-256 and size of a file on disk, read as a stream (a 500 MB video never blocks the loop). */
export async function hashFile(file: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash("sha256");
  let size = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest("hex"), size };
}

/** Files of the cache already hashed by this process: path → size and mtime when hashed. */
const verified = new Map<string, { size: number; mtimeMs: number }>();

/** True when the cache holds this entry whole (size and hash checked, once per process and file). */
export async function cachedWhole(cacheDir: string, entry: FileEntry): Promise<string | undefined> {
  const file = path.join(cacheFilesDir(cacheDir), entry.sha256);
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(file);
  } catch {
    return undefined;
  }
  if (info.size !== entry.size) return undefined;
  const known = verified.get(file);
  if (known && known.size === info.size && known.mtimeMs === info.mtimeMs) return file;
  const actual = await hashFile(file).catch(() => undefined);
  if (actual?.sha256 !== entry.sha256) return undefined;
  if (verified.size > 10_000) verified.clear();
  verified.set(file, { size: info.size, mtimeMs: info.mtimeMs });
  return file;
}

function diskRefusal(error: unknown, what: string): Refusal {
  const code = (error as NodeJS.ErrnoException).code ?? "";
  if (code === "ENOSPC" || code === "EDQUOT") {
    return new Refusal("disk-full", `the disk is full (${code}) writing ${what}; nothing was imported`);
  }
  return new Refusal(
    "write-failed",
    `cannot write ${what} (${code || (error as Error).message}); nothing was imported`,
  );
}

/** Where a file's resumable partial download lives: a stable name per sha256, kept across restarts. */
export function partialDir(cacheDir: string): string {
  return path.join(cacheDir, "partial");
}

/**
 * The partial is fsynced every this many bytes, and its confirmed length written beside it: after a
 * power cut only the bytes since the last confirmation are fetched again.
 */
export const CONFIRM_EVERY_BYTES = 4 * 1024 * 1024;

/** Chunks that start at `start` in the file (a source that honoured a range request), not at 0. */
export interface Supplied {
  chunks: Chunks;
  start: number;
}

/** Starts a transfer from byte `from` (a source may ignore it and start at 0: plain chunks). */
export type Supply = (
  signal: AbortSignal,
  from: number,
) => Promise<Chunks | Supplied | undefined> | Chunks | Supplied | undefined;

export interface ReceiveOptions {
  /** Where the transfer really starts (the partial's length, or 0 when it starts over). */
  onStart?: (from: number) => void;
  /** New bytes written to the partial (progress). */
  onBytes?: (n: number) => void;
  /** Wraps the source's chunks (the bandwidth pacer). */
  pace?: (chunks: Chunks) => Chunks;
  /** A partial thrown away (longer than signed, another hash): said in the sync log. */
  note?: (reason: string) => void;
}

function isSupplied(x: Chunks | Supplied): x is Supplied {
  return typeof (x as Supplied).start === "number" && "chunks" in x;
}

/** The confirmed length of a partial (0: none, or nothing confirmed). */
function confirmedLength(lenFile: string): number {
  try {
    const n = Number(readFileSync(lenFile, "utf8").trim());
    return Number.isSafeInteger(n) && n > 0 ? n : 0;
  } catch {
    return 0;
  }
}

/** Writes the confirmed length (a few bytes in one write: torn writes do not happen at this size). */
async function confirm(lenFile: string, length: number): Promise<void> {
  const h = await open(lenFile, "w", 0o644);
  try {
    await h.write(String(length));
    await h.sync();
  } finally {
    await h.close();
  }
}

/** SHA-256 of a file's first `length` bytes, streamed (a resume re-hashes what it kept). */
async function hashPrefix(file: string, length: number): Promise<ReturnType<typeof createHash>> {
  const hash = createHash("sha256");
  if (length === 0) return hash;
  for await (const chunk of createReadStream(file, {
    start: 0,
    end: length - 1,
    highWaterMark: 1024 * 1024,
  })) {
    hash.update(chunk as Buffer);
  }
  return hash;
}

/** What a partial holds for an entry, in bytes (for progress before a transfer starts). */
export function partialLength(cacheDir: string, sha256: string): number {
  return confirmedLength(path.join(partialDir(cacheDir), `${sha256}.len`));
}

/**
 * Receives one file into the cache, resuming its partial download: `supply(signal, from)` starts the
 * transfer at the confirmed length of the partial (the signal aborts it: too many bytes, no byte for
 * `limits.idleMs`, past the deadline). A source that starts at 0 instead restarts the file cleanly.
 * A cut leaves the partial, fsynced and confirmed, for the next attempt, in this process or the next.
 * Returns the cached file's path, or throws a Refusal: `missing-file`, `truncated` (short, or cut:
 * retried at the next poll), `tampered` (longer than signed, or another hash: the partial is thrown
 * away), `disk-full`/`write-failed`.
 */
export async function receiveFile(
  cacheDir: string,
  entry: FileEntry,
  supply: Supply,
  limits: DownloadLimits,
  options: ReceiveOptions = {},
): Promise<string> {
  const target = path.join(cacheFilesDir(cacheDir), entry.sha256);
  const partial = path.join(partialDir(cacheDir), entry.sha256);
  const lenFile = `${partial}.len`;
  const abort = new AbortController();
  let why: string | undefined;
  const stop = (reason: string) => {
    why ??= reason;
    abort.abort(new Error(reason));
  };
  let have = 0;
  try {
    mkdirSync(partialDir(cacheDir), { recursive: true });
    mkdirSync(cacheFilesDir(cacheDir), { recursive: true });
  } catch (error) {
    throw diskRefusal(error, entry.path);
  }
  // Only what was confirmed counts: bytes past it may be a power cut's garbage.
  have = Math.min(confirmedLength(lenFile), existsSync(partial) ? statSync(partial).size : 0);
  if (confirmedLength(lenFile) > entry.size) {
    options.note?.(
      `${entry.path}: the partial download held ${confirmedLength(lenFile)} bytes, more than the ${entry.size} signed; thrown away, fetched again from the start`,
    );
    have = 0;
  }
  const deadlineMs = downloadDeadlineMs(limits, entry.size - have);
  const deadline = setTimeout(
    () => stop(`no whole file after ${Math.round(deadlineMs / 1000)} s`),
    deadlineMs,
  );
  let idle: NodeJS.Timeout | undefined;
  const touch = () => {
    clearTimeout(idle);
    idle = setTimeout(() => stop(`no byte for ${Math.round(limits.idleMs / 1000)} s`), limits.idleMs);
  };
  touch();
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  let size = have;
  let confirmed = have;
  let done = false;
  let discard = false;
  try {
    let supplied: Chunks | Supplied | undefined;
    try {
      // Every byte is here already (a cut between the last byte and the rename): nothing to fetch.
      supplied =
        have === entry.size
          ? { chunks: (async function* () {})(), start: have }
          : await orAbort(Promise.resolve(supply(abort.signal, have)), abort.signal);
    } catch (error) {
      throw new Refusal(
        "truncated",
        `${entry.path}: the transfer did not start (${why ?? (error as Error).message}); tried again later`,
      );
    }
    if (!supplied) throw new Refusal("missing-file", `${entry.path} is missing from the bundle`);
    const source = isSupplied(supplied) ? supplied : { chunks: supplied, start: 0 };
    // A source that answered from elsewhere than asked (a 200 to a range request): start again.
    if (source.start !== have) {
      if (source.start !== 0) {
        throw new Refusal(
          "truncated",
          `${entry.path}: the source answered from byte ${source.start}, not ${have}; tried again later`,
        );
      }
      have = 0;
    }
    size = have;
    confirmed = have;
    options.onStart?.(have);
    let hash: ReturnType<typeof createHash>;
    try {
      handle = await open(partial, have > 0 ? "r+" : "w", 0o644);
      await handle.truncate(have);
      if (have === 0) await confirm(lenFile, 0);
      hash = await hashPrefix(partial, have);
    } catch (error) {
      throw diskRefusal(error, entry.path);
    }
    const chunks = options.pace ? options.pace(source.chunks) : source.chunks;
    const iterator = chunks[Symbol.asyncIterator]();
    try {
      for (;;) {
        let next: IteratorResult<Uint8Array>;
        try {
          next = await orAbort(iterator.next(), abort.signal);
        } catch (error) {
          throw new Refusal(
            "truncated",
            `${entry.path}: got ${size} of ${entry.size} bytes, then ${why ?? (error as Error).message} (cut off; resumed at the next poll)`,
          );
        }
        if (next.done) break;
        const chunk = next.value;
        if (size + chunk.length > entry.size) {
          stop("more bytes than signed");
          discard = true;
          throw new Refusal(
            "tampered",
            `${entry.path}: more than the ${entry.size} bytes the manifest says (cut off at ${size + chunk.length}); the partial download is thrown away`,
          );
        }
        touch();
        hash.update(chunk);
        try {
          await handle.write(chunk, 0, chunk.length, size);
        } catch (error) {
          throw diskRefusal(error, entry.path);
        }
        size += chunk.length;
        options.onBytes?.(chunk.length);
        if (size - confirmed >= CONFIRM_EVERY_BYTES) {
          try {
            await handle.sync();
            await confirm(lenFile, size);
            confirmed = size;
          } catch (error) {
            throw diskRefusal(error, entry.path);
          }
        }
      }
    } finally {
      // A transfer left early (too long, a refusal, a write error) is closed, not drained.
      if (abort.signal.aborted || size !== entry.size) {
        abort.abort(new Error(why ?? "stopped"));
        void Promise.resolve(iterator.return?.()).catch(() => undefined);
      }
    }
    if (size < entry.size) {
      throw new Refusal(
        "truncated",
        `${entry.path}: got ${size} of ${entry.size} bytes (truncated; resumed at the next poll)`,
      );
    }
    const actual = hash.digest("hex");
    if (actual !== entry.sha256) {
      discard = true;
      throw new Refusal(
        "tampered",
        `${entry.path}: sha256 ${actual} where the manifest says ${entry.sha256}; the downloaded file is thrown away`,
      );
    }
    try {
      await handle.sync();
      await handle.close();
      handle = undefined;
      await rename(partial, target);
      done = true;
      rmSync(lenFile, { force: true });
    } catch (error) {
      throw diskRefusal(error, entry.path);
    }
    return target;
  } finally {
    clearTimeout(deadline);
    clearTimeout(idle);
    if (handle && !done && !discard && size > confirmed) {
      // Cut: what arrived is kept for the next attempt, once it is on disk.
      try {
        await handle.sync();
        await confirm(lenFile, size);
      } catch {
        // left at the last confirmed length
      }
    }
    if (handle) await handle.close().catch(() => undefined);
    if (discard) {
      rmSync(partial, { force: true });
      rmSync(lenFile, { force: true });
    }
  }
}

/**
 * A promise, or the signal's reason when it aborts first. Not Promise.race against one long-lived
 * promise: each race would leave a reaction on it holding its chunk, for as long as the download.
 */
function orAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/** Reads a stream into memory up to `cap` bytes; past that, `onTooLarge` (after aborting). */
export async function readCapped(chunks: Chunks, cap: number, what: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    size += chunk.length;
    if (size > cap) throw new Error(`${what} is larger than ${cap} bytes`);
    parts.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  }
  return Buffer.concat(parts, size);
}
