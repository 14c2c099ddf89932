/** Files of a bundle streamed to the cache, bounded by what was signed; USB containers read as streams. */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { bundleFileChunks, encodeBundleFile } from "../../controller/src/central/bundle.js";
import { Refusal } from "../../controller/src/central/manifest.js";
import { recordRefusal } from "../../controller/src/central/program-import.js";
import { partialLength, pruneTemporaryFiles, receiveFile } from "../../controller/src/central/receive.js";
import { readBundlePath } from "../../controller/src/central/usb-bundle.js";
import { TarWriter } from "../../controller/src/ops/tar.js";
import { recentSyncLog } from "../../controller/src/store/central-gate-repo.js";
import { openDatabase } from "../../controller/src/store/database.js";
import { tempDir } from "../helpers/fixtures.js";
import { newKey, signedLao } from "../integration/central-helpers.js";

const bytes = Buffer.from("a file the manifest signed, seventy bytes or so, give or take a few");
const entry = {
  path: "content.json" as const,
  sha256: createHash("sha256").update(bytes).digest("hex"),
  size: bytes.length,
};
const limits = { idleMs: 60_000, graceMs: 60_000, minBytesPerS: 16_384 };

async function refusalOf(promise: Promise<unknown>): Promise<Refusal> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Refusal) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

async function* endless(): AsyncGenerator<Uint8Array> {
  const chunk = Buffer.alloc(16 * 1024, 0x41);
  for (;;) yield chunk;
}

