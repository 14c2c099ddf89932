/**
 * Building a signed bundle, and the two forms it travels in besides HTTP:
 *
 * - one file (`*.gcbundle.json`, for USB sticks): `{"format":"gatecast-bundle/1","manifest":<base64 of
 *   the exact manifest bytes>,"sig":<base64>,"files":{<sha256>:<base64>}}`
 * - a directory: `manifest.json`, `manifest.sig` (base64 text) and `files/<sha256>`.
 *
 * Both are read into the same `RawBundle`, and go through the same checks as a download.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
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
/** A USB bundle file larger than this is refused before it is read. */
export const MAX_BUNDLE_FILE_BYTES = 1024 * 1024 * 1024;

/** A bundle as received: nothing in it is trusted until checkManifest and checkFile pass. */
export interface RawBundle {
  manifestBytes: Buffer;
  sig: string;
  /** Files by sha256, as found (a lookup so a directory need not be read whole). */
  file(sha256: string): Buffer | undefined;
}

export interface BuiltBundle {
  manifest: Manifest;
  manifestBytes: Buffer;
  sig: string;
  files: Map<string, Buffer>;
}

/**
 * Signs a program version. `content` must already be checked; `media` holds the bytes of every media
 * file its items name.
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
  media: ReadonlyMap<string, Buffer>,
): BuiltBundle {
  const file: ContentFile = { programId: meta.programId, version: meta.version, ...content };
  const contentBytes = Buffer.from(JSON.stringify(file), "utf8");
  const files = new Map<string, Buffer>([[sha256Hex(contentBytes), contentBytes]]);
  const entries: Manifest["files"] = [
    { path: "content.json", sha256: sha256Hex(contentBytes), size: contentBytes.length },
  ];
  const shas = [...new Set(content.items.flatMap((i) => (i.mediaSha256 ? [i.mediaSha256] : [])))].sort();
  for (const sha of shas) {
    const bytes = media.get(sha);
    if (!bytes) throw new Error(`media file ${sha} is missing`);
    files.set(sha, bytes);
    entries.push({ path: `media/${sha}`, sha256: sha, size: bytes.length });
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
    file: (sha) => (Object.hasOwn(files, sha) ? Buffer.from(files[sha] as string, "base64") : undefined),
  };
}

/** Reads a bundle from a single file or a directory (see the top of this file). */
export function readBundlePath(where: string): RawBundle {
  if (!existsSync(where)) throw new BundleFormatError(`${where} does not exist`);
  const stat = statSync(where);
  if (stat.isDirectory()) {
    const manifestFile = path.join(where, "manifest.json");
    const sigFile = path.join(where, "manifest.sig");
    if (!existsSync(manifestFile) || !existsSync(sigFile)) {
      throw new BundleFormatError(`${where} has no manifest.json and manifest.sig`);
    }
    const filesDir = path.join(where, "files");
    const names = new Set(existsSync(filesDir) ? readdirSync(filesDir) : []);
    return {
      manifestBytes: readFileSync(manifestFile),
      sig: readFileSync(sigFile, "utf8").trim(),
      // The regex keeps any other name (`..`, separators) out of the path.
      file: (sha) =>
        /^[0-9a-f]{64}$/.test(sha) && names.has(sha) ? readFileSync(path.join(filesDir, sha)) : undefined,
    };
  }
  if (stat.size > MAX_BUNDLE_FILE_BYTES) throw new BundleFormatError(`${where} is too large for a bundle`);
  return decodeBundleFile(readFileSync(where, "utf8"));
}
