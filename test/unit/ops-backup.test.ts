import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  controllerHoldsDatabase,
  createBackup,
  newestSchemaVersion,
  OpsError,
  restoreBackup,
  verifyArchive,
} from "../../controller/src/ops/backup.js";
import { readTar, TarWriter, tarHeader } from "../../controller/src/ops/tar.js";
import { openDatabase } from "../../controller/src/store/database.js";
import { tempDir } from "../helpers/fixtures.js";

describe("the ustar writer and reader", () => {
  it("round-trips members with their hashes, and GNU tar reads the archive", () => {
    const dir = tempDir();
    const file = path.join(dir, "a.tar");
    const big = Buffer.alloc(3 * 1024 * 1024 + 7, 0x5a);
    writeFileSync(path.join(dir, "big.bin"), big);
    const w = new TarWriter(file);
    const small = w.addBuffer("manifest.json", Buffer.from('{"x":1}'));
    const large = w.addFile("media/ab/big", path.join(dir, "big.bin"));
    w.close();
    const chunks: Buffer[] = [];
    const members = readTar(file, {
      onData: (name, chunk) => name === "media/ab/big" && chunks.push(Buffer.from(chunk)),
    });
    expect(members).toEqual([
      { name: "manifest.json", size: 7, sha256: small },
      { name: "media/ab/big", size: big.length, sha256: large.sha256 },
    ]);
    expect(Buffer.concat(chunks).equals(big)).toBe(true);
    const tar = spawnSync("tar", ["-tvf", file], { encoding: "utf8" });
    if (tar.status !== null && !tar.error) {
      expect(tar.status).toBe(0);
      expect(tar.stdout).toMatch(/manifest\.json/);
      expect(tar.stdout).toMatch(/media\/ab\/big/);
    }
  });

  it("refuses unsafe names and corrupt headers", () => {
    expect(() => tarHeader("../etc/passwd", 1, 0)).toThrow(/unsafe/);
    expect(() => tarHeader("/etc/passwd", 1, 0)).toThrow(/unsafe/);
    const file = path.join(tempDir(), "a.tar");
    const w = new TarWriter(file);
    w.addBuffer("x", Buffer.from("hello"));
    w.close();
    const bytes = readFileSync(file);
    bytes[3] = 0x41;
    writeFileSync(file, bytes);
    expect(() => readTar(file)).toThrow(/checksum/);
  });
});

describe("backup archives", () => {
  async function backupOf(dataDir: string) {
    openDatabase(dataDir).close();
    const file = path.join(tempDir(), "b.tar");
    await createBackup({ dataDir, file, gate: "cau-treo", gatecastVersion: "0.0.0-test" });
    return file;
  }

  it("refuses a backup whose schema is newer than this controller's, changing nothing", async () => {
    const dataDir = tempDir();
    const file = await backupOf(dataDir);
    // Rewrite the archive with a manifest claiming a future schema (hashes stay right).
    const { manifest } = verifyArchive(file);
    const forged = path.join(tempDir(), "forged.tar");
    const w = new TarWriter(forged);
    const extract = path.join(tempDir(), "db");
    const parts: Buffer[] = [];
    readTar(file, { onData: (name, chunk) => name === "gatecast.sqlite" && parts.push(Buffer.from(chunk)) });
    writeFileSync(extract, Buffer.concat(parts));
    w.addFile("gatecast.sqlite", extract);
    w.addBuffer(
      "manifest.json",
      Buffer.from(JSON.stringify({ ...manifest, schemaVersion: newestSchemaVersion() + 1 })),
    );
    w.close();
    const target = tempDir();
    expect(() => restoreBackup({ dataDir: target, file: forged, gate: "cau-treo" })).toThrow(
      /newer than this controller's/,
    );
    expect(() => restoreBackup({ dataDir: target, file, gate: "le-thanh" })).toThrow(/--other-gate/);
  });

  it("detects a controller holding the database", () => {
    const dataDir = tempDir();
    const db = openDatabase(dataDir);
    expect(controllerHoldsDatabase(dataDir)).toBe(true);
    db.close();
    expect(controllerHoldsDatabase(dataDir)).toBe(false);
    expect(controllerHoldsDatabase(tempDir())).toBe(false);
  });

  it("refuses to overwrite an existing file", async () => {
    const dataDir = tempDir();
    const file = await backupOf(dataDir);
    await expect(createBackup({ dataDir, file, gate: "cau-treo", gatecastVersion: "x" })).rejects.toThrow(
      OpsError,
    );
  });
});
