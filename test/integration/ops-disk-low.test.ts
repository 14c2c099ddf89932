/**
 * Low-disk mode on a real, small disk: a 64 MB tmpfs as DATA_DIR, filled with a file. The gate keeps
 * serving content and kiosk state, refuses new records with 507 `disk-low`, says so in /healthz, and
 * accepts records again by itself once the filler is gone. A disk filled to the last byte (SQLite
 * meets SQLITE_FULL) answers errors, never a crash.
 */
import { rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningController } from "../../controller/src/server.js";
import { startTestController } from "../helpers/controller.js";
import { waitFor } from "../helpers/processes.js";
import { configDirWith } from "../helpers/site-config.js";
import { CAN_MOUNT, fillDisk, mountTmpfs, NOT_ROOT_REASON } from "../helpers/tmpfs.js";
import { ConsoleClient, seedUsers, sharedHash } from "./auth-helpers.js";

const MB = 1024 * 1024;
// A valid 1×1 PNG.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

if (!CAN_MOUNT) console.warn(`ops-disk-low: skipped, ${NOT_ROOT_REASON}`);

const upload = (client: ConsoleClient, bytes: Buffer) => client.upload(bytes, "image/png", "p.png");

const health = async (c: RunningController) => {
  // A stuck controller, not a busy machine, is what this bound is for.
  const res = await fetch(`${c.url}/healthz`, { signal: AbortSignal.timeout(30_000) });
  return { status: res.status, body: await res.json() };
};

/** A controller keeping its data on the tmpfs with this free-space floor, and an operator logged in. */
async function startOnDisk(dataDir: string, storage: { minFreeMB: number; checkIntervalS: number }) {
  const c = await startTestController({
    env: {
      DATA_DIR: dataDir,
      GATECAST_CONFIG_DIR: configDirWith(
        "cau-treo",
        [
          "storage:",
          `  minFreeMB: ${storage.minFreeMB}`,
          "  minFreePercent: 0",
          `  checkIntervalS: ${storage.checkIntervalS}`,
        ].join("\n"),
      ),
    },
  });
  await seedUsers(c, { "op.a": "operator" });
  const op = await new ConsoleClient(c.url).loginOk("op.a");
  return { c, op };
}

describe.skipIf(!CAN_MOUNT)("low-disk mode on a 64 MB tmpfs", () => {
  let disk: ReturnType<typeof mountTmpfs>;
  beforeAll(async () => {
    await sharedHash();
    disk = mountTmpfs(64);
  });
  afterAll(() => disk?.unmount());

  it("keeps showing, refuses new records with a reason, and recovers without a restart", async () => {
    const { c, op } = await startOnDisk(path.join(disk.dir, "data"), { minFreeMB: 16, checkIntervalS: 1 });
    const before = await upload(op, PNG);
    expect(before.status).toBe(201);
    expect((await health(c)).body.disk.state).toBe("ok");

    const filler = path.join(disk.dir, "filler.bin");
    fillDisk(filler, 8 * MB);
    const low = await waitFor(async () => {
      const h = await health(c);
      return h.body.disk.state === "low" ? h : undefined;
    });
    expect(low.status).toBe(200);
    expect(low.body.status).toBe("degraded");
    expect(low.body.disk.freeBytes).toBeLessThan(16 * MB);
    expect(low.body.disk.floorBytes).toBe(16 * MB);

    // Refused, with the reason.
    const refused = await upload(op, Buffer.concat([PNG, Buffer.from("x")]));
    expect(refused.status).toBe(507);
    expect(refused.body.error.code).toBe("disk-low");
    expect(refused.body.error.message).toMatch(/a media upload refused: the data disk has .* MB free/);
    const draft = await op.send("PUT", "/api/v1/items/closed", {
      body: { kind: "led", ledText: { vi: "Đóng cửa" } },
    });
    expect(draft.status).toBe(507);
    expect(draft.body.error.code).toBe("disk-low");

    // Still shown: content, media, kiosk state; and an operator can still log in.
    expect((await fetch(`${c.url}/api/v1/kiosk/state?channel=hall`)).status).toBe(200);
    expect((await fetch(`${c.url}/api/v1/items`)).status).toBe(200);
    expect((await fetch(`${c.url}/api/v1/media/${before.body.sha256}`)).status).toBe(200);
    expect((await new ConsoleClient(c.url).login("op.a")).status).toBe(200);
    const maintenance = await fetch(`${c.url}/healthz`).then((r) => r.json());
    expect(maintenance.disk.refused).toBeGreaterThanOrEqual(2);

    // Space returns: records are accepted again, no restart.
    rmSync(filler);
    await waitFor(async () => ((await health(c)).body.disk.state === "ok" ? true : undefined));
    expect((await health(c)).body.status).toBe("ok");
    expect((await upload(op, Buffer.concat([PNG, Buffer.from("y")]))).status).toBe(201);
  });

  it("meets a disk full to the last byte (SQLITE_FULL, ENOSPC) with refusals, not a crash", async () => {
    // A floor of 1 MB checked once an hour: the disk fills between two samples.
    const { c, op } = await startOnDisk(path.join(disk.dir, "full"), { minFreeMB: 1, checkIntervalS: 3600 });
    const filler = path.join(disk.dir, "filler-full.bin");
    fillDisk(filler, 0);
    try {
      // Content changes until SQLite has no free page left: SQLITE_FULL answers 507, not a crash.
      let status = 0;
      for (let i = 0; i < 2000 && status !== 507; i++) {
        const r = await op.send("PUT", `/api/v1/items/full-${i}`, {
          body: { kind: "led", ledText: { vi: `${i} ${"x".repeat(900)}` } },
        });
        status = r.status;
        expect([200, 201, 507]).toContain(status);
        if (status === 507) expect(r.body.error.code).toBe("disk-low");
      }
      expect(status).toBe(507);
      expect(c.ctx.disk.status().state).toBe("low");
      // An upload is refused up front now, with the real free space in its reason.
      const up = await upload(op, Buffer.concat([PNG, Buffer.from("z")]));
      expect(up.status).toBe(507);
      expect(up.body.error.message).toMatch(/^a media upload refused: the data disk has 0\.\d MB free/);
      // The guard went low at the first disk-full error, without waiting for its hourly sample.
      const h = await health(c);
      expect(h.status).toBe(200);
      expect(h.body.disk.state).toBe("low");
      expect((await fetch(`${c.url}/api/v1/kiosk/state?channel=hall`)).status).toBe(200);
    } finally {
      rmSync(filler, { force: true });
    }
    await c.ctx.disk.sample();
    expect((await health(c)).body.disk.state).toBe("ok");
  });
});
