/**
 * Content-addressed media under DATA_DIR/media/<aa>/<sha256>: a file's name is its hash, so the same
 * image uploaded twice is stored once, a URL never changes meaning (kiosks cache by hash for ever),
 * and no client-chosen name ever reaches the file system.
 */
import { createHash, randomBytes } from "node:crypto";
import { createReadStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from "node:fs";
import { open, readFile } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import type { ErrorCode } from "../contract/errors.js";
import { type MediaProbe, SUBTITLE_NAME } from "../contract/media.js";
import type { Actor } from "../store/audit-repo.js";
import type { Db } from "../store/database.js";
import { getMedia, insertMedia, type MediaRecord, updateMediaProbe } from "../store/media-repo.js";
import { decodeTail, extractPoster, MediaToolMissing, type MediaTools, probeFile } from "./probe.js";
import {
  describeRefusedType,
  MAX_MEDIA_BYTES,
  MEDIA_TYPES,
  type MediaType,
  sniffMediaType,
} from "./sniff.js";
import { imageProbe, judgeVideo, posterAtSeconds, tailProblem, type VideoMime } from "./video-policy.js";
import { checkWebVtt, WEBVTT_LIMITS } from "./webvtt.js";

export class MediaError extends Error {
  override name = "MediaError";
  constructor(
    message: string,
    readonly status: 400 | 413 | 415 | 422 | 503,
    /** The API code when it says more than the status (contract/errors.ts). */
    readonly code?: ErrorCode,
  ) {
    super(message);
  }
}

/** ffprobe/ffmpeg as installed by Debian's `ffmpeg` package, found on PATH. */
export const DEFAULT_MEDIA_TOOLS: MediaTools = { ffprobe: "ffprobe", ffmpeg: "ffmpeg" };

export interface StoreOptions {
  tools?: MediaTools;
  /** The uploader's Content-Type: a claim, used only to tell "subtitles that are not WebVTT" apart. */
  claimedType?: string | null;
}

const SUBTITLE_TYPES = /^(text\/vtt|application\/x-subrip|text\/srt|application\/x-subtitle)/i;

/** Refuses subtitles that are not WebVTT with the line at fault. */
function assertWebVtt(bytes: Uint8Array): void {
  const verdict = checkWebVtt(bytes);
  if (!verdict.ok) {
    throw new MediaError(`subtitles: line ${verdict.line}: ${verdict.reason}`, 422, "invalid-subtitles");
  }
}

/**
 * What a video or image is (ffprobe), refusing a video the screens cannot play, and a video's poster
 * frame stored as its own file. Images: their size when ffprobe is there, nothing otherwise.
 */
async function inspect(
  db: Db,
  dataDir: string,
  actor: Actor,
  file: string,
  mime: MediaType,
  tools: MediaTools,
): Promise<{ probe?: MediaProbe; posterSha256?: string }> {
  const kind = MEDIA_TYPES[mime].kind;
  if (kind === "image") {
    try {
      const probed = await probeFile(tools, file);
      const probe = probed.ok ? imageProbe(mime.slice("image/".length), probed.json) : null;
      return probe ? { probe } : {};
    } catch {
      // No ffprobe, or it failed: an image is still an image; its size is a nicety.
      return {};
    }
  }
  if (kind !== "video") return {};
  try {
    const probed = await probeFile(tools, file);
    if (!probed.ok)
      throw new MediaError(`video: ${probed.reason} (truncated or not a video)`, 422, "unplayable-video");
    const verdict = judgeVideo(mime as VideoMime, probed.json);
    if (!verdict.ok) {
      throw verdict.kind === "unsupported"
        ? new MediaError(`video: ${verdict.reason}`, 415, "unsupported-media")
        : new MediaError(`video: ${verdict.reason}`, 422, "unplayable-video");
    }
    const tail = tailProblem(await decodeTail(tools, file));
    if (tail) {
      throw new MediaError(
        `video: the end of the file does not decode (${tail}): the file is truncated or damaged`,
        422,
        "unplayable-video",
      );
    }
    const { probe } = verdict;
    const jpeg = await extractPoster(tools, file, posterAtSeconds(probe.durationMs ?? 0));
    if (!jpeg) return { probe };
    const poster = await storeMedia(db, dataDir, actor, Readable.from([jpeg]), null, { tools });
    return { probe, posterSha256: poster.record.sha256 };
  } catch (error) {
    if (error instanceof MediaToolMissing) {
      throw new MediaError(
        "video uploads need ffmpeg on the controller to check the file (ffprobe was not found): " +
          "install it with `apt install ffmpeg`; images still upload",
        503,
        "media-tools-missing",
      );
    }
    throw error;
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
  options: StoreOptions = {},
): Promise<{ record: MediaRecord; created: boolean }> {
  const tools = options.tools ?? DEFAULT_MEDIA_TOOLS;
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
    if (size === 0) throw new MediaError("the file is empty", 400);
    const mime = sniffMediaType(head);
    const claimsSubtitles =
      SUBTITLE_NAME.test(originalName ?? "") || SUBTITLE_TYPES.test(options.claimedType ?? "");
    if (!mime && claimsSubtitles && size <= WEBVTT_LIMITS.bytes) {
      await file.sync();
      assertWebVtt(await readFile(tmp));
    }
    if (!mime) {
      const known = describeRefusedType(head);
      throw new MediaError(
        known
          ? `not an accepted media file: ${known}`
          : "not an accepted media file: PNG, JPEG, WebP, GIF, MP4, WebM or WebVTT subtitles (checked from its content, not its name)",
        415,
      );
    }
    const limit = MEDIA_TYPES[mime].maxBytes;
    if (size > limit) throw new MediaError(`${mime} files may be at most ${limit / 1024 / 1024} MB`, 413);
    await file.sync();
    await file.close();
    if (mime === "text/vtt") assertWebVtt(await readFile(tmp));
    const sha256 = hash.digest("hex");
    const existing = getMedia(db, sha256);
    const target = mediaPath(dataDir, sha256);
    if (existing && existsSync(target) && statSync(target).size === existing.size) {
      // A video stored before probing existed (or brought unprobed by a central program) is probed now.
      if (MEDIA_TYPES[existing.mime]?.kind === "video" && !existing.probe) {
        const found = await inspect(db, dataDir, actor, tmp, existing.mime, tools);
        if (found.probe) updateMediaProbe(db, sha256, found.probe, found.posterSha256 ?? null);
      }
      rmSync(tmp, { force: true });
      return { record: getMedia(db, sha256) ?? existing, created: false };
    }
    const found = await inspect(db, dataDir, actor, tmp, mime, tools);
    mkdirSync(path.dirname(target), { recursive: true });
    renameSync(tmp, target);
    const record: MediaRecord = {
      sha256,
      mime,
      size,
      originalName: originalName?.slice(0, 200) ?? null,
      createdAt: new Date().toISOString(),
      ...found,
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
