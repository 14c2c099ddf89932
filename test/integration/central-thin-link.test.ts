/**
 * A big program over a thin link that keeps dropping: a central office (in this process) publishes a
 * 300 MB video program; a gate (`gatecast serve`, its own process) pulls it through a throttling
 * TCP proxy written here, which paces the central's bytes and cuts every connection on demand. Two
 * link cuts and a kill -9 of the gate mid-file: the gate resumes each time from what it kept (the
 * proxy counts what crossed, so bytes fetched twice are measured), ends with the exact bytes, and
 * plays the program on its day. The central's fleet shows the download's progress on the way.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import {
  closeSync,
  createReadStream,
  openSync,
  readFileSync,
  statSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import net from "node:net";
import path from "node:path";
import { Readable } from "node:stream";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { GateSync } from "../../controller/src/central/gate-sync.js";
import { writeSigningKey } from "../../controller/src/central/keys.js";
import { CONFIRM_EVERY_BYTES, hashFile } from "../../controller/src/central/receive.js";
import { ROOT_DIR } from "../../controller/src/config/settings.js";
import { mediaPath } from "../../controller/src/media/media-store.js";
import { startTestController } from "../helpers/controller.js";
import { tempDir, testPack, writeTree } from "../helpers/fixtures.js";
import { freePort, waitFor } from "../helpers/processes.js";
import { ConsoleClient, seedUsers, sharedHash } from "./auth-helpers.js";
import { CENTRAL_SITE, configDir, gateSite } from "./central-helpers.js";

const MB = 1024 * 1024;
const SIZE = 300 * MB;
/** The link's rate in this test: fast enough for a busy 2-core machine, slow enough to cut mid-file. */
const RATE = 16 * MB;
const TOKEN = "cau-treo-heartbeat-token-thin-link";
const TOKEN_SHA = createHash("sha256").update(TOKEN, "utf8").digest("hex");
const ON_THE_DAY = "/api/v1/now?at=2027-04-13T10:00:00%2B07:00";

beforeAll(async () => {
  await sharedHash();
});
const children: ChildProcess[] = [];
afterEach(() => {
  vi.unstubAllEnvs();
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
});

/**
 * A real H.264/AAC MP4 of a few seconds (ffmpeg's test pattern), grown to `size` bytes with a
 * trailing `free` box of random bytes: a valid MP4 that probes as the short video it is.
 */
function bigVideo(dir: string, size: number): { file: string; sha256: string } {
  const small = path.join(dir, "small.mp4");
  execFileSync("ffmpeg", [
    ...["-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc=size=160x120:rate=10"],
    ...["-f", "lavfi", "-i", "sine=frequency=440", "-t", "3", "-c:v", "libx264", "-pix_fmt", "yuv420p"],
    ...["-c:a", "aac", "-movflags", "+faststart", small],
  ]);
  const head = readFileSync(small);
  const file = path.join(dir, "film.mp4");
  const fd = openSync(file, "wx");
  const hash = createHash("sha256");
  const write = (b: Buffer) => {
    hash.update(b);
    let off = 0;
    while (off < b.length) off += writeSync(fd, b, off, b.length - off);
  };
  try {
    write(head);
    const box = Buffer.alloc(8);
    box.writeUInt32BE(size - head.length, 0);
    box.write("free", 4, "latin1");
    write(box);
    const chunk = randomBytes(4 * MB);
    let left = size - head.length - 8;
    for (let n = 0; left > 0; n++) {
      chunk.writeUInt32LE(n, 0);
      const part = chunk.subarray(0, Math.min(left, chunk.length));
      write(part);
      left -= part.length;
    }
  } finally {
    closeSync(fd);
  }
  return { file, sha256: hash.digest("hex") };
}

/**
 * A TCP proxy in front of the central: what the central sends goes to the gate at `rate` bytes/s
 * (reading is paused between chunks, so TCP slows the central down as a thin link would), counted;
 * `cut()` drops every connection at once, as a link going down does.
 */
