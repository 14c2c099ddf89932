/**
 * Content-addressed media under DATA_DIR/media/<aa>/<sha256>: a file's name is its hash, so the same
 * image uploaded twice is stored once, a URL never changes meaning (kiosks cache by hash for ever),
 * and no client-chosen name ever reaches the file system.
 */
import { createHash, randomBytes } from "node:crypto";
import { createReadStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from "node:fs";
import { open } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import type { Actor } from "../store/audit-repo.js";
import type { Db } from "../store/database.js";
import { getMedia, insertMedia, type MediaRecord } from "../store/media-repo.js";
import { MAX_MEDIA_BYTES, MEDIA_TYPES, sniffMediaType } from "./sniff.js";

export class MediaError extends Error {
  override name = "MediaError";
  constructor(
    message: string,
    readonly status: 400 | 413 | 415,
  ) {
    super(message);
  }
}

const SHA256 = /^[0-9a-f]{64}$/;

export function mediaDir(dataDir: string): string {
  return path.join(dataDir, "media");
}

/** The file of a hash; the regex keeps `..` and separators out whatever the caller passes. */
export function mediaPath(dataDir: string, sha256: string): string {
  if (!SHA256.test(sha256)) throw new MediaError("expected a sha256 in lower-case hex", 400);
  return path.join(mediaDir(dataDir), sha256.slice(0, 2), sha256);
}

/**
 * Streams an upload to a temporary file while hashing it, checks its real type and size, then moves it
 * into place (fsync + rename: a power cut leaves either no file or the whole file) and records it.
 */
export async function storeMedia(
  db: Db,
  dataDir: string,
  actor: Actor,
  body: Readable,
  originalName: string | null,
): Promise<{ record: MediaRecord; created: boolean }> {
  const tmpDir = path.join(mediaDir(dataDir), "tmp");
  mkdirSync(tmpDir, { recursive: true });
  const tmp = path.join(tmpDir, `${randomBytes(8).toString("hex")}.part`);
  const hash = createHash("sha256");
  const file = await open(tmp, "w");
  let size = 0;
  let head = Buffer.alloc(0);
  try {
    for await (const chunk of body) {
      const bytes = chunk as Buffer;
      size += bytes.length;
      if (size > MAX_MEDIA_BYTES) {
        throw new MediaError(`the file is larger than ${MAX_MEDIA_BYTES / 1024 / 1024} MB`, 413);
      }
      if (head.length < 64) head = Buffer.concat([head, bytes.subarray(0, 64 - head.length)]);
      hash.update(bytes);
      await file.write(bytes);
    }
    const mime = sniffMediaType(head);
    if (!mime) {
      throw new MediaError(
        "not an accepted media file: PNG, JPEG, WebP, GIF, MP4 or WebM (checked from its content, not its name)",
        415,
      );
    }
    const limit = MEDIA_TYPES[mime].maxBytes;
    if (size > limit) throw new MediaError(`${mime} files may be at most ${limit / 1024 / 1024} MB`, 413);
    if (size === 0) throw new MediaError("the file is empty", 400);
    await file.sync();
    await file.close();
    const sha256 = hash.digest("hex");
    const existing = getMedia(db, sha256);
    const target = mediaPath(dataDir, sha256);
    if (existing && existsSync(target) && statSync(target).size === existing.size) {
      rmSync(tmp, { force: true });
      return { record: existing, created: false };
    }
    mkdirSync(path.dirname(target), { recursive: true });
    renameSync(tmp, target);
    const record: MediaRecord = {
      sha256,
      mime,
      size,
      originalName: originalName?.slice(0, 200) ?? null,
      createdAt: new Date().toISOString(),
    };
    insertMedia(db, actor, record);
    return { record, created: true };
  } catch (error) {
    await file.close().catch(() => undefined);
    rmSync(tmp, { force: true });
    throw error;
  }
}

export function openMedia(dataDir: string, sha256: string): Readable {
  return createReadStream(mediaPath(dataDir, sha256));
}