describe("receiveFile", () => {
  it("caches a whole file, and leaves no temporary file behind", async () => {
    const cache = tempDir();
    const file = await receiveFile(
      cache,
      entry,
      () => Readable.from([bytes.subarray(0, 10), bytes.subarray(10)]),
      limits,
    );
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(readdirSync(path.join(cache, "partial"))).toEqual([]);
  });

  it("cuts an endless body off past the signed size (tampered), and a short one is truncated", async () => {
    const cache = tempDir();
    let aborted = false;
    const over = await refusalOf(
      receiveFile(
        cache,
        entry,
        (signal) => {
          signal.addEventListener("abort", () => {
            aborted = true;
          });
          return endless();
        },
        limits,
      ),
    );
    expect(over.code).toBe("tampered");
    expect(aborted).toBe(true);
    const short = await refusalOf(
      receiveFile(cache, entry, () => Readable.from([bytes.subarray(0, 9)]), limits),
    );
    expect(short.code).toBe("truncated");
    const other = Buffer.from(bytes);
    other[3] = 0x21;
    expect((await refusalOf(receiveFile(cache, entry, () => Readable.from([other]), limits))).code).toBe(
      "tampered",
    );
    expect((await refusalOf(receiveFile(cache, entry, () => undefined, limits))).code).toBe("missing-file");
    expect(existsSync(path.join(cache, "files", entry.sha256))).toBe(false);
    expect(readdirSync(path.join(cache, "partial"))).toEqual([]);
  });

  it("keeps a cut download and resumes it from its confirmed length; a source that starts at 0 starts over", async () => {
    const cache = tempDir();
    async function* cut(): AsyncGenerator<Uint8Array> {
      yield bytes.subarray(0, 30);
      throw new Error("connection reset");
    }
    const first = await refusalOf(receiveFile(cache, entry, () => cut(), limits));
    expect(first.code).toBe("truncated");
    expect(partialLength(cache, entry.sha256)).toBe(30);
    const asked: number[] = [];
    const starts: number[] = [];
    const file = await receiveFile(
      cache,
      entry,
      (_signal, from) => {
        asked.push(from);
        return { chunks: Readable.from([bytes.subarray(from)]), start: from };
      },
      limits,
      { onStart: (from) => starts.push(from) },
    );
    expect(asked).toEqual([30]);
    expect(starts).toEqual([30]);
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(readdirSync(path.join(cache, "partial"))).toEqual([]);

    // A server that ignores the range (a 200): the whole file again, from byte 0.
    const again = tempDir();
    await refusalOf(receiveFile(again, entry, () => cut(), limits));
    const restarted: number[] = [];
    const whole = await receiveFile(again, entry, () => Readable.from([bytes]), limits, {
      onStart: (from) => restarted.push(from),
    });
    expect(restarted).toEqual([0]);
    expect(readFileSync(whole).equals(bytes)).toBe(true);
  });

  it("throws away a partial longer than signed, and one whose final hash is wrong, saying so", async () => {
    const cache = tempDir();
    mkdirSync(path.join(cache, "partial"), { recursive: true });
    writeFileSync(path.join(cache, "partial", entry.sha256), Buffer.alloc(entry.size + 10, 0x41));
    writeFileSync(path.join(cache, "partial", `${entry.sha256}.len`), String(entry.size + 10));
    const notes: string[] = [];
    const asked: number[] = [];
    const file = await receiveFile(
      cache,
      entry,
      (_s, from) => {
        asked.push(from);
        return Readable.from([bytes]);
      },
      limits,
      { note: (n) => notes.push(n) },
    );
    expect(asked).toEqual([0]);
    expect(notes.join()).toMatch(/more than the \d+ signed; thrown away/);
    expect(readFileSync(file).equals(bytes)).toBe(true);

    // Resumed onto bytes that are not the file's: the whole is refused and the partial goes.
    const bad = tempDir();
    mkdirSync(path.join(bad, "partial"), { recursive: true });
    writeFileSync(path.join(bad, "partial", entry.sha256), Buffer.alloc(20, 0x41));
    writeFileSync(path.join(bad, "partial", `${entry.sha256}.len`), "20");
    const refused = await refusalOf(
      receiveFile(
        bad,
        entry,
        (_s, from) => ({ chunks: Readable.from([bytes.subarray(from)]), start: from }),
        limits,
      ),
    );
    expect(refused.code).toBe("tampered");
    expect(refused.message).toMatch(/thrown away/);
    expect(readdirSync(path.join(bad, "partial"))).toEqual([]);
  });

  it("prunes partials no pending program needs, and keeps the others", async () => {
    const cache = tempDir();
    mkdirSync(path.join(cache, "partial"), { recursive: true });
    const [a, b] = ["a".repeat(64), "b".repeat(64)];
    for (const sha of [a, b]) {
      writeFileSync(path.join(cache, "partial", sha), "x");
      writeFileSync(path.join(cache, "partial", `${sha}.len`), "1");
    }
    expect(pruneTemporaryFiles(cache, undefined, undefined, new Set([a]))).toBe(1);
    expect(readdirSync(path.join(cache, "partial")).sort()).toEqual([a, `${a}.len`]);
  });

  it("gives up on a stalled transfer (idle) and on a drip (deadline)", async () => {
    const cache = tempDir();
    async function* stall(): AsyncGenerator<Uint8Array> {
      yield bytes.subarray(0, 5);
      await new Promise(() => undefined);
    }
    const idle = await refusalOf(receiveFile(cache, entry, () => stall(), { ...limits, idleMs: 200 }));
    expect(idle.code).toBe("truncated");
    expect(idle.message).toMatch(/got 5 of \d+ bytes, then no byte for/);
    async function* drip(): AsyncGenerator<Uint8Array> {
      for (const b of bytes) {
        yield Buffer.from([b]);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    const slow = await refusalOf(
      receiveFile(cache, entry, () => drip(), { idleMs: 10_000, graceMs: 300, minBytesPerS: 1_000_000 }),
    );
    expect(slow.code).toBe("truncated");
    expect(slow.message).toMatch(/no whole file after/);
  });
});

async function drain(stream: Readable | undefined): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of stream ?? []) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}

