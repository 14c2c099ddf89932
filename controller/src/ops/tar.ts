/**
 * A minimal POSIX ustar writer and reader for backup archives: regular files only, names under 100
 * bytes (no prefix field, no pax headers), sizes under 8 GiB. Members are streamed through a small
 * buffer with synchronous I/O, so a 500 MB video never sits in memory, and each member's SHA-256 is
 * computed as it is written or read. Any `tar -tvf` can list the result and `tar -xf` can unpack it.
 */
import { createHash } from "node:crypto";
import { closeSync, fstatSync, fsyncSync, openSync, readSync, writeSync } from "node:fs";

const BLOCK = 512;
const CHUNK = 1024 * 1024;
const MAX_SIZE = 8 ** 11 - 1;

export class TarError extends Error {
  override name = "TarError";
}

function writeField(header: Buffer, offset: number, length: number, value: string): void {
  const bytes = Buffer.from(value, "utf8");
  if (bytes.length > length) throw new TarError(`tar field too long: ${value}`);
  bytes.copy(header, offset);
}

/** An octal number padded to `length - 1` digits and a NUL, as ustar writes numbers. */
function octal(value: number, length: number): string {
  return `${value.toString(8).padStart(length - 1, "0")}\0`;
}

export function tarHeader(name: string, size: number, mtimeS: number, mode = 0o644): Buffer {
  if (Buffer.byteLength(name) >= 100) throw new TarError(`member name too long for ustar: ${name}`);
  if (!/^[A-Za-z0-9._/-]+$/.test(name) || name.startsWith("/") || name.split("/").includes("..")) {
    throw new TarError(`unsafe member name: ${JSON.stringify(name)}`);
  }
  if (size > MAX_SIZE) throw new TarError(`member ${name} is larger than ustar allows`);
  const header = Buffer.alloc(BLOCK);
  writeField(header, 0, 100, name);
  writeField(header, 100, 8, octal(mode, 8));
  writeField(header, 108, 8, octal(0, 8));
  writeField(header, 116, 8, octal(0, 8));
  writeField(header, 124, 12, octal(size, 12));
  writeField(header, 136, 12, octal(Math.floor(mtimeS), 12));
  header.fill(0x20, 148, 156); // checksum counted as spaces
  writeField(header, 156, 1, "0");
  writeField(header, 257, 6, "ustar\0");
  writeField(header, 263, 2, "00");
  writeField(header, 265, 32, "gatecast");
  writeField(header, 297, 32, "gatecast");
  writeField(header, 148, 8, `${headerSum(header).toString(8).padStart(6, "0")}\0 `);
  return header;
}

function headerSum(header: Buffer): number {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : (header[i] as number);
  return sum;
}

function readOctal(header: Buffer, offset: number, length: number): number {
  const text = header
    .subarray(offset, offset + length)
    .toString("latin1")
    .replace(/[\0 ]+$/g, "")
    .trim();
  if (!/^[0-7]*$/.test(text)) throw new TarError("corrupt tar header (a number is not octal)");
  return text === "" ? 0 : Number.parseInt(text, 8);
}

/** Writes an archive member by member; `close()` writes the two zero blocks, fsyncs and closes. */
export class TarWriter {
  readonly #fd: number;
  #closed = false;

  constructor(file: string) {
    this.#fd = openSync(file, "wx", 0o600);
  }

  /** Adds a file from memory; returns its SHA-256. */
  addBuffer(name: string, data: Buffer, mtimeS = Date.now() / 1000): string {
    writeSync(this.#fd, tarHeader(name, data.length, mtimeS));
    writeSync(this.#fd, data);
    this.#pad(data.length);
    return createHash("sha256").update(data).digest("hex");
  }

  /** Copies a file from disk, hashing it on the way; returns its SHA-256 and size. */
  addFile(name: string, source: string): { sha256: string; size: number } {
    const input = openSync(source, "r");
    try {
      const stat = fstatSync(input);
      writeSync(this.#fd, tarHeader(name, stat.size, stat.mtimeMs / 1000));
      const hash = createHash("sha256");
      const buffer = Buffer.allocUnsafe(CHUNK);
      let copied = 0;
      while (copied < stat.size) {
        const n = readSync(input, buffer, 0, Math.min(CHUNK, stat.size - copied), copied);
        if (n === 0) throw new TarError(`${source} shrank while being archived`);
        hash.update(buffer.subarray(0, n));
        writeSync(this.#fd, buffer, 0, n);
        copied += n;
      }
      this.#pad(stat.size);
      return { sha256: hash.digest("hex"), size: stat.size };
    } finally {
      closeSync(input);
    }
  }

  #pad(size: number): void {
    const rest = size % BLOCK;
    if (rest) writeSync(this.#fd, Buffer.alloc(BLOCK - rest));
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    writeSync(this.#fd, Buffer.alloc(BLOCK * 2));
    fsyncSync(this.#fd);
    closeSync(this.#fd);
  }

  /** Closes without the end blocks (the caller deletes the file). */
  abort(): void {
    if (this.#closed) return;
    this.#closed = true;
    closeSync(this.#fd);
  }
}

export interface TarMember {
  name: string;
  size: number;
  sha256: string;
}

/**
 * Reads every member in order. `onData(member name, chunk)` receives the content (to extract it);
 * `onMember` is called after each member with its hash. Refuses bad checksums, truncation, unsafe
 * names and anything but regular files.
 */
export function readTar(
  file: string,
  handlers: {
    onStart?: (name: string, size: number) => void;
    onData?: (name: string, chunk: Buffer) => void;
    onMember?: (member: TarMember) => void;
  } = {},
): TarMember[] {
  const fd = openSync(file, "r");
  const members: TarMember[] = [];
  try {
    const total = fstatSync(fd).size;
    const header = Buffer.alloc(BLOCK);
    const buffer = Buffer.allocUnsafe(CHUNK);
    let position = 0;
    let ended = false;
    while (position + BLOCK <= total) {
      readSync(fd, header, 0, BLOCK, position);
      position += BLOCK;
      if (header.every((b) => b === 0)) {
        ended = true;
        break;
      }
      if (readOctal(header, 148, 8) !== headerSum(header)) {
        throw new TarError(`corrupt tar header at byte ${position - BLOCK} (checksum)`);
      }
      const name = header.subarray(0, 100).toString("utf8").replace(/\0.*$/s, "");
      const type = String.fromCharCode(header[156] as number);
      if (type !== "0" && type !== "\0") throw new TarError(`unexpected member type "${type}" (${name})`);
      // Re-validates the name as the writer does: no absolute paths, no `..`, no odd characters.
      tarHeader(name, 0, 0);
      const size = readOctal(header, 124, 12);
      if (position + size > total) throw new TarError(`archive truncated inside ${name}`);
      handlers.onStart?.(name, size);
      const hash = createHash("sha256");
      let read = 0;
      while (read < size) {
        const n = readSync(fd, buffer, 0, Math.min(CHUNK, size - read), position + read);
        if (n === 0) throw new TarError(`archive truncated inside ${name}`);
        const chunk = buffer.subarray(0, n);
        hash.update(chunk);
        handlers.onData?.(name, chunk);
        read += n;
      }
      position += Math.ceil(size / BLOCK) * BLOCK;
      const member = { name, size, sha256: hash.digest("hex") };
      members.push(member);
      handlers.onMember?.(member);
    }
    if (!ended) throw new TarError("archive truncated (no end-of-archive blocks)");
    return members;
  } finally {
    closeSync(fd);
  }
}
