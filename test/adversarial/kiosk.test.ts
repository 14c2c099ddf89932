/**
 * Kiosk attacks against a real controller child process: anonymous proof floods, hellos with
 * thousands of ids and pairing secrets, takeover attempts of an enrolled id, implausible plays,
 * event floods, a database locked by another connection and (as root) a full disk while kiosks
 * connect and disconnect. Each ends with the process alive, /healthz answering within 1 s all along,
 * RSS bounded, and nothing stored that should not be. `SOAK_LONG=1` runs them at full size.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT_DIR } from "../../controller/src/config/settings.js";
import type { KioskClientEvents, KioskServerEvents } from "../../controller/src/contract/display-events.js";
import type {
  HelloAck,
  KioskState,
  ProofAck,
  ProofBatch,
  ProofPlay,
} from "../../controller/src/contract/kiosk.js";
import { type ControllerChild, startChild, stopChild } from "../../soak/lib.js";
import {
  expectWithinSecond,
  LONG,
  memoryMb,
  recordFigure,
  sized,
  watchHealth,
} from "../helpers/adversarial.js";
import { configDirWith } from "../helpers/site-config.js";
import { CAN_MOUNT, fillDisk, mountTmpfs, NOT_ROOT_REASON } from "../helpers/tmpfs.js";

const AREA = "kiosk";
/** The controller's memory may not pass this during any attack (it idles near 120 MB). */
const RSS_LIMIT_MB = 400;

type KioskSocket = Socket<KioskServerEvents, KioskClientEvents>;

function kioskSocket(url: string, auth: Record<string, string> = {}): KioskSocket {
  return connect(`${url}/kiosk`, { transports: ["websocket"], reconnection: false, auth, forceNew: true });
}

/** Connects, or resolves with the refusal (the hub may refuse the handshake: that is an answer). */
function connected(socket: KioskSocket): Promise<boolean> {
  return new Promise((resolve) => {
    socket.once("connect", () => resolve(true));
    socket.once("connect_error", () => resolve(false));
  });
}

function hello(socket: KioskSocket, kioskId: string, name = "Sảnh A"): Promise<HelloAck> {
  return socket.timeout(10_000).emitWithAck("hello", { kioskId, name, channel: "hall" });
}

function proof(socket: KioskSocket, batch: ProofBatch): Promise<ProofAck> {
  return socket.timeout(20_000).emitWithAck("proof", batch);
}

/** `gatecast kiosk enrol`, as the provisioning script runs it; returns the token from the URL. */
function enrolByCli(env: Record<string, string>, id: string): string {
  const out = execFileSync(
    process.execPath,
    [
      path.join(ROOT_DIR, "bin", "gatecast.js"),
      "kiosk",
      "enrol",
      "--id",
      id,
      "--name",
      "Sảnh A",
      "--channel",
      "hall",
    ],
    { cwd: ROOT_DIR, env: { ...process.env, LOG_LEVEL: "warn", ...env }, encoding: "utf8" },
  );
  const token = /#token=([A-Za-z0-9_-]{43})/.exec(out)?.[1];
  if (!token) throw new Error(`no token in: ${out}`);
  return token;
}

const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

async function itemOf(url: string): Promise<{ id: string; durationS: number }> {
  const state = (await (await fetch(`${url}/api/v1/kiosk/state?channel=hall`)).json()) as KioskState;
  const entry = state.entries[0];
  if (!entry) throw new Error("the gate's loop is empty");
  return { id: entry.itemId, durationS: entry.item.durationS };
}

