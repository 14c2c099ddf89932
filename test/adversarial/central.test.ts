/**
 * A hostile central (or a man in the middle) against a real gate controller: gigabyte bodies for a
 * file signed at 765 bytes, a 50,000-entry list, a list of unsigned bundles, garbage JSON, a 1 byte/s
 * drip, a connection cut mid-body. The gate stays up, /healthz answers within 1 s throughout, its RSS
 * stays bounded, each distinct refusal is one row (counted when repeated), and once the central is
 * honest again the real bundle imports. A second part measures the event loop in the sync path.
 */
import { createReadStream } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import { hashPassword } from "../../controller/src/auth/password.js";
import { GateSync } from "../../controller/src/central/gate-sync.js";
import { SYSTEM } from "../../controller/src/store/audit-repo.js";
import { openDatabase } from "../../controller/src/store/database.js";
import { createUser } from "../../controller/src/store/users-repo.js";
import {
  expectWithinSecond,
  LONG,
  memoryMb,
  recordFigure,
  sized,
  watchHealth,
} from "../helpers/adversarial.js";
import { type DiskBundle, writeDiskBundle, writeVideo } from "../helpers/central-bundles.js";
import { startTestController } from "../helpers/controller.js";
import { tempDir, testPack, writeTree } from "../helpers/fixtures.js";
import { freePort, gatecast, waitFor } from "../helpers/processes.js";
import { ConsoleClient, PASSWORD } from "../integration/auth-helpers.js";
import { configDir, gateSite, newKey, signedLao } from "../integration/central-helpers.js";

type Mode =
  | { kind: "oversized"; total: number }
  | { kind: "list"; body: string }
  | { kind: "drip" }
  | { kind: "cut" }
  | { kind: "honest" };

interface Served {
  manifestBytes: Buffer;
  sig: string;
  programId: string;
  version: number;
  /** sha256 → bytes in memory or a file on disk. */
  file(sha: string): Buffer | string | undefined;
}

