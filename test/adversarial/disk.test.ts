/**
 * A full disk under a real controller child process: DATA_DIR on a 64 MB tmpfs this test mounts
 * (root only; skipped with the reason otherwise). While the disk is filled to the last byte and
 * emptied again, operators keep uploading media and writing content and anonymous clients keep
 * asking for kiosk state. Every write answers (a success, or 507 `disk-low` with its reason), content
 * keeps being served, /healthz answers within 1 s throughout, the process stays alive with its memory
 * bounded, no temporary upload file is left and no media row exists without its file. `SOAK_LONG=1`
 * runs more fill/empty cycles, longer, with more clients.
 */
import { existsSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addUser, Client, type ControllerChild, startChild, stopChild } from "../../soak/lib.js";
import { expectWithinSecond, memoryMb, recordFigure, sized, watchHealth } from "../helpers/adversarial.js";
import { configDirWith } from "../helpers/site-config.js";
import { CAN_MOUNT, fillDiskAsync, freeBytes, mountTmpfs, NOT_ROOT_REASON } from "../helpers/tmpfs.js";

const AREA = "disk";
const MB = 1024 * 1024;
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

if (!CAN_MOUNT) console.warn(`adversarial disk: skipped, ${NOT_ROOT_REASON}`);

describe.skipIf(!CAN_MOUNT)("a full disk", () => {
  let disk: ReturnType<typeof mountTmpfs>;
  let c: ControllerChild;
  let dataDir: string;
  let op: Client;

  beforeAll(async () => {
    disk = mountTmpfs(64);
    dataDir = path.join(disk.dir, "data");
    const env = {
      GATE: "cau-treo",
      DATA_DIR: dataDir,
      HOST: "127.0.0.1",
      GATECAST_CONFIG_DIR: configDirWith(
        "cau-treo",
        // Media may take 8 MB: uploads past it are refused (507 media-budget), not stored.
        [
          "storage:",
          "  minFreeMB: 12",
          "  minFreePercent: 0",
          "  checkIntervalS: 1",
          "  budgets: { mediaMB: 8 }",
        ].join("\n"),
      ),
    };
    addUser(env, "op-lan", "operator");
    c = await startChild({ ...env, LOG_LEVEL: "warn" });
    op = await new Client(c.url).login("op-lan");
  }, 180_000);

  afterAll(async () => {
    if (c) await stopChild(c);
    disk?.unmount();
  });

  const upload = async (bytes: Buffer): Promise<number> => {
    try {
      const res = await fetch(`${op.base}/api/v1/media?name=a.png`, {
        method: "POST",
        headers: {
          "content-type": "image/png",
          cookie: `gc_session=${op.cookie}`,
          "x-csrf-token": op.csrf ?? "",
        },
        body: new Uint8Array(bytes),
        signal: AbortSignal.timeout(30_000),
      });
      const body = (await res.json()) as { error?: { code: string } };
      if (res.status === 507) expect(body.error?.code).toMatch(/^(disk-low|media-budget)$/);
      return res.status;
    } catch {
      // An upload cut off mid-body by its refusal: the client sees a reset, the server stays up.
      return -1;
    }
  };

  it("keeps serving, refuses records with a reason, recovers by itself, and never falls over", async () => {
    const cycles = sized(2, 8);
    const attackMs = sized(3000, 20_000);
    const clients = sized(3, 8);
    const watch = watchHealth(c.url, 1000);
    const statuses = new Map<number, number>();
    const count = (status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1);
    let item = 0;
    let maxRss = 0;
    for (let cycle = 0; cycle < cycles; cycle++) {
      const filler = path.join(disk.dir, `filler-${cycle}.bin`);
      const until = Date.now() + attackMs;
      // The disk fills while the writes are under way: some meet ENOSPC or SQLITE_FULL mid-write.
      const filling = new Promise((resolve) => setTimeout(resolve, attackMs / 3)).then(() =>
        fillDiskAsync(filler, 0),
      );
      await Promise.all([
        filling,
        ...Array.from({ length: clients }, async (_, k) => {
          while (Date.now() < until) {
            const unique = Buffer.from(`${cycle}-${k}-${item++}`);
            const big = k % 2 === 0 ? Buffer.alloc(MB, k) : Buffer.alloc(0);
            count(await upload(Buffer.concat([PNG, unique, big])));
            const put = await op.send("PUT", `/api/v1/items/adv-disk-${item % 500}`, {
              kind: "led",
              ledText: { vi: `${item} ${"đ".repeat(400)}` },
            });
            count(put.status);
            const state = await fetch(`${c.url}/api/v1/kiosk/state?channel=hall`);
            await state.arrayBuffer();
            expect(state.status).toBe(200);
          }
        }),
      ]);
      const health = (await (await fetch(`${c.url}/healthz`)).json()) as { disk: { state: string } };
      expect(health.disk.state).toBe("low");
      maxRss = Math.max(maxRss, memoryMb(c.child.pid).rss);
      rmSync(filler);
      // Recovers without a restart: free space is sampled every second (a busy machine: allow 90 s).
      const until2 = Date.now() + 90_000;
      for (;;) {
        const h = (await (await fetch(`${c.url}/healthz`)).json()) as { disk: { state: string } };
        if (h.disk.state === "ok") break;
        if (Date.now() > until2) throw new Error("the disk state did not recover");
        await new Promise((r) => setTimeout(r, 200));
      }
      const after = await op.send("PUT", `/api/v1/items/adv-after-${cycle}`, {
        kind: "led",
        ledText: { vi: "ok" },
      });
      expect(after.status).toBeLessThan(300);
    }
    const health = await watch.stop();
    const memory = memoryMb(c.child.pid);

    // Alive, answering in time, every write answered with a success or a reasoned refusal.
    expect(c.child.exitCode).toBeNull();
    expect(health.failures).toEqual([]);
    expectWithinSecond(health);
    for (const status of statuses.keys()) expect([-1, 200, 201, 507]).toContain(status);
    expect(statuses.get(507) ?? 0).toBeGreaterThan(0);
    expect(memory.peak).toBeLessThan(400);

    // Nothing stored that should not be: every media row has its whole file, no upload left behind.
    const db = new Database(path.join(dataDir, "gatecast.sqlite"), { readonly: true });
    try {
      const rows = db.prepare("SELECT sha256, size FROM media").all() as { sha256: string; size: number }[];
      for (const row of rows) {
        const file = path.join(dataDir, "media", row.sha256.slice(0, 2), row.sha256);
        expect(existsSync(file)).toBe(true);
      }
    } finally {
      db.close();
    }
    const tmp = path.join(dataDir, "media", "tmp");
    expect(existsSync(tmp) ? readdirSync(tmp) : []).toEqual([]);
    expect(freeBytes(disk.dir)).toBeGreaterThan(12 * MB);

    recordFigure({ area: AREA, figure: "fill/empty cycles survived", value: cycles });
    recordFigure({
      area: AREA,
      figure: "/healthz slowest answer during the attack (ms)",
      value: Math.round(health.maxMs),
      limit: 1000,
    });
    recordFigure({ area: AREA, figure: "writes refused with 507 disk-low", value: statuses.get(507) ?? 0 });
    recordFigure({
      area: AREA,
      figure: "controller RSS peak (MB)",
      value: Math.round(Math.max(memory.peak, maxRss)),
    });
    console.log(
      `disk attack: ${cycles} cycles, answers ${JSON.stringify(Object.fromEntries(statuses))}, ` +
        `healthz max ${Math.round(health.maxMs)} ms over ${health.samples}, RSS peak ${Math.round(memory.peak)} MB`,
    );
  }, 600_000);
});
