/**
 * A thin link to the province, for real: the central runs in a network namespace the test creates,
 * behind a veth pair whose central side is rate-limited by tbf (4 Mbit/s; 1 Mbit/s under
 * SOAK_LONG=1). A video comes through whole at the link's pace; a link that goes dead mid-transfer
 * (no RST, the packets just stop) is given up after the idle timeout instead of TCP's quarter of an
 * hour, and the next poll fetches it whole. Needs root and iproute2; skipped otherwise.
 */
import { execFileSync, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GateSync } from "../../controller/src/central/gate-sync.js";
import { expectWithinSecond, LONG, recordFigure, sized, watchHealth } from "../helpers/adversarial.js";
import { writeDiskBundle, writeVideo } from "../helpers/central-bundles.js";
import { startTestController } from "../helpers/controller.js";
import { tempDir } from "../helpers/fixtures.js";
import { waitFor } from "../helpers/processes.js";
import { configDir, gateSite, newKey } from "../integration/central-helpers.js";

function canNetns(): boolean {
  if (process.getuid?.() !== 0) return false;
  try {
    execFileSync("ip", ["netns", "list"], { stdio: "ignore" });
    execFileSync("tc", ["-V"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

const ip = (...args: string[]) => execFileSync("ip", args, { stdio: "pipe" });

const n = process.pid % 250;
const NS = `gc-central-${process.pid}`;
const HOST_IF = `gct${process.pid % 100000}a`;
const NS_IF = `gct${process.pid % 100000}b`;
const GATE_ADDR = `10.213.${n}.1`;
const CENTRAL_ADDR = `10.213.${n}.2`;
const RATE_MBIT = LONG ? 1 : 4;

/** A plain central: the bundle list and the files of one bundle directory, served from disk. */
const SERVER = `
import http from "node:http";
import { createReadStream, readFileSync, statSync } from "node:fs";
import path from "node:path";
const [dir, host, port] = process.argv.slice(2);
const list = readFileSync(path.join(dir, "list.json"));
http.createServer((req, res) => {
  res.on("error", () => {});
  if (req.url === "/ready") return res.end("ok");
  if (req.url.startsWith("/api/v1/central/bundles?")) { res.setHeader("content-type", "application/json"); return res.end(list); }
  const m = /\\/files\\/([0-9a-f]{64})$/.exec(req.url);
  if (!m) { res.statusCode = 404; return res.end(); }
  const file = path.join(dir, "files", m[1]);
  try { res.setHeader("content-length", statSync(file).size); } catch { res.statusCode = 404; return res.end(); }
  createReadStream(file).pipe(res);
}).listen(Number(port), host);
`;

describe.skipIf(!canNetns())("a thin link to the central (network namespace, tbf)", () => {
  beforeAll(() => {
    ip("netns", "add", NS);
    ip("link", "add", HOST_IF, "type", "veth", "peer", "name", NS_IF);
    ip("link", "set", NS_IF, "netns", NS);
    ip("addr", "add", `${GATE_ADDR}/30`, "dev", HOST_IF);
    ip("link", "set", HOST_IF, "up");
    ip("-n", NS, "addr", "add", `${CENTRAL_ADDR}/30`, "dev", NS_IF);
    ip("-n", NS, "link", "set", NS_IF, "up");
    ip("-n", NS, "link", "set", "lo", "up");
    // What the central sends the gate goes at the link's rate.
    execFileSync("ip", [
      "netns",
      "exec",
      NS,
      "tc",
      "qdisc",
      "add",
      "dev",
      NS_IF,
      "root",
      "tbf",
      "rate",
      `${RATE_MBIT}mbit`,
      "burst",
      "32kb",
      "latency",
      "400ms",
    ]);
  });
  afterAll(() => {
    try {
      ip("link", "del", HOST_IF);
    } catch {
      // gone with the namespace
    }
    try {
      ip("netns", "del", NS);
    } catch {
      // never made
    }
  });

  it("brings a video through at the link's pace, and gives up on a dead link by the idle timeout", {
    timeout: 600_000,
  }, async () => {
    const key = newKey();
    const work = tempDir("gatecast-thin-");
    const size = sized(3, 20) * 1024 * 1024;
    const bundle = writeDiskBundle(
      path.join(work, "bundle"),
      key.signing,
      { programId: "film", version: 1 },
      [writeVideo(path.join(work, "film.mp4"), size)],
    );
    writeFileSync(
      path.join(bundle.dir, "list.json"),
      JSON.stringify({
        bundles: [
          {
            programId: "film",
            version: 1,
            manifest: bundle.manifestBytes.toString("base64"),
            sig: bundle.sig,
          },
        ],
      }),
    );
    const script = path.join(work, "central.mjs");
    writeFileSync(script, SERVER);
    const central = spawn(
      "ip",
      ["netns", "exec", NS, process.execPath, script, bundle.dir, CENTRAL_ADDR, "8080"],
      {
        stdio: "ignore",
      },
    );
    try {
      const url = `http://${CENTRAL_ADDR}:8080`;
      await waitFor(async () => ((await fetch(`${url}/ready`)).ok ? true : undefined), 20_000);
      const gate = await startTestController({
        gate: "cau-treo",
        env: { GATECAST_CONFIG_DIR: configDir({ "cau-treo": gateSite({ keys: [{ key }] }) }) },
      });
      const settings = gate.ctx.settings;
      const site = { ...settings.site, central: { ...settings.site.central, url } };
      const newSync = () =>
        new GateSync(
          { ...gate.ctx, settings: { ...settings, site } as typeof settings },
          { limits: { idleMs: 3000 } },
        );
      const health = watchHealth(gate.url);

      // The link dies a second into the download: no RST, no FIN, the packets just stop.
      const dead = newSync().syncNow();
      await new Promise((resolve) => setTimeout(resolve, 1000));
      ip("link", "set", HOST_IF, "down");
      const deadStarted = performance.now();
      const refused = await dead;
      const gaveUpS = (performance.now() - deadStarted) / 1000;
      expect(refused[0]).toMatchObject({ outcome: "refused", code: "truncated" });
      expect((refused[0] as { reason: string }).reason).toMatch(/no byte for 3 s/);
      ip("link", "set", HOST_IF, "up");
      await waitFor(async () => ((await fetch(`${url}/ready`)).ok ? true : undefined), 30_000);

      // Back: the whole video, at the link's pace.
      // A link just up may still lose the first poll's list (the gate polls again, as it would here).
      const started = performance.now();
      const sync = newSync();
      let outcomes = await sync.syncNow();
      for (let poll = 1; outcomes.length === 0 && poll < 3; poll++) outcomes = await sync.syncNow();
      const seconds = (performance.now() - started) / 1000;
      expect(outcomes[0], String(sync.status().lastError)).toMatchObject({
        outcome: "imported",
        programId: "film",
      });
      const mbits = (size * 8) / 1e6 / seconds;
      expect(mbits).toBeLessThan(RATE_MBIT * 1.3);
      const watched = await health.stop();
      expect(watched.failures).toEqual([]);
      expectWithinSecond(watched);
      recordFigure({
        area: "central",
        figure: `thin link ${RATE_MBIT} Mbit/s: ${size / 1024 / 1024} MB video, s`,
        value: Number(seconds.toFixed(1)),
      });
      recordFigure({
        area: "central",
        figure: "dead link given up after s (idle 3 s)",
        value: Number(gaveUpS.toFixed(1)),
      });
      console.log(
        `thin link: ${size / 1024 / 1024} MB in ${seconds.toFixed(1)} s (${mbits.toFixed(2)} Mbit/s on a ${RATE_MBIT} Mbit/s link); dead link given up after ${gaveUpS.toFixed(1)} s; /healthz max ${watched.maxMs.toFixed(0)} ms`,
      );
    } finally {
      central.kill("SIGTERM");
    }
  });
});