/** A central that lies in every way the test asks; counts the bytes it sent for files. */
async function hostileCentral() {
  let mode: Mode = { kind: "honest" };
  let served: Served[] = [];
  let fileBytesSent = 0;
  const server = http.createServer(async (req, res) => {
    res.on("error", () => undefined);
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/api/v1/central/bundles") {
      res.setHeader("content-type", "application/json");
      if (mode.kind === "list") {
        res.end(mode.body);
        return;
      }
      res.end(
        JSON.stringify({
          bundles: served.map((b) => ({
            programId: b.programId,
            version: b.version,
            manifest: b.manifestBytes.toString("base64"),
            sig: b.sig,
          })),
        }),
      );
      return;
    }
    const m = /\/files\/([0-9a-f]{64})$/.exec(url.pathname);
    const bytes = m && served.map((b) => b.file(m[1] as string)).find((f) => f !== undefined);
    if (!bytes) {
      res.statusCode = 404;
      res.end();
      return;
    }
    const write = async (chunk: Buffer) => {
      fileBytesSent += chunk.length;
      if (!res.write(chunk)) {
        await new Promise((resolve) => {
          res.once("drain", resolve);
          res.once("close", resolve);
        });
      }
    };
    if (mode.kind === "oversized") {
      // Gigabytes from a generator: one 64 KB buffer sent again and again, never allocated whole.
      res.writeHead(200, { "content-type": "application/octet-stream" });
      const chunk = Buffer.alloc(64 * 1024, 0x41);
      for (let sent = 0; sent < mode.total && !res.destroyed; sent += chunk.length) await write(chunk);
      res.end();
      return;
    }
    const whole = typeof bytes === "string" ? undefined : bytes;
    if (mode.kind === "drip" && whole) {
      res.writeHead(200, { "content-length": String(whole.length) });
      for (let i = 0; i < whole.length && !res.destroyed; i++) {
        await write(whole.subarray(i, i + 1));
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
      res.end();
      return;
    }
    if (mode.kind === "cut" && whole) {
      res.writeHead(200, { "content-length": String(whole.length) });
      await write(whole.subarray(0, Math.floor(whole.length / 2)));
      res.destroy();
      return;
    }
    if (typeof bytes === "string") {
      res.writeHead(200, { "content-type": "application/octet-stream" });
      createReadStream(bytes).pipe(res);
      return;
    }
    res.end(bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    set(next: Mode, bundles?: Served[]) {
      mode = next;
      if (bundles) served = bundles;
    },
    get fileBytesSent() {
      return fileBytesSent;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function servedOf(b: ReturnType<typeof signedLao>): Served {
  return {
    manifestBytes: b.manifestBytes,
    sig: b.sig,
    programId: b.manifest.programId,
    version: b.manifest.version,
    file: (sha) => b.files.get(sha),
  };
}

function servedDisk(b: DiskBundle): Served {
  return {
    manifestBytes: b.manifestBytes,
    sig: b.sig,
    programId: b.manifest.programId,
    version: b.manifest.version,
    file: (sha) => b.files.get(sha),
  };
}

/** A list of `n` entries whose manifests are signed by nobody the gate trusts (or not JSON at all). */
function unsignedList(n: number, prefix: string, pad = 0): string {
  const bundles = Array.from({ length: n }, (_, i) => ({
    programId: `${prefix}-${i}`,
    version: 1,
    manifest: Buffer.from(
      i % 2
        ? JSON.stringify({
            programId: `${prefix}-${i}`,
            version: 1,
            keyId: "0123456789abcdef",
            pad: "x".repeat(pad),
          })
        : "not json",
    ).toString("base64"),
    sig: "AAAA",
  }));
  return JSON.stringify({ bundles });
}

const HOSTILE_SITE_EXTRA = "  downloadIdleTimeoutS: 2\n  downloadGraceS: 4\n  downloadMinBytesPerS: 1024\n";

describe("a hostile central against a real gate controller", () => {
  it("cannot stop, fill or stall the gate, and the honest bundle imports after", {
    timeout: 300_000,
  }, async () => {
    const key = newKey();
    const central = await hostileCentral();
    const dataDir = tempDir();
    const site = gateSite({ url: central.url, keys: [{ key }] }).replace(
      "  pollIntervalS: 3600\n",
      `  pollIntervalS: 3600\n${HOSTILE_SITE_EXTRA}`,
    );
    const db0 = openDatabase(dataDir);
    createUser(db0, SYSTEM, "minh", "operator", await hashPassword(PASSWORD));
    db0.close();
    const port = await freePort();
    const gate = gatecast(["serve"], {
      GATE: "cau-treo",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      LOG_LEVEL: "warn",
      GATECAST_CONTENT_DIR: writeTree(testPack("cau-treo")),
      GATECAST_CONFIG_DIR: configDir({ "cau-treo": site }),
    });
    const base = `http://127.0.0.1:${port}`;
    try {
      await waitFor(async () => ((await fetch(`${base}/healthz`)).ok ? true : undefined), 60_000);
      // The hostile answers are made before the watch starts: the watch runs in this process, and
      // building 50,000 entries here must not be counted as the gate's delay.
      const hugeList = unsignedList(50_000, "junk");
      const forged = JSON.parse(unsignedList(1000, "forged"));
      forged.bundles.push({ programId: 42 }, "junk", null);
      forged.bundles.splice(997, 3);
      const forgedList = JSON.stringify(forged);
      const health = watchHealth(base);
      const op = await new ConsoleClient(base).loginOk("minh");
      const db = openDatabase(dataDir);
      const rows = () => ({
        log: (db.prepare("SELECT count(*) AS n FROM central_sync_log").get() as { n: number }).n,
        audit: (
          db.prepare("SELECT count(*) AS n FROM audit WHERE entity = 'central-bundle'").get() as { n: number }
        ).n,
      });
      const sync = async () => {
        const answer = await op.post("/api/v1/sync", {});
        expect(answer.status).toBe(200);
        return answer.body as {
          status: { lastError: string | null; lastWarning: string | null; recent: Record<string, unknown>[] };
        };
      };
      const polls = sized(2, 6);
      const lao = signedLao(key, { version: 1 });
      const contentSize = lao.manifest.files[0]?.size as number;

      // 1. Gigabytes for a file signed at a few hundred bytes: cut off at once, every poll.
      const total = sized(3, 8) * 1024 * 1024 * 1024;
      central.set({ kind: "oversized", total }, [servedOf(lao)]);
      for (let i = 0; i < polls; i++) {
        const { status } = await sync();
        expect(status.recent[0]).toMatchObject({ code: "tampered", programId: "lao-2027", count: i + 1 });
      }
      expect(rows()).toEqual({ log: 1, audit: 1 });
      // What the server managed to push before the gate hung up (socket buffers), not gigabytes.
      const sentMb = central.fileBytesSent / 1024 / 1024;
      recordFigure({
        area: "central",
        figure: `oversized file: MB sent in ${polls} polls of ${total / 2 ** 30} GB`,
        value: Math.round(sentMb),
      });
      expect(sentMb).toBeLessThan(64 * polls);

      // 2. A 50,000-entry list: refused whole, one line, no rows.
      central.set({ kind: "list", body: hugeList });
      let status = (await sync()).status;
      expect(status.lastError).toMatch(/50000 entries, more than 1000/);
      expect(rows()).toEqual({ log: 1, audit: 1 });

      // 3. The largest list the gate reads, all unsigned (half not even JSON), twice: a bounded number
      //    of new rows (20 and one summary), none at the second poll; malformed entries one line.
      central.set({ kind: "list", body: forgedList });
      for (let i = 0; i < polls; i++) {
        status = (await sync()).status;
        expect(status.lastError).toBeNull();
        expect(status.lastWarning).toMatch(/3 malformed entries in the bundle list ignored/);
      }
      expect(rows().log).toBeLessThanOrEqual(1 + 21);
      expect(rows().audit).toBeLessThanOrEqual(1 + 21);
      const afterForged = rows();

      // 4. Garbage instead of JSON.
      central.set({ kind: "list", body: '{"bundles": [ {"programId": "lao-2027", ' });
      status = (await sync()).status;
      expect(status.lastError).toMatch(/not JSON/);

      // 5. A drip of one byte a second: cut by the deadline (4 s + size / 1 KB/s), a refusal to retry.
      central.set({ kind: "drip" }, [servedOf(lao)]);
      const dripStarted = performance.now();
      status = (await sync()).status;
      const dripS = (performance.now() - dripStarted) / 1000;
      expect(status.recent[0]).toMatchObject({ code: "truncated", programId: "lao-2027" });
      expect(dripS).toBeLessThan(4 + contentSize / 1024 + 30);

      // 6. A connection cut mid-body: the same refusal, counted on the same row.
      central.set({ kind: "cut" });
      status = (await sync()).status;
      expect(status.recent[0]).toMatchObject({ code: "truncated", programId: "lao-2027", count: 2 });
      expect(rows()).toEqual({ log: afterForged.log + 1, audit: afterForged.audit + 1 });

      // Nothing of all that reached the content, the media store or stayed in the cache's tmp.
      expect(db.prepare("SELECT count(*) AS n FROM items WHERE id LIKE 'p-%'").get()).toEqual({ n: 0 });
      expect(db.prepare("SELECT count(*) AS n FROM central_held").get()).toEqual({ n: 0 });

      // 7. Honest again: the real bundle imports.
      central.set({ kind: "honest" }, [servedOf(lao)]);
      status = (await sync()).status;
      expect(status.recent[0]).toMatchObject({ outcome: "imported", programId: "lao-2027", version: 1 });
      expect(db.prepare("SELECT version FROM central_held").get()).toEqual({ version: 1 });

      const watched = await health.stop();
      const memory = memoryMb(gate.child.pid);
      recordFigure({
        area: "central",
        figure: "hostile central: slowest /healthz ms",
        value: Math.round(watched.maxMs),
        limit: 1000,
      });
      recordFigure({
        area: "central",
        figure: "hostile central: gate peak RSS MB",
        value: Math.round(memory.peak),
        limit: 400,
      });
      console.log(
        `hostile central: /healthz max ${watched.maxMs.toFixed(0)} ms over ${watched.samples} samples; gate RSS ${memory.rss.toFixed(0)} MB, peak ${memory.peak.toFixed(0)} MB; ${sentMb.toFixed(1)} MB of the oversized bodies sent; drip cut after ${dripS.toFixed(1)} s`,
      );
      expect(watched.failures).toEqual([]);
      expectWithinSecond(watched);
      expect(memory.peak).toBeLessThan(400);
      expect(gate.child.exitCode).toBeNull();
      db.close();
    } finally {
      gate.child.kill("SIGTERM");
      await gate.exited;
      await central.close();
    }
  });
});

describe("the sync path and the event loop", () => {
  /**
   * The largest list the gate reads (1,000 unsigned entries), then a big video streamed, hashed,
   * linked and imported, with the event loop's delay measured. On a shared 2-core machine the OS may
   * deschedule the process at any time: a stall counts only for the CPU time the process had in it,
   * and each is tried up to three times (code that blocks the loop for 100 ms does so on every try).
   */
  it("never blocks it for 100 ms: the largest list, then a big video", { timeout: 300_000 }, async () => {
    const key = newKey();
    const central = await hostileCentral();
    const work = tempDir("gatecast-big-");
    try {
      const gate = await startTestController({
        gate: "cau-treo",
        env: { GATECAST_CONFIG_DIR: configDir({ "cau-treo": gateSite({ keys: [{ key }] }) }) },
      });
      const settings = gate.ctx.settings;
      const site = { ...settings.site, central: { ...settings.site.central, url: central.url } };
      const newSync = () => new GateSync({ ...gate.ctx, settings: { ...settings, site } as typeof settings });
      const size = sized(150, 500) * 1024 * 1024;
      const delay = monitorEventLoopDelay({ resolution: 10 });
      /**
       * The longest the loop did not turn (monitorEventLoopDelay's max), and the same counting only
       * time this process spent on a CPU meanwhile: a gap in which it was descheduled by a busy
       * machine is not a gap our code made. The second is what must stay under 100 ms.
       */
      const measure = async (work: () => Promise<void>): Promise<{ raw: number; onCpu: number }> => {
        delay.reset();
        delay.enable();
        let onCpu = 0;
        let lastAt = performance.now();
        let lastCpu = process.cpuUsage();
        const sampler = setInterval(() => {
          const now = performance.now();
          const cpu = process.cpuUsage(lastCpu);
          onCpu = Math.max(onCpu, Math.min(now - lastAt, (cpu.user + cpu.system) / 1000));
          lastAt = now;
          lastCpu = process.cpuUsage();
        }, 5);
        try {
          await work();
        } finally {
          clearInterval(sampler);
          delay.disable();
        }
        return { raw: delay.max / 1e6, onCpu };
      };
      const tries = {
        list: [] as { raw: number; onCpu: number }[],
        file: [] as { raw: number; onCpu: number }[],
      };
      for (let attempt = 1; attempt <= 3; attempt++) {
        // 1,000 entries, 7.4 MB: just under the list's cap, every manifest signed by nobody.
        central.set({ kind: "list", body: unsignedList(1000, `forged${attempt}`, 11_000) });
        tries.list.push(await measure(async () => void (await newSync().syncNow())));
        const video = writeVideo(path.join(work, `film-${attempt}.mp4`), size);
        const bundle = writeDiskBundle(
          path.join(work, `bundle-${attempt}`),
          key.signing,
          { programId: `film-${attempt}`, version: 1 },
          [video],
        );
        central.set({ kind: "honest" }, [servedDisk(bundle)]);
        let outcomes: Awaited<ReturnType<GateSync["syncNow"]>> = [];
        tries.file.push(
          await measure(async () => {
            outcomes = await newSync().syncNow();
          }),
        );
        expect(outcomes.find((o) => o.outcome === "imported")).toMatchObject({
          programId: `film-${attempt}`,
        });
        if (Math.max(tries.list.at(-1)?.raw ?? 0, tries.file.at(-1)?.raw ?? 0) < 100) break;
      }
      const listMaxMs = Math.min(...tries.list.map((t) => t.onCpu));
      const fileMaxMs = Math.min(...tries.file.map((t) => t.onCpu));
      const show = (ts: { raw: number; onCpu: number }[]) =>
        ts.map((t) => `${t.raw.toFixed(0)}/${t.onCpu.toFixed(0)}`).join(", ");
      recordFigure({
        area: "central",
        figure: "event loop max ms, 1,000 unsigned entries (7.4 MB)",
        value: Math.round(listMaxMs),
        limit: 100,
      });
      recordFigure({
        area: "central",
        figure: `event loop max ms, ${size / 1024 / 1024} MB video download`,
        value: Math.round(fileMaxMs),
        limit: 100,
      });
      console.log(
        `event loop: max ${listMaxMs.toFixed(1)} ms for a 1,000-entry, 7.4 MB unsigned list; max ${fileMaxMs.toFixed(1)} ms for a ${size / 1024 / 1024} MB video (tries, loop delay/on CPU ms: list ${show(tries.list)}; video ${show(tries.file)})${LONG ? " [long]" : ""}`,
      );
      // A timing bound: judged by the soak (SOAK_LONG=1), recorded only in `npm test` (see expectWithinSecond).
      if (LONG) {
        expect(listMaxMs).toBeLessThan(100);
        expect(fileMaxMs).toBeLessThan(100);
      }
    } finally {
      await central.close();
    }
  });
});
