/**
 * Reading a bundle from a USB stick in any of its three forms (see bundle.ts) without ever holding a
 * whole file in memory: a directory's files and a tar's members are opened as streams at their
 * place on disk; a single JSON file is scanned once for where each base64 string lies, and each is
 * decoded as a stream when asked for. Only the manifest and its signature (both small, bounded) are
 * read into memory. A bundle of any size up to MAX_BUNDLE_BYTES imports in a few MB.
 */
import { closeSync, createReadStream, existsSync, fstatSync, openSync, readSync, statSync } from "node:fs";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { tarHeader } from "../ops/tar.js";
import { BUNDLE_FILE_FORMAT, BundleFormatError, type RawBundle } from "./bundle.js";
import { MAX_BUNDLE_BYTES, MAX_CONTAINER_MEMBERS, MAX_MANIFEST_BYTES, MAX_SIG_BYTES } from "./limits.js";

const SHA256 = /^[0-9a-f]{64}$/;
const BLOCK = 512;
/** A container may hold the signed files plus their encoding and some slack; no more. */
const MAX_CONTAINER_BYTES = Math.ceil(MAX_BUNDLE_BYTES * 1.4) + 64 * 1024 * 1024;

/** Reads at most `cap` bytes of a file, or refuses it as too large. */
function readSmall(file: string, cap: number, what: string): Buffer {
  const fd = openSync(file, "r");
  try {
    const size = fstatSync(fd).size;
    if (size > cap) throw new BundleFormatError(`${what} is larger than ${cap} bytes`);
    const bytes = Buffer.alloc(size);
    let read = 0;
    while (read < size) {
      const n = readSync(fd, bytes, read, size - read, read);
      if (n === 0) break;
      read += n;
    }
    return bytes.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

function readRange(fd: number, start: number, length: number): Buffer {
  const bytes = Buffer.alloc(length);
  let read = 0;
  while (read < length) {
    const n = readSync(fd, bytes, read, length - read, start + read);
    if (n === 0) throw new BundleFormatError("the bundle ends too early");
    read += n;
  }
  return bytes;
}

/** A bundle directory: manifest.json, manifest.sig, files/<sha256>. */
function readDirectory(where: string): RawBundle {
  const manifestFile = path.join(where, "manifest.json");
  const sigFile = path.join(where, "manifest.sig");
  if (!existsSync(manifestFile) || !existsSync(sigFile)) {
    throw new BundleFormatError(`${where} has no manifest.json and manifest.sig`);
  }
  const filesDir = path.join(where, "files");
  return {
    manifestBytes: readSmall(manifestFile, MAX_MANIFEST_BYTES, "manifest.json"),
    sig: readSmall(sigFile, MAX_SIG_BYTES, "manifest.sig").toString("utf8").trim(),
    open: (sha) => {
      // The regex keeps any other name (`..`, separators) out of the path.
      if (!SHA256.test(sha)) return undefined;
      const file = path.join(filesDir, sha);
      try {
        if (!statSync(file).isFile()) return undefined;
      } catch {
        return undefined;
      }
      return createReadStream(file, { highWaterMark: 1024 * 1024 });
    },
  };
}

function headerSum(header: Buffer): number {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : (header[i] as number);
  return sum;
}

function octal(header: Buffer, offset: number, length: number): number {
  const field = header.subarray(offset, offset + length);
  if ((field[0] as number) & 0x80) throw new BundleFormatError("a tar member is larger than a bundle may be");
  const text = field
    .toString("latin1")
    .replace(/[\0 ]+$/g, "")
    .trim();
  if (!/^[0-7]*$/.test(text)) throw new BundleFormatError("corrupt tar header (a number is not octal)");
  return text === "" ? 0 : Number.parseInt(text, 8);
}

function cString(bytes: Buffer): string {
  const end = bytes.indexOf(0);
  return bytes.subarray(0, end < 0 ? bytes.length : end).toString("utf8");
}

/**
 * A tar of a bundle directory: only the headers are read (members are skipped by seeking), then each
 * member is opened as a stream of its byte range. Directories are skipped; any other special member
 * (links, devices, pax or GNU long names) refuses the archive.
 */
function readTarBundle(file: string): RawBundle {
  const fd = openSync(file, "r");
  const members = new Map<string, { start: number; size: number }>();
  try {
    const total = fstatSync(fd).size;
    let position = 0;
    let ended = false;
    while (position + BLOCK <= total) {
      const header = readRange(fd, position, BLOCK);
      position += BLOCK;
      if (header.every((b) => b === 0)) {
        ended = true;
        break;
      }
      if (octal(header, 148, 8) !== headerSum(header)) {
        throw new BundleFormatError(`corrupt tar header at byte ${position - BLOCK} (checksum)`);
      }
      const magic = header.subarray(257, 262).toString("latin1");
      const prefix = magic === "ustar" ? cString(header.subarray(345, 500)) : "";
      const base = cString(header.subarray(0, 100));
      const name = (prefix ? `${prefix}/${base}` : base).replace(/^\.\//, "");
      const type = String.fromCharCode(header[156] as number);
      const size = octal(header, 124, 12);
      if (type === "5") continue;
      if (type !== "0" && type !== "\0") {
        throw new BundleFormatError(`unexpected tar member type "${type}" (${name}): only files and folders`);
      }
      // The names a writer would accept: no absolute paths, no `..`, no odd characters.
      try {
        tarHeader(name, 0, 0);
      } catch (error) {
        throw new BundleFormatError((error as Error).message);
      }
      if (position + size > total) throw new BundleFormatError(`the archive is truncated inside ${name}`);
      if (members.size >= MAX_CONTAINER_MEMBERS) {
        throw new BundleFormatError(`the archive holds more than ${MAX_CONTAINER_MEMBERS} files`);
      }
      members.set(name, { start: position, size });
      position += Math.ceil(size / BLOCK) * BLOCK;
    }
    if (!ended) throw new BundleFormatError("the archive is truncated (no end-of-archive blocks)");
    const manifestName = [...members.keys()].find((n) => /^([^/]+\/)?manifest\.json$/.test(n));
    if (!manifestName) throw new BundleFormatError(`${file} holds no manifest.json`);
    const root = manifestName.slice(0, -"manifest.json".length);
    const small = (name: string, cap: number) => {
      const m = members.get(root + name);
      if (!m) throw new BundleFormatError(`${file} holds no ${root}${name}`);
      if (m.size > cap) throw new BundleFormatError(`${name} is larger than ${cap} bytes`);
      return readRange(fd, m.start, m.size);
    };
    const manifestBytes = small("manifest.json", MAX_MANIFEST_BYTES);
    const sig = small("manifest.sig", MAX_SIG_BYTES).toString("utf8").trim();
    return {
      manifestBytes,
      sig,
      open: (sha) => {
        const m = SHA256.test(sha) ? members.get(`${root}files/${sha}`) : undefined;
        if (!m) return undefined;
        return m.size === 0
          ? Readable.from([])
          : createReadStream(file, { start: m.start, end: m.start + m.size - 1, highWaterMark: 1024 * 1024 });
      },
    };
  } finally {
    closeSync(fd);
  }
}

/** Decodes base64 as it streams by (whole quads at a time; the hash check catches any junk). */
export function base64Decoder(): Transform {
  let rest = "";
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const text = rest + chunk.toString("latin1");
      const whole = text.length - (text.length % 4);
      rest = text.slice(whole);
      done(null, Buffer.from(text.slice(0, whole), "base64"));
    },
    flush(done) {
      done(null, rest ? Buffer.from(rest, "base64") : undefined);
    },
  });
}

