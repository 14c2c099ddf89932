/**
 * Issue #7's scale figures: one central office serving 100 gates that poll every minute.
 *
 * The central runs as its own process (`gatecast serve`, role central, 100 gates with heartbeat
 * tokens, 20 programs published twice through the HTTP API, 9 of them with photos); this process
 * plays the gates and reads the central's CPU from /proc/<pid>/stat. Phases, about 2 minutes in all:
 * - first sync: the 100 gates at once from empty caches (the day a fleet is switched on);
 * - the real rate (each gate once a minute: ≈1.7 polls/s + 1.7 heartbeats/s), then the same
 *   schedule compressed 10× and 60× (as 1,000 and 6,000 gates would load it): CPU and latency;
 * - saturation, closed loop: the unchanged path (304) on 10 and 100 keep-alive connections, the
 *   cost of any answer (/healthz), heartbeats alone, and whole gate cycles on a fresh connection
 *   each (what gates really do), with and without the upload;
 * - after a publish: the 100 gates at once fetch the new list and the new files.
 * Each gate cycle is what GateSync and the central extension do: GET the list with If-None-Match,
 * the files it lacks, then POST the heartbeat, and POST /central/uploads (500 rows) when the central
 * has that route (another engineer's; skipped with a note when it answers 404).
 *
 * `GATECAST_BENCH_CPU_PROF=DIR` writes the central's V8 CPU profile to DIR (for hot spots).
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import http from "node:http";
import path from "node:path";
import Database from "better-sqlite3";
import { latestBundlesFor } from "../controller/src/store/central-office-repo.js";
import {
  closedLoop,
  cpuSeconds,
  gateAgent,
  measured,
  newTally,
  note,
  percentile,
  SimGate,
  scheduled,
  send,
  setClockTicks,
  type Tally,
  type Window,
} from "./central-load.js";
import {
  AdminClient,
  cleanup,
  fakeJpeg,
  fileSystemOf,
  GATE_COUNT,
  gateIds,
  PHOTOS_KB,
  PROGRAM_COUNT,
  programDoc,
  publishCatalogue,
  startCentral,
} from "./central-setup.js";
import { type BenchRow, time } from "./harness.js";

/** Whatever happens, the suite ends: past this the central is stopped and every request fails fast. */
const SUITE_BUDGET_MS = 240_000;
const REAL_WINDOW_S = 30;

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const pct = (w: Window) => (100 * w.centralCpuS) / w.wallS;
const mb = (bytes: number) => bytes / 1024 / 1024;

function log(message: string): void {
  process.stderr.write(`  central: ${message}\n`);
}

function errorsOf(t: Tally): string {
  return t.errorCount === 0 ? "" : ` (${t.errorCount} errors, first: ${t.errors[0]})`;
}