/** The figures every attack ends with: alive, /healthz within 1 s, memory bounded. */
async function endOf(
  attack: string,
  c: ControllerChild,
  health: ReturnType<typeof watchHealth>,
): Promise<void> {
  const watched = await health.stop();
  const memory = memoryMb(c.child.pid);
  recordFigure({
    area: AREA,
    figure: `${attack}: slowest /healthz (ms)`,
    value: Math.round(watched.maxMs),
    limit: 1000,
  });
  recordFigure({
    area: AREA,
    figure: `${attack}: peak RSS (MB)`,
    value: Math.round(memory.peak),
    limit: RSS_LIMIT_MB,
  });
  console.log(
    `${attack}: /healthz ${watched.samples} samples, slowest ${Math.round(watched.maxMs)} ms; RSS ${Math.round(memory.rss)} MB, peak ${Math.round(memory.peak)} MB`,
  );
  expect(c.child.exitCode, c.output()).toBeNull();
  expect(watched.failures).toEqual([]);
  expectWithinSecond(watched);
  expect(memory.peak).toBeLessThan(RSS_LIMIT_MB);
}

describe("kiosk attacks on a controller", () => {
  let c: ControllerChild;
  let dataDir: string;
  let env: Record<string, string>;
  let token: string;
  let db: Database.Database;
  const sockets: KioskSocket[] = [];

  const count = (sql: string, ...args: unknown[]) =>
    db
      .prepare(sql)
      .pluck()
      .get(...args) as number;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "gatecast-adv-kiosk-"));
    env = { GATE: "cau-treo", DATA_DIR: dataDir, HOST: "127.0.0.1" };
    token = enrolByCli(env, "hall-1");
    c = await startChild(env);
    db = new Database(path.join(dataDir, "gatecast.sqlite"));
    db.pragma("busy_timeout = 5000");
  }, 180_000);

  afterAll(async () => {
    for (const s of sockets.splice(0)) s.disconnect();
    db?.close();
    if (c) await stopChild(c);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("stores nothing from anonymous proof floods", async () => {
    const health = watchHealth(c.url);
    const item = await itemOf(c.url);
    const play: ProofPlay = { itemId: item.id, scheduleId: null, startedAt: ago(60_000), durationMs: 1000 };
    const batch: ProofBatch = {
      plays: Array.from({ length: 500 }, (_, i) => ({ ...play, startedAt: ago(60_000 + i) })),
      sessions: [],
    };
    const until = Date.now() + sized(3_000, 30_000);
    let sent = 0;
    const answers = new Map<string, number>();
    let closed = 0;
    // Each flooder reconnects whenever the hub closes it (it does, after a few batches).
    const flooders = Array.from({ length: 4 }, async (_, f) => {
      while (Date.now() < until) {
        const socket = kioskSocket(c.url);
        sockets.push(socket);
        if (!(await connected(socket))) {
          socket.disconnect();
          await new Promise((r) => setTimeout(r, 100));
          continue;
        }
        await hello(socket, `anon-${f}`).catch(() => undefined);
        while (Date.now() < until && socket.connected) {
          const acks = await Promise.all(
            Array.from({ length: 2 }, () =>
              proof(socket, batch).catch(() => ({ error: { code: "no-ack", message: "" } })),
            ),
          );
          for (const ack of acks) {
            const code = "ok" in ack ? "ok" : ack.error.code;
            answers.set(code, (answers.get(code) ?? 0) + 1);
          }
          sent += acks.length * 500;
        }
        if (!socket.connected) closed++;
        socket.disconnect();
      }
    });
    await Promise.all(flooders);
    console.log(
      `anonymous flood: ${sent} plays sent, answers ${JSON.stringify(Object.fromEntries(answers))}, ${closed} sockets closed by the hub`,
    );
    recordFigure({ area: AREA, figure: "anonymous proof flood: plays sent / stored", value: `${sent} / 0` });
    expect(answers.get("ok") ?? 0).toBe(0);
    expect(closed).toBeGreaterThan(0);
    expect(count("SELECT count(*) FROM proof_of_play")).toBe(0);
    expect(count("SELECT count(*) FROM kiosks")).toBe(1);
    await endOf("anonymous proof flood", c, health);
  }, 180_000);

  it("keeps the registry and the pairing list bounded under hellos with thousands of ids", async () => {
    const health = watchHealth(c.url);
    const ids = sized(2_000, 20_000);
    let refused = 0;
    let codes = 0;
    // New connections each with a new id and a new pairing secret, 16 at a time.
    for (let i = 0; i < ids; i += 16) {
      await Promise.all(
        Array.from({ length: 16 }, async (_, k) => {
          const socket = kioskSocket(c.url, { pairing: `flood-secret-${i + k}-0123456789abcdef` });
          if (!(await connected(socket))) {
            refused++;
            socket.disconnect();
            return;
          }
          const ack = await hello(socket, `fake-${i + k}`, `Kiosk ${i + k}`).catch(() => undefined);
          if (ack && "ok" in ack && ack.pairing) codes++;
          socket.disconnect();
        }),
      );
    }
    const kiosks = await fetch(`${c.url}/api/v1/kiosks`);
    const bytes = (await kiosks.arrayBuffer()).byteLength;
    const status = (await (await fetch(`${c.url}/healthz`)).json()) as { kiosk: { pairingsPending: number } };
    console.log(
      `${ids} hellos: ${codes} pairing codes issued, ${refused} handshakes refused; /api/v1/kiosks ${bytes} bytes; ${status.kiosk.pairingsPending} pairings pending`,
    );
    recordFigure({
      area: AREA,
      figure: `${ids} hellos with new ids: kiosks stored / pairings pending`,
      value: `${count("SELECT count(*) FROM kiosks")} / ${status.kiosk.pairingsPending}`,
      limit: "1 / 64",
    });
    expect(count("SELECT count(*) FROM kiosks")).toBe(1);
    expect(bytes).toBeLessThan(10_000);
    expect(status.kiosk.pairingsPending).toBeLessThanOrEqual(64);
    expect(codes).toBeLessThanOrEqual(64);
    await endOf("hellos with thousands of ids", c, health);
  }, 300_000);

  it("refuses every takeover of an enrolled id", async () => {
    const health = watchHealth(c.url);
    const attempts = sized(200, 2_000);
    const forged = () =>
      Buffer.from(Array.from({ length: 32 }, () => Math.floor(Math.random() * 256))).toString("base64url");
    let enrolledAnswers = 0;
    for (let i = 0; i < attempts; i += 10) {
      await Promise.all(
        Array.from({ length: 10 }, async (_, k) => {
          const auth: Record<string, string> =
            (i + k) % 2 === 0 ? { kioskId: "hall-1", token: forged() } : { kioskId: "hall-1" };
          const socket = kioskSocket(c.url, auth);
          if (await connected(socket)) {
            const ack = await hello(socket, "hall-1", "HACKED").catch(() => undefined);
            if (ack && "ok" in ack && ack.kiosk) enrolledAnswers++;
            const item = await proof(socket, { plays: [], sessions: [] }).catch(() => undefined);
            if (item && "ok" in item) enrolledAnswers++;
          }
          socket.disconnect();
        }),
      );
    }
    expect(enrolledAnswers).toBe(0);
    expect(
      db.prepare("SELECT name, token_hash IS NOT NULL AS enrolled FROM kiosks WHERE id = 'hall-1'").get(),
    ).toEqual({
      name: "Sảnh A",
      enrolled: 1,
    });
    // The real kiosk still is who it is.
    const real = kioskSocket(c.url, { kioskId: "hall-1", token });
    sockets.push(real);
    await connected(real);
    expect(await hello(real, "hall-1")).toMatchObject({
      ok: true,
      kiosk: { kioskId: "hall-1", name: "Sảnh A" },
    });
    real.disconnect();
    await endOf("takeover attempts", c, health);
  }, 180_000);

  it("refuses implausible plays from an enrolled kiosk, and bounds its play time by the clock", async () => {
    const health = watchHealth(c.url);
    const socket = kioskSocket(c.url, { kioskId: "hall-1", token });
    sockets.push(socket);
    await connected(socket);
    await hello(socket, "hall-1");
    const item = await itemOf(c.url);
    const base: ProofPlay = { itemId: item.id, scheduleId: null, startedAt: ago(120_000), durationMs: 1000 };
    const hostile: ProofPlay[] = [
      { ...base, durationMs: 86_400_000, startedAt: ago(90_000_000) },
      { ...base, startedAt: new Date(Date.now() + 3_600_000).toISOString() },
      { ...base, startedAt: "2001-01-01T00:00:00.000Z" },
      { ...base, itemId: "no-such-item" },
      { ...base, itemId: "emergency:anything" },
      { ...base, itemId: "emergency:flood", startedAt: ago(30_000) },
    ];
    const first = await proof(socket, { plays: hostile, sessions: [] });
    expect(first).toMatchObject({ ok: true, stored: 0 });
    const reasons = "ok" in first ? (first.refused ?? []).map((r) => r.reason) : [];
    expect(reasons).toHaveLength(hostile.length);
    // 500 plays of the item's full time stacked on one minute: the clock allows a few, not 500.
    const windowMs = 60_000;
    // Within the minutes since the controller started: its content was live then.
    const stacked = Array.from({ length: 500 }, (_, i) => ({
      ...base,
      startedAt: ago(150_000 - Math.floor((i * windowMs) / 500)),
      durationMs: item.durationS * 1000,
    }));
    let stored = 0;
    for (let i = 0; i < sized(3, 20); i++) {
      const ack = await proof(socket, { plays: stacked, sessions: [] });
      if ("ok" in ack) stored += ack.stored;
      else expect(ack.error.code).toBe("rate-limited");
    }
    const total = count(
      "SELECT coalesce(sum(duration_ms), 0) FROM proof_of_play WHERE device_id = 'hall-1' AND started_at >= ?",
      ago(11 * 60_000),
    );
    console.log(
      `stacked plays: ${stored} stored of 500 sent, ${total} ms of play in a ${windowMs + item.durationS * 1000} ms window`,
    );
    recordFigure({
      area: AREA,
      figure: "500 overlapping plays: stored",
      value: stored,
      limit: Math.ceil(windowMs / (item.durationS * 1000)) + 1,
    });
    expect(stored).toBeGreaterThan(0);
    expect(total).toBeLessThanOrEqual(windowMs + item.durationS * 1000 + 2_000 * stored);
    expect(count("SELECT count(*) FROM proof_of_play WHERE item_id NOT IN (SELECT id FROM items)")).toBe(0);
    expect(count("SELECT count(*) FROM proof_of_play WHERE duration_ms > 3700000")).toBe(0);
    socket.disconnect();
    await endOf("implausible plays", c, health);
  }, 180_000);

  it("rate-limits event floods and closes the socket that keeps on", async () => {
    const health = watchHealth(c.url);
    const socket = kioskSocket(c.url, { kioskId: "hall-1", token });
    await connected(socket);
    const closed = new Promise<string>((resolve) => socket.once("disconnect", resolve));
    const raw = socket as unknown as Socket;
    const events = sized(20_000, 200_000);
    for (let i = 0; i < events; i++) {
      raw.emit(i % 3 === 0 ? "hello" : i % 3 === 1 ? "proof" : "saveItem", { kioskId: "x", plays: [] });
      if (i % 1000 === 0) await new Promise((r) => setImmediate(r));
    }
    expect(await closed).toBe("io server disconnect");
    await endOf("event flood", c, health);
  }, 180_000);

  it("keeps kiosks connecting while the database is locked, then stores again", async () => {
    const health = watchHealth(c.url);
    const item = await itemOf(c.url);
    const locker = new Database(path.join(dataDir, "gatecast.sqlite"));
    locker.exec("BEGIN IMMEDIATE");
    const retryable = new Set<string>();
    const batch: ProofBatch = {
      plays: [{ itemId: item.id, scheduleId: null, startedAt: ago(30_000), durationMs: 1000 }],
      sessions: [],
    };
    try {
      const until = Date.now() + sized(4_000, 60_000);
      while (Date.now() < until) {
        const socket = kioskSocket(c.url, { kioskId: "hall-1", token });
        if (await connected(socket)) {
          expect(await hello(socket, "hall-1")).toMatchObject({ ok: true, kiosk: { kioskId: "hall-1" } });
          const ack = await proof(socket, batch);
          if (!("ok" in ack)) retryable.add(ack.error.code);
        }
        socket.disconnect();
      }
    } finally {
      locker.exec("ROLLBACK");
      locker.close();
    }
    expect([...retryable].every((code) => code === "internal" || code === "rate-limited")).toBe(true);
    // Released: the batch the kiosk kept is stored.
    const socket = kioskSocket(c.url, { kioskId: "hall-1", token });
    sockets.push(socket);
    await connected(socket);
    await hello(socket, "hall-1");
    let ack: ProofAck | undefined;
    // Until it is stored: a minute and a half before calling it stuck, however busy the machine.
    const until = Date.now() + 90_000;
    while (Date.now() < until) {
      ack = await proof(socket, batch);
      if ("ok" in ack) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(ack).toMatchObject({ ok: true, stored: 1 });
    socket.disconnect();
    await endOf("locked database", c, health);
  }, 180_000);
});

if (!CAN_MOUNT) console.warn(`adversarial kiosk (full disk): skipped, ${NOT_ROOT_REASON}`);

describe.skipIf(!CAN_MOUNT)("kiosks on a full disk", () => {
  it("keeps kiosks connecting on a full disk, keeps their records, and stores them when space returns", async () => {
    const disk = mountTmpfs(48);
    let c: ControllerChild | undefined;
    try {
      const dataDir = path.join(disk.dir, "data");
      const env = {
        GATE: "cau-treo",
        DATA_DIR: dataDir,
        HOST: "127.0.0.1",
        // A 1 MB floor: the disk really fills, so SQLite itself meets SQLITE_FULL.
        GATECAST_CONFIG_DIR: configDirWith(
          "cau-treo",
          "storage:\n  minFreeMB: 1\n  minFreePercent: 0\n  checkIntervalS: 1",
        ),
      };
      const token = enrolByCli(env, "hall-1");
      c = await startChild(env);
      const health = watchHealth(c.url);
      const item = await itemOf(c.url);
      fillDisk(path.join(disk.dir, "filler"), 0);
      const codes = new Set<string>();
      const batchAt = ago(30_000);
      const batch: ProofBatch = {
        plays: [{ itemId: item.id, scheduleId: null, startedAt: batchAt, durationMs: 1000 }],
        sessions: [],
      };
      const until = Date.now() + sized(4_000, 60_000);
      while (Date.now() < until) {
        const socket = kioskSocket(c.url, { kioskId: "hall-1", token });
        if (await connected(socket)) {
          expect(await hello(socket, "hall-1")).toMatchObject({ ok: true });
          const ack = await proof(socket, batch);
          codes.add("ok" in ack ? "ok" : ack.error.code);
        }
        socket.disconnect();
      }
      console.log(`full disk: proof answers ${[...codes].join(", ")}`);
      expect(codes.has("ok")).toBe(false);
      rmSync(path.join(disk.dir, "filler"));
      const socket = kioskSocket(c.url, { kioskId: "hall-1", token });
      await connected(socket);
      await hello(socket, "hall-1");
      let ack: ProofAck | undefined;
      // Until it is stored: a minute and a half before calling it stuck, however busy the machine.
      const deadline = Date.now() + 90_000;
      while (Date.now() < deadline) {
        ack = await proof(socket, batch);
        if ("ok" in ack) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      expect(ack).toMatchObject({ ok: true, stored: 1 });
      socket.disconnect();
      await endOf("full disk", c, health);
    } finally {
      if (c) await stopChild(c);
      disk.unmount();
    }
  }, 180_000);
});

// The long run's sizes are the short run's times ten; say which one ran.
if (LONG) console.log("adversarial kiosk: long run (SOAK_LONG=1)");
