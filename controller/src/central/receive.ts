/**
 * Files of a bundle go to disk as they arrive, never whole into memory: each is written to a
 * temporary file while its SHA-256 is computed, cut off the moment it passes the size its signed
 * manifest states, and renamed into the content-addressed cache only when size and hash match.
 * Downloads and USB sticks alike (a failing stick can stall as a thin link can).
 */
import { createHash, randomBytes } from "node:crypto";
import { createReadStream, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
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
 * import by the CLI next door keeps its own). Never throws: a cache it cannot tidy is still a cache.
 */
export function pruneTemporaryFiles(cacheDir: string, olderThanMs = 3600_000, now = Date.now()): number {
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

/**
 * Receives one file into the cache: `supply(signal)` starts the transfer (the signal aborts it: too
 * many bytes, no byte for `limits.idleMs`, past the deadline). Returns the cached file's path, or
 * throws a Refusal: `missing-file`, `truncated` (short, or cut: retried at the next poll), `tampered`
 * (longer than signed, or another hash), `disk-full`/`write-failed`.
 */
export async function receiveFile(
  cacheDir: string,
  entry: FileEntry,
  supply: (signal: AbortSignal) => Promise<Chunks | undefined> | Chunks | undefined,
  limits: DownloadLimits,
): Promise<string> {
  const target = path.join(cacheFilesDir(cacheDir), entry.sha256);
  const abort = new AbortController();
  let why: string | undefined;
  const stop = (reason: string) => {
    why ??= reason;
    abort.abort(new Error(reason));
  };
  const deadlineMs = downloadDeadlineMs(limits, entry.size);
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
  let tmp: string | undefined;
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  let size = 0;
  try {
    let chunks: Chunks | undefined;
    try {
      chunks = await orAbort(Promise.resolve(supply(abort.signal)), abort.signal);
    } catch (error) {
      throw new Refusal(
        "truncated",
        `${entry.path}: the transfer did not start (${why ?? (error as Error).message}); tried again later`,
      );
    }
    if (!chunks) throw new Refusal("missing-file", `${entry.path} is missing from the bundle`);
    try {
      mkdirSync(tmpDir(cacheDir), { recursive: true });
      mkdirSync(cacheFilesDir(cacheDir), { recursive: true });
      tmp = path.join(
        tmpDir(cacheDir),
        `${entry.sha256.slice(0, 16)}.${randomBytes(6).toString("hex")}.part`,
      );
      handle = await open(tmp, "w", 0o644);
    } catch (error) {
      throw diskRefusal(error, entry.path);
    }
    const hash = createHash("sha256");
    const iterator = chunks[Symbol.asyncIterator]();
    try {
      for (;;) {
        let next: IteratorResult<Uint8Array>;
        try {
          next = await orAbort(iterator.next(), abort.signal);
        } catch (error) {
          throw new Refusal(
            "truncated",
            `${entry.path}: got ${size} of ${entry.size} bytes, then ${why ?? (error as Error).message} (cut off; tried again later)`,
          );
        }
        if (next.done) break;
        const chunk = next.value;
        size += chunk.length;
        if (size > entry.size) {
          stop("more bytes than signed");
          throw new Refusal(
            "tampered",
            `${entry.path}: more than the ${entry.size} bytes the manifest says (cut off at ${size})`,
          );
        }
        touch();
        hash.update(chunk);
        try {
          await handle.write(chunk);
        } catch (error) {
          throw diskRefusal(error, entry.path);
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
      throw new Refusal("truncated", `${entry.path}: got ${size} of ${entry.size} bytes (truncated)`);
    }
    const actual = hash.digest("hex");
    if (actual !== entry.sha256) {
      throw new Refusal(
        "tampered",
        `${entry.path}: sha256 ${actual} where the manifest says ${entry.sha256}`,
      );
    }
    try {
      await handle.sync();
      await handle.close();
      handle = undefined;
      await rename(tmp, target);
      tmp = undefined;
    } catch (error) {
      throw diskRefusal(error, entry.path);
    }
    return target;
  } finally {
    clearTimeout(deadline);
    clearTimeout(idle);
    if (handle) await handle.close().catch(() => undefined);
    if (tmp) rmSync(tmp, { force: true });
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