export default async function centralBench(): Promise<BenchRow[]> {
  if (process.platform !== "linux") throw new Error("reads /proc/<pid>/stat: Linux only");
  setClockTicks(Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()));
  const profDir = process.env.GATECAST_BENCH_CPU_PROF;
  const gateList = gateIds();
  let central: Awaited<ReturnType<typeof startCentral>>;
  try {
    central = await startCentral(
      gateList,
      profDir ? ["--cpu-prof", "--cpu-prof-dir", path.resolve(profDir)] : [],
    );
  } catch (error) {
    cleanup();
    throw error;
  }
  const watchdog = setTimeout(() => {
    log("over its time budget: stopping the central");
    void central.stop();
  }, SUITE_BUDGET_MS);
  watchdog.unref();
  const rows: BenchRow[] = [];
  const fileSystem = fileSystemOf(central.dataDir);
  log(`DATA_DIR on ${fileSystem}`);
  const notes: BenchRow[] = [
    {
      name: `note: central's DATA_DIR on ${fileSystem}; 2 cores shared with the load generator`,
      value: Number.NaN,
      unit: "",
    },
  ];
  try {
    const base = central.url;
    const pid = central.pid;
    const admin = new AdminClient(base);
    await admin.login();
    log("composing and publishing 20 programs × 2 versions");
    const catalogue = await publishCatalogue(admin, gateList);
    const sims = gateList.map((g) => new SimGate(g, base));

    // The upload route is another engineer's: take part only when the central has it.
    const probeAgent = gateAgent();
    const probe = await send(
      probeAgent,
      base,
      "POST",
      "/api/v1/central/uploads",
      { "content-type": "application/json" },
      Buffer.from("{}"),
    );
    probeAgent.destroy();
    const withUpload = probe.status !== 404;
    const perCycle = withUpload ? 3 : 2;
    const cycleLabel = withUpload ? "poll+heartbeat+upload" : "poll+heartbeat";
    if (!withUpload) {
      log("POST /api/v1/central/uploads answers 404: uploads left out of the load");
      notes.push({
        name: "note: POST /central/uploads answered 404 (not there yet): uploads left out of every cycle",
        value: Number.NaN,
        unit: "",
      });
    }

    log("idle baseline");
    await new Promise((r) => setTimeout(r, 1_000));
    const idle = await measured(pid, () => new Promise((r) => setTimeout(r, 5_000)));

    log("first sync: 100 gates at once, empty caches");
    const first = newTally();
    const fill = await measured(pid, () => Promise.all(sims.map((g) => g.cycle(first, withUpload))));
    const perGateMb = mb(first.fileBytes + first.listBytes) / GATE_COUNT;

    log(`real rate: each gate once a minute, ${REAL_WINDOW_S} s`);
    const real = newTally();
    const realRun = await measured(pid, () => scheduled(sims, 60, REAL_WINDOW_S, withUpload, real));
    log("compressed 10× (as 1,000 gates would poll), 15 s");
    const x10 = newTally();
    const x10Run = await measured(pid, () => scheduled(sims, 6, 15, withUpload, x10));
    log("compressed 60× (as 6,000 gates would poll), 10 s");
    const x60 = newTally();
    const x60Run = await measured(pid, () => scheduled(sims, 1, 10, withUpload, x60));

    // Closed loops. The unchanged path on kept-alive connections: the central's ceiling for a 304.
    const saturate = async (clients: number, seconds: number, health = false) => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
      const t = newTally();
      try {
        const run = await measured(pid, () =>
          closedLoop(clients, seconds, async (_c, n) => {
            const g = sims[n % sims.length] as SimGate;
            try {
              const res = health
                ? await send(agent, base, "GET", "/healthz")
                : await send(agent, base, "GET", `/api/v1/central/bundles?gate=${g.gate.id}`, {
                    "if-none-match": g.etag ?? "",
                  });
              t.polls.push(res.ms);
              if (res.status !== (health ? 200 : 304)) note(t, `${health ? "health" : "list"} ${res.status}`);
            } catch (error) {
              note(t, (error as Error).message);
            }
          }),
        );
        return { t, run };
      } finally {
        agent.destroy();
      }
    };
    log("saturation: 304 path, 10 keep-alive clients, 8 s");
    const sat10 = await saturate(10, 8);
    log("saturation: 304 path, 100 keep-alive clients, 8 s");
    const sat100 = await saturate(100, 8);
    // What any answer costs before the route's own work: HTTP, Express, helmet's headers.
    log("baseline: GET /healthz, 10 keep-alive clients, 5 s");
    const health = await saturate(10, 5, true);

    log("saturation: heartbeats alone, 10 keep-alive clients, 6 s");
    const hbAgent = new http.Agent({ keepAlive: true, maxSockets: 10 });
    const hbTally = newTally();
    const hbRun = await measured(pid, () =>
      closedLoop(10, 6, async (_c, n) => {
        try {
          await (sims[n % sims.length] as SimGate).heartbeat(hbAgent, hbTally);
        } catch (error) {
          note(hbTally, (error as Error).message);
        }
      }),
    );
    hbAgent.destroy();

    log(`saturation: whole gate cycles (${cycleLabel}), a fresh connection each, 50 clients, 8 s`);
    const cycTally = newTally();
    const cycRun = await measured(pid, () =>
      closedLoop(50, 8, (_c, n) => (sims[n % sims.length] as SimGate).cycle(cycTally, withUpload)),
    );
    const cyclesPerS = cycRun.result / cycRun.w.wallS;
    // Without uploads too: a gate with nothing new to report sends none.
    let lightPerS: number | undefined;
    const lightTally = newTally();
    if (withUpload) {
      log("saturation: poll+heartbeat cycles, a fresh connection each, 50 clients, 8 s");
      const light = await measured(pid, () =>
        closedLoop(50, 8, (_c, n) => (sims[n % sims.length] as SimGate).cycle(lightTally, false)),
      );
      lightPerS = light.result / light.w.wallS;
    }

    // The changed path: a new version of a program for every gate, with a new photo.
    log("publish a new version for every gate, then 100 gates at once");
    const photo = await admin.media(fakeJpeg(300), "new-photo.jpg");
    const existing = (await admin.send("GET", "/api/v1/central/programs/prog-01")) as {
      items: { mediaSha256?: string }[];
    };
    const kept = existing.items.flatMap((i) => (i.mediaSha256 ? [i.mediaSha256] : []));
    await admin.send("POST", "/api/v1/central/programs", programDoc(1, gateList, [...kept, photo], 3));
    const publishStarted = performance.now();
    const published = await admin.publish("prog-01");
    const publishMs = performance.now() - publishStarted;
    const herd = newTally();
    const herdRun = await measured(pid, () => Promise.all(sims.map((g) => g.cycle(herd, withUpload))));

    const fleet = (await admin.send("GET", "/api/v1/central/fleet")) as { stale: boolean }[];
    const fresh = fleet.filter((g) => !g.stale).length;

    // In-process: what the list route computes for every poll, 304 or not, on the central's own data.
    const db = new Database(path.join(central.dataDir, "gatecast.sqlite"), {
      readonly: true,
      fileMustExist: true,
    });
    let gi = 0;
    const queryT = time(() => latestBundlesFor(db, (gateList[gi++ % GATE_COUNT] ?? { id: "x" }).id), {
      warmup: 50,
      runs: 2000,
      maxMs: 3_000,
    });
    // The route's own lines (central-routes.ts GET /central/bundles) after the query.
    const listBundles = latestBundlesFor(db, gateList[0]?.id ?? "");
    const etagT = time(
      () => {
        const body = JSON.stringify({
          gate: "gate-001",
          bundles: listBundles.map((b) => ({
            programId: b.programId,
            version: b.version,
            manifest: b.manifestBytes.toString("base64"),
            sig: b.sig,
          })),
        });
        return createHash("sha256").update(body).digest("hex").slice(0, 32);
      },
      { warmup: 50, runs: 2000, maxMs: 2_000 },
    );
    const bundleRows = (db.prepare("SELECT count(*) AS n FROM central_bundles").get() as { n: number }).n;
    db.close();

    const cpuAtEnd = cpuSeconds(pid);
    log(`central used ${round(cpuAtEnd)} CPU-s in all`);

    // ----------------------------------------------------------------------------------- the rows
    const idleRate = idle.w.centralCpuS / idle.w.wallS;
    const realRate = (real.polls.length + real.heartbeats.length + real.uploads.length) / realRun.w.wallS;
    const capacityReqS = cyclesPerS * perCycle;
    const need = (gatesPerMin: number) => (gatesPerMin / 60) * perCycle;
    const photos = Object.values(PHOTOS_KB).flat();
    rows.push(
      ...notes,
      {
        name: `catalogue: ${PROGRAM_COUNT} programs × 2 versions, ${photos.length} photos (${round(mb(catalogue.mediaBytes))} MB), ${bundleRows} bundle rows; publish, median`,
        value: round(percentile(catalogue.publishMs, 50)),
        unit: "ms",
      },
      { name: "central CPU idle (timers only)", value: round(pct(idle.w), 2), unit: "%" },
      {
        name: `first sync, 100 gates at once from empty caches: wall${errorsOf(first)}`,
        value: round(fill.w.wallS, 2),
        unit: "s",
        limit: 60,
        limitLabel: "one poll interval (1 min)",
      },
      {
        name: `first sync: sent (${first.files} files + ${first.lists200} lists; ${round(perGateMb, 2)} MB per gate)`,
        value: round(mb(first.fileBytes + first.listBytes)),
        unit: "MB",
      },
      { name: "first sync: central CPU", value: round(fill.w.centralCpuS, 2), unit: "CPU-s" },
      {
        name: `real rate, 100 gates × 1/min (${cycleLabel}), ${REAL_WINDOW_S} s: requests${errorsOf(real)}`,
        value: round(realRate, 2),
        unit: "req/s",
      },
      {
        name: "real rate: central CPU (of one core)",
        value: round(pct(realRun.w), 2),
        unit: "%",
        limit: 100,
        limitLabel: "one core (requests run on one thread)",
      },
      {
        name: "real rate: central CPU per gate cycle (idle rate taken off)",
        value: round(
          (1000 * Math.max(0, realRun.w.centralCpuS - idleRate * realRun.w.wallS)) /
            Math.max(1, real.polls.length),
          2,
        ),
        unit: "ms",
      },
      {
        name: "real rate: poll (304, new connection), p50",
        value: round(percentile(real.polls, 50), 2),
        unit: "ms",
      },
      {
        name: "real rate: poll (304, new connection), p99",
        value: round(percentile(real.polls, 99), 2),
        unit: "ms",
      },
      {
        name: "real rate: heartbeat (one fsync'd write), p50",
        value: round(percentile(real.heartbeats, 50), 2),
        unit: "ms",
      },
      {
        name: "real rate: heartbeat, p99",
        value: round(percentile(real.heartbeats, 99), 2),
        unit: "ms",
      },
      ...(withUpload
        ? [
            {
              name: "real rate: upload of 500 rows, p50",
              value: round(percentile(real.uploads, 50), 2),
              unit: "ms",
            },
            {
              name: "real rate: upload of 500 rows, p99",
              value: round(percentile(real.uploads, 99), 2),
              unit: "ms",
            },
          ]
        : []),
      {
        name: `10× (as 1,000 gates/min), 15 s: central CPU${errorsOf(x10)}`,
        value: round(pct(x10Run.w), 1),
        unit: "%",
        limit: 100,
        limitLabel: "one core",
      },
      {
        name: `10×: cycles done of ${x10Run.result.planned} due`,
        value: x10Run.result.done,
        unit: "cycles",
      },
      { name: "10×: poll p99", value: round(percentile(x10.polls, 99), 2), unit: "ms" },
      {
        name: `60× (as 6,000 gates/min), 10 s: central CPU${errorsOf(x60)}`,
        value: round(pct(x60Run.w), 1),
        unit: "%",
        limit: 100,
        limitLabel: "one core",
      },
      {
        name: `60×: cycles done of ${x60Run.result.planned} due`,
        value: x60Run.result.done,
        unit: "cycles",
      },
      { name: "60×: poll p50", value: round(percentile(x60.polls, 50), 2), unit: "ms" },
      { name: "60×: poll p99", value: round(percentile(x60.polls, 99), 2), unit: "ms" },
      {
        name: `saturation, 304 path, 10 keep-alive clients${errorsOf(sat10.t)}`,
        value: round(sat10.run.result / sat10.run.w.wallS, 0),
        unit: "req/s",
      },
      {
        name: "saturation, 304 path, 10 clients: p50",
        value: round(percentile(sat10.t.polls, 50), 2),
        unit: "ms",
      },
      {
        name: "saturation, 304 path, 10 clients: central CPU per request",
        value: round((1e6 * sat10.run.w.centralCpuS) / Math.max(1, sat10.run.result), 0),
        unit: "µs",
      },
      {
        name: "  = 304s/s with one core to itself (1 ÷ CPU per request; req/s above depend on other jobs)",
        value: round(sat10.run.result / Math.max(1e-9, sat10.run.w.centralCpuS), 0),
        unit: "req/s",
      },
      {
        name: `baseline: GET /healthz (HTTP, Express, helmet, SELECT 1), 10 clients${errorsOf(health.t)}`,
        value: round(health.run.result / health.run.w.wallS, 0),
        unit: "req/s",
      },
      {
        name: "baseline: GET /healthz, central CPU per request",
        value: round((1e6 * health.run.w.centralCpuS) / Math.max(1, health.run.result), 0),
        unit: "µs",
      },
      {
        name: `saturation, 304 path, 100 keep-alive clients${errorsOf(sat100.t)}`,
        value: round(sat100.run.result / sat100.run.w.wallS, 0),
        unit: "req/s",
      },
      {
        name: "saturation, 304 path, 100 clients: p50",
        value: round(percentile(sat100.t.polls, 50), 2),
        unit: "ms",
      },
      {
        name: "saturation, 304 path, 100 clients: p99",
        value: round(percentile(sat100.t.polls, 99), 2),
        unit: "ms",
      },
      {
        name: "saturation, 304 path, 100 clients: central CPU",
        value: round(pct(sat100.run.w), 0),
        unit: "%",
      },
      {
        name: "saturation, 304 path, 100 clients: load generator CPU (this process)",
        value: round((100 * sat100.run.w.loadCpuS) / sat100.run.w.wallS, 0),
        unit: "%",
      },
      {
        name: `saturation, heartbeats alone, 10 keep-alive clients${errorsOf(hbTally)}`,
        value: round(hbRun.result / hbRun.w.wallS, 0),
        unit: "req/s",
      },
      {
        name: "saturation, heartbeats: central CPU per request",
        value: round((1e6 * hbRun.w.centralCpuS) / Math.max(1, hbRun.result), 0),
        unit: "µs",
      },
      {
        name: "saturation, heartbeats: central CPU (below 100 %: waits on fsync or on other jobs)",
        value: round(pct(hbRun.w), 0),
        unit: "%",
      },
      {
        name: "saturation, heartbeats: p99",
        value: round(percentile(hbTally.heartbeats, 99), 2),
        unit: "ms",
      },
      {
        name: `saturation, whole cycles (${cycleLabel}), new connection each, 50 clients${errorsOf(cycTally)}`,
        value: round(cyclesPerS, 0),
        unit: "cycles/s",
      },
      {
        name: "saturation, whole cycles: central CPU per cycle",
        value: round((1000 * cycRun.w.centralCpuS) / Math.max(1, cycRun.result), 2),
        unit: "ms",
      },
      {
        name: "saturation, whole cycles: central CPU (below 100 %: waits on fsync or on other jobs)",
        value: round(pct(cycRun.w), 0),
        unit: "%",
      },
      {
        name: "  = gates polling once a minute one central serves at that rate",
        value: round(cyclesPerS * 60, 0),
        unit: "gates",
      },
      ...(lightPerS === undefined
        ? []
        : [
            {
              name: `saturation, poll+heartbeat cycles (no upload), new connection each, 50 clients${errorsOf(lightTally)}`,
              value: round(lightPerS, 0),
              unit: "cycles/s",
            },
          ]),
      {
        name: "need at 100 gates/min (unchanged path)",
        value: round(need(100), 2),
        unit: "req/s",
        limit: round(capacityReqS, 0),
        limitLabel: `measured capacity: headroom ${round(capacityReqS / need(100), 0)}×`,
      },
      {
        name: "need at 1,000 gates/min",
        value: round(need(1000), 1),
        unit: "req/s",
        limit: round(capacityReqS, 0),
        limitLabel: `measured capacity: headroom ${round(capacityReqS / need(1000), 0)}×`,
      },
      {
        name: "need at 10,000 gates/min",
        value: round(need(10_000), 0),
        unit: "req/s",
        limit: round(capacityReqS, 0),
        limitLabel: `measured capacity: headroom ${round(capacityReqS / need(10_000), 1)}×`,
      },
      {
        name: `publish v${published.version} for every gate (+300 KB photo): sign + write`,
        value: round(publishMs, 1),
        unit: "ms",
      },
      {
        name: `after it, 100 gates at once (list + ${round(herd.files / GATE_COUNT, 1)} new files each): wall${errorsOf(herd)}`,
        value: round(herdRun.w.wallS, 2),
        unit: "s",
        limit: 60,
        limitLabel: "one poll interval (1 min)",
      },
      {
        name: `after it: sent (${round(mb(herd.fileBytes + herd.listBytes) / GATE_COUNT, 3)} MB per gate)`,
        value: round(mb(herd.fileBytes + herd.listBytes), 1),
        unit: "MB",
      },
      { name: "after it: central CPU", value: round(herdRun.w.centralCpuS, 2), unit: "CPU-s" },
      {
        name: "after it: list (200, all manifests) p99",
        value: round(percentile(herd.polls, 99), 1),
        unit: "ms",
      },
      {
        name: `in-process: latestBundlesFor (${bundleRows} bundle rows), median`,
        value: round(queryT.median * 1000, 0),
        unit: "µs",
      },
      {
        name: `in-process: list body + sha256 ETag (${listBundles.length} bundles), median`,
        value: round(etagT.median * 1000, 0),
        unit: "µs",
      },
      ...(withUpload
        ? [
            {
              name: `uploads over the run: rows stored (${[real, x10, x60, cycTally, herd, first].reduce((n, t) => n + t.duplicates, 0)} duplicates)`,
              value: [real, x10, x60, cycTally, herd, first].reduce((n, t) => n + t.stored, 0),
              unit: "rows",
            },
          ]
        : []),
      {
        name: "fleet: gates with a fresh heartbeat",
        value: fresh,
        unit: "gates",
      },
    );
    return rows;
  } catch (error) {
    throw new Error(`${(error as Error).message}; central output: ${central.output().trim().slice(-600)}`);
  } finally {
    clearTimeout(watchdog);
    await central.stop();
    cleanup();
  }
}
