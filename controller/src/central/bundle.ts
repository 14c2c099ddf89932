/**
 * Building a signed bundle, and the two forms it travels in besides HTTP:
 *
 * - one file (`*.gcbundle.json`, for USB sticks): `{"format":"gatecast-bundle/1","manifest":<base64 of
 *   the exact manifest bytes>,"sig":<base64>,"files":{<sha256>:<base64>}}`
 * - a directory: `manifest.json`, `manifest.sig` (base64 text) and `files/<sha256>`.
 *
 * - a tar (`*.gcbundle.tar`) of that directory (its members flat, or under one top folder).
 *
 * All are read into the same `RawBundle` (usb-bundle.ts streams the big ones from disk), and go
 * through the same checks as a download.
 */
import { open } from "node:fs/promises";
import { Readable } from "node:stream";
import { z } from "zod";
import { type SigningKey, signBytes } from "./keys.js";
import {
  type ContentFile,
  MANIFEST_FORMAT,
  type Manifest,
  type ProgramContent,
  sha256Hex,
} from "./manifest.js";

export const BUNDLE_FILE_FORMAT = "gatecast-bundle/1";

/**
 * A bundle as received: nothing in it is trusted until checkManifest passes and each file streamed
 * out of `open` matches its manifest entry (size and sha256, see receive.ts).
 */
export interface RawBundle {
  manifestBytes: Buffer;
  sig: string;
  /** A file's bytes by sha256 as a stream (never a whole file in memory), or undefined if absent. */
  open(sha256: string): Readable | undefined;
}

export interface BuiltBundle {
  manifest: Manifest;
  manifestBytes: Buffer;
  sig: string;
  files: Map<string, Buffer>;
}

/**
 * A media file of a bundle: its bytes, or (a file already in a content-addressed store, named by its
 * hash) only its size, so a program of gigabytes is signed without reading its videos into memory.
 */
export type BundleMedia = Buffer | { size: number };

/**
 * Signs a program version. `content` must already be checked; `media` holds every media file its items
 * name: bytes (they go into `files`) or a size (the caller places the file itself).
 */
export function buildBundle(
  key: SigningKey,
  meta: {
    programId: string;
    version: number;
    createdAt: string;
    validUntil: string;
    targets: string[];
  },
  content: ProgramContent,
  media: ReadonlyMap<string, BundleMedia>,
  /** Each video's probe and poster frame (the poster's bytes in `media` too). */
  mediaInfo: ContentFile["media"] = {},
): BuiltBundle {
  const file: ContentFile = {
    programId: meta.programId,
    version: meta.version,
    ...content,
    ...(Object.keys(mediaInfo ?? {}).length > 0 ? { media: mediaInfo } : {}),
  };
  const contentBytes = Buffer.from(JSON.stringify(file), "utf8");
  const files = new Map<string, Buffer>([[sha256Hex(contentBytes), contentBytes]]);
  const entries: Manifest["files"] = [
    { path: "content.json", sha256: sha256Hex(contentBytes), size: contentBytes.length },
  ];
  // The items' files, their subtitles and their videos' posters.
  const shas = [
    ...new Set([
      ...content.items.flatMap((i) => [
        ...(i.mediaSha256 ? [i.mediaSha256] : []),
        ...Object.values(i.subtitles ?? {}),
      ]),
      ...Object.values(mediaInfo ?? {}).flatMap((m) => (m.posterSha256 ? [m.posterSha256] : [])),
    ]),
  ].sort();
  for (const sha of shas) {
    const file = media.get(sha);
    if (!file) throw new Error(`media file ${sha} is missing`);
    if (Buffer.isBuffer(file)) {
      files.set(sha, file);
      entries.push({ path: `media/${sha}`, sha256: sha, size: file.length });
    } else {
      entries.push({ path: `media/${sha}`, sha256: sha, size: file.size });
    }
  }
  const manifest: Manifest = {
    format: MANIFEST_FORMAT,
    programId: meta.programId,
    version: meta.version,
    createdAt: meta.createdAt,
    validUntil: meta.validUntil,
    targets: meta.targets,
    files: entries,
    keyId: key.keyId,
  };
  const manifestBytes = Buffer.from(JSON.stringify(manifest), "utf8");
  return { manifest, manifestBytes, sig: signBytes(key, manifestBytes), files };
}

/** The single-file form of a bundle. */
export function encodeBundleFile(b: {
  manifestBytes: Buffer;
  sig: string;
  files: ReadonlyMap<string, Buffer>;
}): string {
  return JSON.stringify({
    format: BUNDLE_FILE_FORMAT,
    manifest: b.manifestBytes.toString("base64"),
    sig: b.sig,
    files: Object.fromEntries([...b.files].map(([sha, bytes]) => [sha, bytes.toString("base64")])),
  });
}

/**
 * The single-file form as a stream, for bundles of any size: each file is read from disk and encoded
 * in pieces (whole triples of bytes), so a 1 GB bundle never becomes one string. Same bytes as
 * encodeBundleFile.
 */
export async function* bundleFileChunks(b: {
  manifestBytes: Buffer;
  sig: string;
  files: ReadonlyMap<string, string>;
}): AsyncGenerator<Buffer> {
  yield Buffer.from(
    `{"format":"${BUNDLE_FILE_FORMAT}","manifest":"${b.manifestBytes.toString("base64")}","sig":"${b.sig}","files":{`,
  );
  let first = true;
  const buffer = Buffer.alloc(3 * 256 * 1024);
  for (const [sha, file] of b.files) {
    yield Buffer.from(`${first ? "" : ","}"${sha}":"`);
    first = false;
    const handle = await open(file, "r");
    try {
      let carry = Buffer.alloc(0);
      for (;;) {
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
        if (bytesRead === 0) break;
        const bytes = Buffer.concat([carry, buffer.subarray(0, bytesRead)]);
        const whole = bytes.length - (bytes.length % 3);
        carry = Buffer.from(bytes.subarray(whole));
        yield Buffer.from(bytes.subarray(0, whole).toString("base64"));
      }
      if (carry.length > 0) yield Buffer.from(carry.toString("base64"));
    } finally {
      await handle.close();
    }
    yield Buffer.from('"');
  }
  yield Buffer.from("}}");
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const bundleFileSchema = z.strictObject({
  format: z.literal(BUNDLE_FILE_FORMAT),
  manifest: z.string().regex(BASE64),
  sig: z.string().regex(BASE64),
  files: z.record(z.string().regex(/^[0-9a-f]{64}$/), z.string().regex(BASE64)),
});

export class BundleFormatError extends Error {
  override name = "BundleFormatError";
}

/** A single-file bundle held in memory (small ones: tests, the console); USB sticks use usb-bundle.ts. */
export function decodeBundleFile(text: string): RawBundle {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new BundleFormatError("not a gatecast bundle: the file is not JSON");
  }
  const parsed = bundleFileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new BundleFormatError(
      `not a gatecast bundle (${BUNDLE_FILE_FORMAT}): ${parsed.error.issues[0]?.message}`,
    );
  }
  const { manifest, sig, files } = parsed.data;
  return {
    manifestBytes: Buffer.from(manifest, "base64"),
    sig,
    open: (sha) =>
      Object.hasOwn(files, sha) ? Readable.from([Buffer.from(files[sha] as string, "base64")]) : undefined,
  };
}
