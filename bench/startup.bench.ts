/**
 * Bench: how fast the controller starts and how much memory it holds, compiled (dist/, what `npm start`
 * and the gate PC's service run) against the TypeScript sources through tsx (what tests and development
 * run). Every figure is of a real `node bin/gatecast.js …` child on the default gate (cau-treo, its
 * default content pack, its virtual sign).
 * - serve → first /healthz 200: from spawn until /healthz answers 200, on a data folder that already
 *   holds the imported pack (a restart, as systemd does it; the first start is the warm-up run).
 * - `gatecast config check`: wall time of the whole command, as an operator waits for it.
 * - RSS of the serving process (VmRSS of the node process, started with the unit's node flags; tsx's
 *   esbuild service is a process of its own, not counted): idle 5 s after the first 200, then with 20
 *   kiosk sockets (namespace /kiosk, each said hello and got its state).
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { io, type Socket } from "socket.io-client";
import { ROOT_DIR } from "../controller/src/config/settings.js";
import { KIOSK_NAMESPACE } from "../controller/src/contract/kiosk.js";
import { type BenchRow, summarize } from "./harness.js";

const GATECAST = path.join(ROOT_DIR, "bin", "gatecast.js");
/** How the gate PC's unit (gatecast.service) and `npm start` run `serve`: young generation capped. */
const SERVE_NODE_FLAGS = ["--max-semi-space-size=2"];
const RUNS = 3;
const KIOSKS = 20;
const IDLE_SETTLE_MS = 5_000;
const SOCKETS_SETTLE_MS = 3_000;

type Runtime = "dist" | "tsx";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject()));
    });
  });
}

function rssMb(pid: number | undefined): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

function env(runtime: Runtime, dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GATECAST_RUNTIME: runtime,
    GATE: "cau-treo",
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    LOG_LEVEL: "warn",
    ...extra,
  };
}

interface Served {
  child: ChildProcess;
  url: string;
  /** Spawn to the first /healthz 200, ms. */
  readyMs: number;
  stop(): Promise<void>;
}

async function serve(runtime: Runtime, dataDir: string): Promise<Served> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const start = performance.now();
  const child = spawn(process.execPath, [...SERVE_NODE_FLAGS, GATECAST, "serve"], {
    cwd: ROOT_DIR,
    env: env(runtime, dataDir, { PORT: String(port) }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const keep = (d: Buffer) => {
    out = (out + d.toString()).slice(-4000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  };
  const until = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`gatecast serve (${runtime}) exited: ${out.trim()}`);
    try {
      if ((await fetch(`${url}/healthz`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) {
      await stop();
      throw new Error(`gatecast serve (${runtime}) did not answer within 60 s: ${out.trim()}`);
    }
    await sleep(10);
  }
  return { child, url, readyMs: performance.now() - start, stop };
}

/** 20 kiosks that said hello and received their state; resolves when all have. */
async function connectKiosks(url: string): Promise<Socket[]> {
  const sockets: Socket[] = [];
  await Promise.all(
    Array.from({ length: KIOSKS }, (_, i) => {
      // Spread over loopback addresses as kiosks are over a gate's LAN (the controller caps socket.io
      // clients at 16 an address).
      const socket = io(`${url}${KIOSK_NAMESPACE}`, {
        transports: ["websocket"],
        reconnection: false,
        localAddress: `127.0.${1 + Math.floor(i / 4)}.1`,
      } as Parameters<typeof io>[1]);
      sockets.push(socket);
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`kiosk ${i} got no state within 15 s`)), 15_000);
        socket.once("state", () => {
          clearTimeout(timer);
          resolve();
        });
        socket.once("connect_error", (error) => reject(error));
        socket.once("connect", () =>
          socket.emit("hello", { kioskId: `bench-${i}`, name: `Bench ${i}`, channel: "hall" }, () => {}),
        );
      });
    }),
  );
  return sockets;
}

function configCheckMs(runtime: Runtime, dataDir: string): number {
  const start = performance.now();
  const result = spawnSync(process.execPath, [GATECAST, "config", "check"], {
    cwd: ROOT_DIR,
    env: env(runtime, dataDir),
    encoding: "utf8",
  });
  const ms = performance.now() - start;
  if (result.status !== 0) {
    throw new Error(`gatecast config check (${runtime}) failed: ${result.stdout}${result.stderr}`);
  }
  return ms;
}

interface Figures {
  readyMs: number;
  configCheckMs: number;
  idleMb: number;
  kiosksMb: number;
}

async function measure(runtime: Runtime): Promise<Figures> {
  const dataDir = mkdtempSync(path.join(tmpdir(), `gatecast-bench-startup-${runtime}-`));
  try {
    // Warm-up: the first start imports the default pack and warms the page cache (and tsx's cache).
    await (await serve(runtime, dataDir)).stop();
    const ready: number[] = [];
    let last: Served | undefined;
    for (let i = 0; i < RUNS; i++) {
      await last?.stop();
      last = await serve(runtime, dataDir);
      ready.push(last.readyMs);
    }
    if (!last) throw new Error("no run");
    let idleMb: number;
    let kiosksMb: number;
    try {
      await sleep(IDLE_SETTLE_MS);
      idleMb = rssMb(last.child.pid);
      const sockets = await connectKiosks(last.url);
      await sleep(SOCKETS_SETTLE_MS);
      kiosksMb = rssMb(last.child.pid);
      for (const socket of sockets) socket.disconnect();
    } finally {
      await last.stop();
    }
    const checks = Array.from({ length: RUNS }, () => configCheckMs(runtime, dataDir));
    return {
      readyMs: summarize(ready).median,
      configCheckMs: summarize(checks).median,
      idleMb,
      kiosksMb,
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Compiles dist/ when stale, as `npm start` does; false when the build failed. */
function buildDist(): boolean {
  const result = spawnSync(
    process.execPath,
    [
      "--input-type=module",
      "-e",
      'const m = await import("./scripts/build-controller.mjs"); process.exit(m.buildControllerIfStale() ? 0 : 1);',
    ],
    { cwd: ROOT_DIR, stdio: ["ignore", "ignore", "inherit"] },
  );
  return result.status === 0;
}

const round = (n: number) => Math.round(n);
const round1 = (n: number) => Math.round(n * 10) / 10;

function rows(label: string, f: Figures, limits: boolean): BenchRow[] {
  const limit = (value: number, text: string) => (limits ? { limit: value, limitLabel: text } : {});
  return [
    {
      name: `serve → first /healthz 200, ${label} (median of ${RUNS})`,
      value: round(f.readyMs),
      unit: "ms",
      ...limit(1500, "aim ≤ 1.5 s"),
    },
    {
      name: `gatecast config check, ${label} (median of ${RUNS})`,
      value: round(f.configCheckMs),
      unit: "ms",
      ...limit(1000, "aim ≤ 1 s"),
    },
    {
      name: `serving RSS idle, ${label}`,
      value: round1(f.idleMb),
      unit: "MB",
      ...limit(120, "aim ≤ 120 MB"),
    },
    { name: `serving RSS, ${KIOSKS} kiosk sockets, ${label}`, value: round1(f.kiosksMb), unit: "MB" },
  ];
}

export default async function startup(): Promise<BenchRow[]> {
  const out: BenchRow[] = [];
  if (buildDist()) out.push(...rows("compiled (dist/)", await measure("dist"), true));
  else out.push({ name: "compiled (dist/): the build failed", value: Number.NaN, unit: "" });
  out.push(...rows("tsx (sources)", await measure("tsx"), false));
  return out;
}
