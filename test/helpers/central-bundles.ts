/**
 * Large signed bundles for the central tests, made on disk as streams (never a whole file in the
 * test's memory): media files of any size, the directory form, its tar and its single-JSON form.
 */
import { createHash, randomBytes } from "node:crypto";
import {
  closeSync,
  linkSync,
  mkdirSync,
  openSync,
  readSync,
  statSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import path from "node:path";
import { type SigningKey, signBytes } from "../../controller/src/central/keys.js";
import { MANIFEST_FORMAT, type Manifest } from "../../controller/src/central/manifest.js";
import { TarWriter } from "../../controller/src/ops/tar.js";

const CHUNK = 4 * 1024 * 1024;

export interface MediaFile {
  file: string;
  sha256: string;
  size: number;
}

/**
 * Writes an MP4-looking file of `size` bytes (an `ftyp` box, then pseudo-random bytes, each chunk
 * different), hashing it on the way.
 */
export function writeVideo(file: string, size: number, seed = randomBytes(8)): MediaFile {
  const fd = openSync(file, "wx");
  const hash = createHash("sha256");
  const chunk = randomBytes(CHUNK);
  const ftyp = Buffer.from("000000186674797069736f6d0000020069736f6d69736f32", "hex");
  try {
    let written = 0;
    let n = 0;
    while (written < size) {
      const len = Math.min(CHUNK, size - written);
      seed.copy(chunk, 32);
      chunk.writeUInt32LE(n++, 40);
      if (written === 0) ftyp.copy(chunk, 0);
      const part = chunk.subarray(0, len);
      hash.update(part);
      let off = 0;
      while (off < len) off += writeSync(fd, part, off, len - off);
      written += len;
    }
  } finally {
    closeSync(fd);
  }
  return { file, sha256: hash.digest("hex"), size };
}

export interface DiskBundle {
  dir: string;
  manifest: Manifest;
  manifestBytes: Buffer;
  sig: string;
  /** Each file of the bundle on disk, by sha256. */
  files: Map<string, string>;
}

/**
 * A signed bundle directory (`manifest.json`, `manifest.sig`, `files/<sha256>`) for a program with
 * one video item per media file (hard-linked into the directory), playing on every channel.
 */
export function writeDiskBundle(
  dir: string,
  key: SigningKey,
  meta: { programId: string; version: number; targets?: string[] },
  media: MediaFile[],
): DiskBundle {
  mkdirSync(path.join(dir, "files"), { recursive: true });
  const items = media.map((m, i) => ({
    id: `video-${i}`,
    kind: "video",
    title: { vi: `Phim ${i}`, en: `Film ${i}` },
    mediaSha256: m.sha256,
    durationS: 60,
  }));
  const content = {
    programId: meta.programId,
    version: meta.version,
    name: `Big program ${meta.programId}`,
    items,
    playlists: [{ id: "films", name: "Films", itemIds: items.map((i) => i.id) }],
    schedules: [
      {
        id: "films-daily",
        name: "Films",
        kind: "normal",
        target: { playlistId: "films" },
        channels: ["*"],
        priority: 20,
        recurrence: { type: "daily" },
      },
    ],
    holidayOverrides: [],
  };
  const contentBytes = Buffer.from(JSON.stringify(content));
  const contentSha = createHash("sha256").update(contentBytes).digest("hex");
  const files = new Map<string, string>();
  const contentFile = path.join(dir, "files", contentSha);
  writeFileSync(contentFile, contentBytes);
  files.set(contentSha, contentFile);
  for (const m of media) {
    const target = path.join(dir, "files", m.sha256);
    linkSync(m.file, target);
    files.set(m.sha256, target);
  }
  const manifest: Manifest = {
    format: MANIFEST_FORMAT,
    programId: meta.programId,
    version: meta.version,
    createdAt: new Date(Date.now() - 60_000).toISOString(),
    validUntil: "2099-01-01T00:00:00+07:00",
    targets: meta.targets ?? ["cau-treo"],
    files: [
      { path: "content.json", sha256: contentSha, size: contentBytes.length },
      ...media.map((m) => ({ path: `media/${m.sha256}`, sha256: m.sha256, size: m.size })),
    ],
    keyId: key.keyId,
  };
  const manifestBytes = Buffer.from(JSON.stringify(manifest));
  const sig = signBytes(key, manifestBytes);
  writeFileSync(path.join(dir, "manifest.json"), manifestBytes);
  writeFileSync(path.join(dir, "manifest.sig"), `${sig}\n`);
  return { dir, manifest, manifestBytes, sig, files };
}

/** The tar form of a bundle directory (members streamed from disk). */
export function writeTarBundle(bundle: DiskBundle, out: string): void {
  const tar = new TarWriter(out);
  try {
    tar.addFile("manifest.json", path.join(bundle.dir, "manifest.json"));
    tar.addFile("manifest.sig", path.join(bundle.dir, "manifest.sig"));
    for (const [sha, file] of bundle.files) tar.addFile(`files/${sha}`, file);
    tar.close();
  } catch (error) {
    tar.abort();
    throw error;
  }
}

/** The single-file JSON form, written as a stream (base64 of each file, in whole triples). */
export function writeJsonBundle(bundle: DiskBundle, out: string): void {
  const fd = openSync(out, "wx");
  const put = (text: string) => writeSync(fd, text);
  try {
    put(
      `{"format":"gatecast-bundle/1","manifest":"${bundle.manifestBytes.toString("base64")}","sig":"${bundle.sig}","files":{`,
    );
    let first = true;
    const buffer = Buffer.alloc(3 * 1024 * 1024);
    for (const [sha, file] of bundle.files) {
      put(`${first ? "" : ","}"${sha}":"`);
      first = false;
      const input = openSync(file, "r");
      try {
        const size = statSync(file).size;
        let read = 0;
        while (read < size) {
          const n = readSync(input, buffer, 0, Math.min(buffer.length, size - read), read);
          read += n;
          put(buffer.subarray(0, n).toString("base64"));
        }
      } finally {
        closeSync(input);
      }
      put('"');
    }
    put("}}");
  } finally {
    closeSync(fd);
  }
}