async function throttlingProxy(targetPort: number, rate: number) {
  const sockets = new Set<net.Socket>();
  let due = 0;
  const stats = { forwarded: 0, connections: 0 };
  const server = net.createServer((client) => {
    stats.connections++;
    const upstream = net.connect(targetPort, "127.0.0.1");
    sockets.add(client);
    sockets.add(upstream);
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on("error", close).on("close", close);
    upstream.on("error", close).on("close", close);
    client.pipe(upstream);
    upstream.on("data", (chunk: Buffer) => {
      const now = performance.now();
      due = Math.max(due, now) + (chunk.length / rate) * 1000;
      stats.forwarded += chunk.length;
      const more = client.write(chunk);
      upstream.pause();
      const resume = () => {
        if (!upstream.destroyed) upstream.resume();
      };
      setTimeout(() => (more ? resume() : client.once("drain", resume)), Math.max(0, due - now));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    cut() {
      for (const s of sockets) s.destroy();
      sockets.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** `gatecast serve` as the gate, on its own data dir (kept across a restart). */
async function serveGate(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string; log: () => string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(ROOT_DIR, "bin", "gatecast.js"), "serve"], {
    cwd: ROOT_DIR,
    env: { ...process.env, ...env, PORT: String(port), LOG_LEVEL: "info", GATECAST_RUNTIME: "tsx" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let log = "";
  child.stdout?.on("data", (d) => {
    log = (log + d).slice(-200_000);
  });
  child.stderr?.on("data", (d) => {
    log = (log + d).slice(-200_000);
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => ((await fetch(`${url}/healthz`)).status === 200 ? true : undefined), 60_000);
  return { child, url, log: () => log };
}

describe("a big program over a thin link that drops", () => {
  it("resumes across link cuts and a kill -9, ends with the exact bytes, and plays on its day", {
    timeout: 600_000,
  }, async () => {
    const work = tempDir("gatecast-thin-link-");
    const video = bigVideo(work, SIZE);

    // The central office: the video uploaded as any admin would, in a program for 13–15 April 2027.
    const key = writeSigningKey(path.join(tempDir(), "keys"));
    vi.stubEnv("GATECAST_SIGNING_KEY", key.privateFile);
    const central = await startTestController({
      gate: "central-ha-tinh",
      env: {
        GATECAST_CONFIG_DIR: configDir({
          "central-ha-tinh": CENTRAL_SITE.replace(
            "- { id: cau-treo, name: Cầu Treo }",
            `- { id: cau-treo, name: Cầu Treo, tokenSha256: ${TOKEN_SHA} }`,
          ),
        }),
      },
    });
    await seedUsers(central, { hoa: "admin", tam: "supervisor" });
    const admin = await new ConsoleClient(central.url).loginOk("hoa");
    const supervisor = await new ConsoleClient(central.url).loginOk("tam");
    const uploaded = await fetch(`${central.url}/api/v1/media?name=phim-tet.mp4`, {
      method: "POST",
      headers: {
        "content-type": "video/mp4",
        "content-length": String(SIZE),
        cookie: `gc_session=${admin.cookie}`,
        "x-csrf-token": admin.csrfToken as string,
      },
      body: Readable.toWeb(createReadStream(video.file)) as ReadableStream,
      duplex: "half",
    } as RequestInit);
    expect(uploaded.status, await uploaded.clone().text()).toBe(201);
    expect(((await uploaded.json()) as { sha256: string }).sha256).toBe(video.sha256);
    const program = {
      id: "tet-film",
      name: "Phim Tết 2027",
      targets: ["cau-treo"],
      validUntil: "2099-01-01T00:00:00+07:00",
      items: [
        {
          id: "film",
          kind: "video",
          title: { vi: "Phim Tết", en: "Tet film" },
          mediaSha256: video.sha256,
          durationS: 3,
        },
      ],
      playlists: [{ id: "films", name: "Phim", itemIds: ["film"] }],
      schedules: [
        {
          id: "film-days",
          name: "Phim Tết",
          kind: "normal",
          target: { playlistId: "films" },
          channels: ["*"],
          priority: 60,
          startDate: "2027-04-13",
          endDate: "2027-04-15",
          recurrence: { type: "daily" },
        },
      ],
      holidayOverrides: [],
    };
    const saved = await admin.post("/api/v1/central/programs", program);
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);
    expect((await admin.post("/api/v1/central/programs/tet-film/publish", {})).status).toBe(201);

    // The central serves ranges of a bundle file, valid only for that very file (If-Range).
    const fileUrl = `${central.url}/api/v1/central/bundles/tet-film/1/files/${video.sha256}`;
    const ranged = await fetch(fileUrl, { headers: { range: `bytes=${SIZE - 10}-` } });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get("content-range")).toBe(`bytes ${SIZE - 10}-${SIZE - 1}/${SIZE}`);
    expect(ranged.headers.get("etag")).toBe(`"${video.sha256}"`);
    expect(ranged.headers.get("accept-ranges")).toBe("bytes");
    expect((await ranged.arrayBuffer()).byteLength).toBe(10);
    const same = await fetch(fileUrl, { headers: { range: "bytes=5-9", "if-range": `"${video.sha256}"` } });
    expect(same.status).toBe(206);
    await same.arrayBuffer();
    const other = await fetch(fileUrl, {
      headers: { range: "bytes=5-9", "if-range": `"${"0".repeat(64)}"` },
    });
    expect(other.status).toBe(200);
    await other.body?.cancel();

    // The gate, behind the thin link, polling every 10 s.
    const proxy = await throttlingProxy(Number(new URL(central.url).port), RATE);
    const tokenFile = path.join(tempDir(), "central-token");
    writeFileSync(tokenFile, `${TOKEN}\n`, { mode: 0o600 });
    const site = gateSite({ url: proxy.url, keys: [{ key: key as never }] }).replace(
      "  pollIntervalS: 3600\n",
      `  pollIntervalS: 10\n  tokenFile: ${tokenFile}\n`,
    );
    const env = {
      GATE: "cau-treo",
      DATA_DIR: tempDir(),
      GATECAST_CONFIG_DIR: configDir({ "cau-treo": site }),
      GATECAST_CONTENT_DIR: writeTree(testPack("cau-treo")),
    };
    let gate = await serveGate(env);
    const crossed = (fraction: number) =>
      waitFor(async () => (proxy.stats.forwarded >= SIZE * fraction ? true : undefined), 300_000);
    let cuts = 0;
    try {
      await crossed(0.2);
      proxy.cut();
      cuts++;
      // The poll that was cut ends, and its heartbeat tells the central how far the download got.
      const progress = await waitFor(async () => {
        const fleet = (await supervisor.get("/api/v1/central/fleet")).body as {
          id: string;
          heartbeat: { downloads?: { programId: string; bytesHave: number; bytesTotal: number }[] } | null;
        }[];
        const d = fleet.find((g) => g.id === "cau-treo")?.heartbeat?.downloads?.[0];
        return d && d.bytesHave > 0 ? d : undefined;
      }, 120_000);
      expect(progress.programId).toBe("tet-film");
      expect(progress.bytesTotal).toBeGreaterThanOrEqual(SIZE);
      expect(progress.bytesHave).toBeGreaterThan(SIZE * 0.1);
      expect(progress.bytesHave).toBeLessThan(SIZE * 0.5);

      await crossed(0.45);
      proxy.cut();
      cuts++;

      // A kill -9 mid-file: the next gate process resumes from what the first one confirmed.
      await crossed(0.7);
      gate.child.kill("SIGKILL");
      proxy.cut();
      cuts++;
      await new Promise((resolve) => gate.child.once("exit", resolve));
      gate = await serveGate(env);

      await crossed(0.85);
      proxy.cut();
      cuts++;

      const now = await waitFor(async () => {
        const answer = (await (await fetch(`${gate.url}${ON_THE_DAY}`)).json()) as {
          channels: { id: string; entries: { itemId?: string }[] }[];
        };
        return answer.channels.some((c) => c.entries.some((e) => e.itemId?.includes("film")))
          ? answer
          : undefined;
      }, 300_000);
      expect(now.channels.length).toBeGreaterThan(0);
    } catch (error) {
      console.log(gate.log().slice(-20_000));
      throw error;
    } finally {
      await proxy.close();
    }
    // Not on the day before: the program plays on its days only.
    const before = (await (await fetch(`${gate.url}/api/v1/now?at=2027-04-12T10:00:00%2B07:00`)).json()) as {
      channels: { entries: { itemId?: string }[] }[];
    };
    expect(before.channels.some((c) => c.entries.some((e) => e.itemId?.includes("film")))).toBe(false);

    const held = mediaPath(env.DATA_DIR, video.sha256);
    expect(statSync(held).size).toBe(SIZE);
    expect((await hashFile(held)).sha256).toBe(video.sha256);
    const refetched = proxy.stats.forwarded - SIZE;
    console.log(
      `thin link: ${SIZE / MB} MB at ${RATE / MB} MB/s, ${cuts} cuts (one a kill -9), ${proxy.stats.connections} connections, ${(refetched / MB).toFixed(2)} MB more than the file crossed (requests, lists, heartbeats, bytes in flight at each cut)`,
    );
    // Only what was in flight at a cut, or after the last confirmation before the kill, comes twice.
    expect(refetched).toBeLessThanOrEqual(cuts * CONFIRM_EVERY_BYTES + MB);
  });

  it("keeps a download under the gate's bandwidth cap, in ranges the real central answers", {
    timeout: 300_000,
  }, async () => {
    const work = tempDir("gatecast-capped-");
    const size = 3 * MB;
    const video = bigVideo(work, size);
    const key = writeSigningKey(path.join(tempDir(), "keys"));
    vi.stubEnv("GATECAST_SIGNING_KEY", key.privateFile);
    const central = await startTestController({
      gate: "central-ha-tinh",
      env: { GATECAST_CONFIG_DIR: configDir({ "central-ha-tinh": CENTRAL_SITE }) },
    });
    await seedUsers(central, { hoa: "admin" });
    const admin = await new ConsoleClient(central.url).loginOk("hoa");
    const uploaded = await fetch(`${central.url}/api/v1/media?name=film.mp4`, {
      method: "POST",
      headers: {
        "content-type": "video/mp4",
        cookie: `gc_session=${admin.cookie}`,
        "x-csrf-token": admin.csrfToken as string,
      },
      body: readFileSync(video.file),
    });
    expect(uploaded.status, await uploaded.clone().text()).toBe(201);
    const program = {
      id: "film",
      name: "Phim",
      targets: ["cau-treo"],
      validUntil: "2099-01-01T00:00:00+07:00",
      items: [{ id: "film", kind: "video", title: { vi: "Phim" }, mediaSha256: video.sha256, durationS: 3 }],
      playlists: [{ id: "films", name: "Phim", itemIds: ["film"] }],
      schedules: [
        {
          id: "films",
          name: "Phim",
          kind: "normal",
          target: { playlistId: "films" },
          channels: ["*"],
          priority: 20,
          recurrence: { type: "daily" },
        },
      ],
      holidayOverrides: [],
    };
    expect((await admin.post("/api/v1/central/programs", program)).status).toBe(201);
    expect((await admin.post("/api/v1/central/programs/film/publish", {})).status).toBe(201);

    const gate = await startTestController({
      gate: "cau-treo",
      env: { GATECAST_CONFIG_DIR: configDir({ "cau-treo": gateSite({ keys: [{ key: key as never }] }) }) },
    });
    const { settings } = gate.ctx;
    const capKbps = 8000; // 1 MB/s
    const site = {
      ...settings.site,
      central: { ...settings.site.central, url: central.url, bandwidth: { capKbps } },
    };
    const sync = new GateSync({ ...gate.ctx, settings: { ...settings, site } as typeof settings });
    const started = performance.now();
    const outcomes = await sync.syncNow();
    const seconds = (performance.now() - started) / 1000;
    expect(outcomes[0], String(sync.status().lastError)).toMatchObject({ outcome: "imported" });
    const share = size / seconds / ((capKbps * 1000) / 8);
    console.log(
      `capped download: ${size / MB} MB in ${seconds.toFixed(2)} s, ${share.toFixed(3)} of the cap`,
    );
    // Never above the cap (a quarter second of burst aside); a slow machine only makes it slower.
    expect(share).toBeLessThan(1.1);
  });
});