/** Sequential bytes of a file, read in chunks, with the absolute position of each. */
class ByteScanner {
  readonly #fd: number;
  readonly #size: number;
  readonly #buffer = Buffer.allocUnsafe(1024 * 1024);
  #length = 0;
  #bufferStart = 0;
  #index = 0;

  constructor(fd: number, size: number) {
    this.#fd = fd;
    this.#size = size;
  }

  get position(): number {
    return this.#bufferStart + this.#index;
  }

  #fill(): boolean {
    if (this.#index < this.#length) return true;
    if (this.position >= this.#size) return false;
    this.#bufferStart = this.position;
    // One buffer, reused: scanning a 1.3 GB file allocates nothing per chunk.
    const want = Math.min(this.#buffer.length, this.#size - this.#bufferStart);
    let read = 0;
    while (read < want) {
      const n = readSync(this.#fd, this.#buffer, read, want - read, this.#bufferStart + read);
      if (n === 0) throw new BundleFormatError("the bundle ends too early");
      read += n;
    }
    this.#length = read;
    this.#index = 0;
    return true;
  }

  /** The next byte that is not JSON white space, consumed; -1 at the end. */
  token(): number {
    for (;;) {
      if (!this.#fill()) return -1;
      const b = this.#buffer[this.#index++] as number;
      if (b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09) return b;
    }
  }

  /**
   * The rest of a string whose opening quote was consumed: its byte range, and its text when it is at
   * most `keep` bytes long. Escapes are refused: nothing in a bundle file needs one.
   */
  string(keep: number): { start: number; end: number; text?: string } {
    const start = this.position;
    const kept: Buffer[] = [];
    let length = 0;
    for (;;) {
      if (!this.#fill()) throw new BundleFormatError("not a gatecast bundle: the file ends inside a string");
      const window = this.#buffer.subarray(0, this.#length);
      const quote = window.indexOf(0x22, this.#index);
      const stop = quote < 0 ? this.#length : quote;
      const part = window.subarray(this.#index, stop);
      if (part.includes(0x5c)) throw new BundleFormatError("not a gatecast bundle: an escaped string");
      length += part.length;
      if (length <= keep) kept.push(Buffer.from(part));
      this.#index = stop;
      if (quote >= 0) {
        this.#index++;
        const end = start + length;
        return length <= keep ? { start, end, text: Buffer.concat(kept).toString("utf8") } : { start, end };
      }
    }
  }
}

/**
 * The single-file form, `{"format","manifest","sig","files":{sha: base64}}`, scanned once from disk:
 * the manifest and signature are read, each file is remembered by where its base64 lies.
 */
function readJsonBundle(file: string): RawBundle {
  const fd = openSync(file, "r");
  try {
    const scanner = new ByteScanner(fd, fstatSync(fd).size);
    const bad = (why: string) =>
      new BundleFormatError(`not a gatecast bundle (${BUNDLE_FILE_FORMAT}): ${why}`);
    const expect = (byte: number, what: string) => {
      if (scanner.token() !== byte) throw bad(`expected ${what} at byte ${scanner.position - 1}`);
    };
    const key = () => {
      expect(0x22, "a key");
      const k = scanner.string(80);
      if (k.text === undefined) throw bad("a key is too long");
      expect(0x3a, '":"');
      return k.text;
    };
    const value = (keep: number) => {
      expect(0x22, "a string");
      return scanner.string(keep);
    };
    const files = new Map<string, { start: number; end: number }>();
    const seen = new Set<string>();
    let format: string | undefined;
    let manifest: string | undefined;
    let sig: string | undefined;
    expect(0x7b, '"{"');
    for (;;) {
      const k = key();
      if (seen.has(k)) throw bad(`"${k}" appears twice`);
      seen.add(k);
      if (k === "format") format = value(64).text;
      else if (k === "manifest") {
        manifest = value(Math.ceil(MAX_MANIFEST_BYTES / 3) * 4).text;
        if (manifest === undefined) throw bad(`the manifest is larger than ${MAX_MANIFEST_BYTES} bytes`);
      } else if (k === "sig") sig = value(MAX_SIG_BYTES).text;
      else if (k === "files") {
        expect(0x7b, '"{"');
        let next = scanner.token();
        if (next !== 0x7d) {
          for (;;) {
            if (next !== 0x22) throw bad("expected a file's sha256");
            const sha = scanner.string(64).text;
            if (!sha || !SHA256.test(sha)) throw bad("a file is not named by its sha256");
            if (files.has(sha)) throw bad(`file ${sha} appears twice`);
            expect(0x3a, '":"');
            const range = value(0);
            if (files.size >= MAX_CONTAINER_MEMBERS) throw bad(`more than ${MAX_CONTAINER_MEMBERS} files`);
            files.set(sha, { start: range.start, end: range.end });
            next = scanner.token();
            if (next === 0x7d) break;
            if (next !== 0x2c) throw bad('expected "," or "}" in files');
            next = scanner.token();
          }
        }
      } else throw bad(`unexpected key "${k}"`);
      const after = scanner.token();
      if (after === 0x7d) break;
      if (after !== 0x2c) throw bad('expected "," or "}"');
    }
    if (scanner.token() !== -1) throw bad("something follows the bundle");
    if (format !== BUNDLE_FILE_FORMAT) throw bad(`format is not ${BUNDLE_FILE_FORMAT}`);
    if (manifest === undefined || sig === undefined) throw bad("no manifest or no sig");
    return {
      manifestBytes: Buffer.from(manifest, "base64"),
      sig,
      open: (sha) => {
        const range = files.get(sha);
        if (!range) return undefined;
        if (range.end === range.start) return Readable.from([]);
        const source = createReadStream(file, {
          start: range.start,
          end: range.end - 1,
          highWaterMark: 256 * 1024,
        });
        const decoder = base64Decoder();
        source.on("error", (error) => decoder.destroy(error));
        decoder.on("close", () => source.destroy());
        return source.pipe(decoder);
      },
    };
  } finally {
    closeSync(fd);
  }
}

/** Reads a bundle from a directory, a tar or a single JSON file (by its first byte), streaming. */
export function readBundlePath(where: string): RawBundle {
  if (!existsSync(where)) throw new BundleFormatError(`${where} does not exist`);
  const stat = statSync(where);
  if (stat.isDirectory()) return readDirectory(where);
  if (!stat.isFile()) throw new BundleFormatError(`${where} is not a file or a folder`);
  if (stat.size > MAX_CONTAINER_BYTES) throw new BundleFormatError(`${where} is too large for a bundle`);
  const fd = openSync(where, "r");
  let first: Buffer;
  try {
    first = readRange(fd, 0, Math.min(stat.size, 512));
  } finally {
    closeSync(fd);
  }
  const text = first.toString("latin1").trimStart();
  if (text.startsWith("{")) return readJsonBundle(where);
  if (first.length === 512 && first.subarray(257, 262).toString("latin1") === "ustar")
    return readTarBundle(where);
  throw new BundleFormatError(
    `not a gatecast bundle: ${where} is neither a tar nor a ${BUNDLE_FILE_FORMAT} file`,
  );
}