describe("USB bundles read as streams", () => {
  const key = newKey();
  const b = signedLao(key);
  const [sha, content] = [...b.files][0] as [string, Buffer];

  it("reads the directory, tar and single-file forms alike", async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, "manifest.json"), b.manifestBytes);
    writeFileSync(path.join(dir, "manifest.sig"), `${b.sig}\n`);
    const files = path.join(dir, "files");
    mkdirSync(files);
    writeFileSync(path.join(files, sha), content);
    const tar = path.join(tempDir(), "b.tar");
    const w = new TarWriter(tar);
    w.addBuffer("lao/manifest.json", b.manifestBytes);
    w.addBuffer("lao/manifest.sig", Buffer.from(b.sig));
    w.addBuffer(`lao/files/${sha}`, content);
    w.close();
    const json = path.join(tempDir(), "b.gcbundle.json");
    writeFileSync(json, encodeBundleFile(b));
    for (const where of [dir, tar, json]) {
      const raw = readBundlePath(where);
      expect(raw.manifestBytes.equals(b.manifestBytes), where).toBe(true);
      expect(raw.sig).toBe(b.sig);
      expect((await drain(raw.open(sha))).equals(content), where).toBe(true);
      expect(raw.open("0".repeat(64))).toBeUndefined();
      expect(raw.open("../manifest.json")).toBeUndefined();
    }
  });

  it("writes the single-file form as a stream with the same bytes as encodeBundleFile", async () => {
    const dir = tempDir();
    const files = new Map(
      [...b.files].map(([s, bytes]) => {
        const file = path.join(dir, s);
        writeFileSync(file, bytes);
        return [s, file] as const;
      }),
    );
    const parts: Buffer[] = [];
    for await (const chunk of bundleFileChunks({ ...b, files })) parts.push(chunk);
    expect(Buffer.concat(parts).toString()).toBe(encodeBundleFile(b));
  });

  it("refuses what is not a bundle: escapes, repeated keys, odd tar members", () => {
    const dir = tempDir();
    const write = (name: string, text: string) => {
      writeFileSync(path.join(dir, name), text);
      return path.join(dir, name);
    };
    expect(() => readBundlePath(write("a.json", '{"format":"gatecast-bundle\\/1"}'))).toThrow(/escaped/);
    expect(() => readBundlePath(write("b.json", '{"sig":"A","sig":"B"}'))).toThrow(/twice/);
    expect(() => readBundlePath(write("c.json", '{"format":"zip","manifest":"","sig":""}'))).toThrow(
      /format/,
    );
    expect(() => readBundlePath(write("d.bin", "PK\u0003\u0004"))).toThrow(/neither a tar/);
    const tar = path.join(dir, "e.tar");
    const w = new TarWriter(tar);
    w.addBuffer("manifest.json", Buffer.from("{}"));
    w.close();
    expect(() => readBundlePath(tar)).toThrow(/no manifest\.sig/);
  });
});

describe("refusals repeated by every poll", () => {
  it("are one row with a count, and one audit row", () => {
    const db = openDatabase(tempDir());
    try {
      const bundle = { programId: "lao-2027", version: 3 };
      expect(recordRefusal(db, "central x", bundle, "tampered", "first")).toBe("inserted");
      expect(recordRefusal(db, "central x", bundle, "tampered", "second")).toBe("bumped");
      expect(recordRefusal(db, "central x", bundle, "truncated", "cut", { allowNew: false })).toBe(
        "over-budget",
      );
      expect(recordRefusal(db, "central x", undefined, "malformed", "junk")).toBe("inserted");
      expect(recordRefusal(db, "central x", undefined, "malformed", "junk")).toBe("bumped");
      const recent = recentSyncLog(db);
      expect(recent).toHaveLength(2);
      expect(recent.find((r) => r.code === "tampered")).toMatchObject({ count: 2, reason: "second" });
      expect(db.prepare("SELECT count(*) AS n FROM audit WHERE action = 'refused'").get()).toEqual({ n: 2 });
    } finally {
      db.close();
    }
  });
});
