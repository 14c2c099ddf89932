/**
 * `gatecast backup` while a controller serves and writes, `gatecast restore` bringing back exactly the
 * backed-up content, and refusals (corrupt archive, running controller) that change nothing.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createCanvas } from "@napi-rs/canvas";
import Database from "better-sqlite3";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { verifyArchive } from "../../controller/src/ops/backup.js";
import type { RunningController } from "../../controller/src/server.js";
import { startTestController } from "../helpers/controller.js";
import { tempDir } from "../helpers/fixtures.js";
import { gatecast } from "../helpers/processes.js";
import { ConsoleClient, seedUsers, sharedHash } from "./auth-helpers.js";

// Each test runs several `gatecast` children under tsx, one after another: up to a minute each on a
// loaded 2-core machine.
vi.setConfig({ testTimeout: 600_000 });

beforeAll(async () => {
  await sharedHash();
});

function png(color: string): Buffer {
  const canvas = createCanvas(32, 16);
  const g = canvas.getContext("2d");
  g.fillStyle = color;
  g.fillRect(0, 0, 32, 16);
  return canvas.toBuffer("image/png");
}

async function upload(client: ConsoleClient, bytes: Buffer): Promise<string> {
  const res = await client.upload(bytes);
  expect(res.status).toBeLessThan(300);
  return (res.body as { sha256: string }).sha256;
}

async function publishDuration(lan: ConsoleClient, seconds: number): Promise<void> {
  const welcome = (await lan.get("/api/v1/items/welcome")).body;
  expect((await lan.put("/api/v1/items/welcome", { ...welcome, durationS: seconds })).status).toBeLessThan(
    300,
  );
  expect((await lan.post("/api/v1/publications", { changes: "all" })).status).toBe(201);
}

/** Everything a restore must bring back, read through the API. */
async function contentOf(c: RunningController) {
  const get = async (p: string) => (await fetch(`${c.url}${p}`)).json();
  return {
    items: await get("/api/v1/items"),
    playlists: await get("/api/v1/playlists"),
    schedules: await get("/api/v1/schedules"),
  };
}

/** path → sha256 of every file under a folder (to show "nothing changed"). */
function treeHash(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else out[path.relative(dir, full)] = createHash("sha256").update(readFileSync(full)).digest("hex");
    }
  };
  walk(dir);
  return out;
}

async function run(args: string[], env: Record<string, string>) {
  const cli = gatecast(args, { LOG_LEVEL: "silent", ...env });
  const code = await cli.exited;
  return { code, output: cli.output() };
}

describe("gatecast backup and restore", () => {
  it("backs up online while the controller writes, and restores exactly that content", async () => {
    const c = await startTestController();
    const dataDir = c.ctx.settings.dataDir;
    const env = { GATE: "cau-treo", DATA_DIR: dataDir };
    await seedUsers(c, { lan: "operator" });
    const lan = await new ConsoleClient(c.url).loginOk("lan");
    const red = await upload(lan, png("#c00"));

    // Writes keep coming while the backup runs in another process.
    let writing = true;
    let writes = 0;
    const writer = (async () => {
      while (writing) await publishDuration(lan, 11 + (writes++ % 50));
    })();
    const dir = tempDir("gatecast-backup-");
    const during = path.join(dir, "during.tar");
    const first = await run(["backup", during], env);
    writing = false;
    await writer;
    expect(first.output).toMatch(/verified/);
    expect(first.code).toBe(0);
    expect(writes).toBeGreaterThan(0);
    const { manifest } = verifyArchive(during);
    expect(manifest).toMatchObject({ gate: "cau-treo", gatecastVersion: expect.any(String) });
    expect(manifest.members.map((m) => m.name)).toEqual([
      "gatecast.sqlite",
      `media/${red.slice(0, 2)}/${red}`,
    ]);
    expect(existsSync(`${during}.partial`)).toBe(false);

    // A quiet backup, the content it holds, then later changes that the restore must undo.
    const file = path.join(dir, "quiet.tar");
    expect((await run(["backup", file], env)).code).toBe(0);
    const backedUp = await contentOf(c);
    await publishDuration(lan, 99);
    const green = await upload(lan, png("#0c0"));
    expect(await contentOf(c)).not.toEqual(backedUp);

    // Refused while the controller has the database open; nothing changes.
    const running = await run(["restore", file], env);
    expect(running.code).toBe(1);
    expect(running.output).toMatch(/a controller has .* open: stop it first/);
    await c.stop();

    const restored = await run(["restore", file], env);
    expect(restored.output).toMatch(/the previous data is in .*\.before-restore-/);
    expect(restored.code).toBe(0);
    const previous = readdirSync(path.dirname(dataDir)).filter((n) =>
      n.startsWith(`${path.basename(dataDir)}.before-restore-`),
    );
    expect(previous).toHaveLength(1);
    const again = await startTestController({ env: { DATA_DIR: dataDir } });
    expect(await contentOf(again)).toEqual(backedUp);
    expect(existsSync(path.join(dataDir, "media", red.slice(0, 2), red))).toBe(true);
    expect(existsSync(path.join(dataDir, "media", green.slice(0, 2), green))).toBe(false);
    expect((await fetch(`${again.url}/api/v1/media/${red}`)).status).toBe(200);
    // The later data is kept aside, whole.
    const aside = path.join(path.dirname(dataDir), previous[0] as string);
    expect(existsSync(path.join(aside, "media", green.slice(0, 2), green))).toBe(true);
  });

  it("refuses a corrupted archive and changes nothing", async () => {
    const c = await startTestController();
    const dataDir = c.ctx.settings.dataDir;
    const env = { GATE: "cau-treo", DATA_DIR: dataDir };
    await seedUsers(c, { lan: "operator" });
    const lan = await new ConsoleClient(c.url).loginOk("lan");
    await upload(lan, png("#00c"));
    const file = path.join(tempDir("gatecast-backup-"), "b.tar");
    expect((await run(["backup", file], env)).code).toBe(0);
    await c.stop();
    const before = treeHash(dataDir);

    // One flipped byte inside the database member (just after the first 512-byte header).
    const bytes = readFileSync(file);
    bytes[512 + 200] = (bytes[512 + 200] as number) ^ 0xff;
    const corrupt = path.join(path.dirname(file), "corrupt.tar");
    writeFileSync(corrupt, bytes);
    const refused = await run(["restore", corrupt], env);
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(/gatecast\.sqlite does not match its manifest entry/);
    expect(refused.output).not.toMatch(/\n\s+at /);

    // A truncated archive too.
    const truncated = path.join(path.dirname(file), "truncated.tar");
    writeFileSync(truncated, bytes.subarray(0, Math.floor(statSync(file).size / 2)));
    const cut = await run(["restore", truncated], env);
    expect(cut.code).toBe(1);
    expect(cut.output).toMatch(/truncated|manifest/);

    expect(treeHash(dataDir)).toEqual(before);
    const siblings = readdirSync(path.dirname(dataDir)).filter((n) => n.startsWith(path.basename(dataDir)));
    expect(siblings).toEqual([path.basename(dataDir)]);
    const db = new Database(path.join(dataDir, "gatecast.sqlite"), { readonly: true });
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    db.close();
  });
});
