/**
 * Gate-side downloads from the central (#15): throughput as a share of the bandwidth cap
 * (`central.bandwidth.capKbps`, aim 0.9–1.05) at 2 and 8 Mbit/s, and the bytes fetched twice after a
 * link cut (aim: nothing beyond what was in flight; the limit is one confirmed chunk). A real gate
 * controller in this process pulls a signed program from a plain HTTP central that honours ranges.
 */
import { createHash, randomBytes } from "node:crypto";
import {
  closeSync,
  copyFileSync,
  createReadStream,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { GateSync } from "../controller/src/central/gate-sync.js";
import { generateSigningKey, signBytes, signingKeyFromPem } from "../controller/src/central/keys.js";
import { MANIFEST_FORMAT, type Manifest } from "../controller/src/central/manifest.js";
import { CONFIRM_EVERY_BYTES } from "../controller/src/central/receive.js";
import { loadSettings, ROOT_DIR } from "../controller/src/config/settings.js";
import { defaultExtensions } from "../controller/src/extensions.js";
import { createLogger } from "../controller/src/log.js";
import { startController } from "../controller/src/server.js";
import type { BenchRow } from "./harness.js";

const MB = 1024 * 1024;

interface Served {
  url: string;
  /** Bytes of bundle files sent, whole responses and ranges together. */
  fileBytes: () => number;
  /** Cut the next file response after this many bytes (once). */
  cutAfter: (bytes: number) => void;
  close: () => Promise<void>;
}

/** A signed program with one random "video" of `size` bytes, in `dir`; its list entry. */
function program(dir: string, programId: string, size: number, key: ReturnType<typeof signingKeyFromPem>) {
  mkdirSync(path.join(dir, "files"), { recursive: true });
  const video = path.join(dir, "video");
  const fd = openSync(video, "w");
  const hash = createHash("sha256");
  const chunk = randomBytes(MB);
  Buffer.from("000000186674797069736f6d0000020069736f6d69736f32", "hex").copy(chunk, 0);
  for (let left = size, n = 0; left > 0; n++) {
    if (n > 0) chunk.writeUInt32LE(n, 40);
    const part = chunk.subarray(0, Math.min(left, MB));
    hash.update(part);
    writeSync(fd, part);
    left -= part.length;
  }
  closeSync(fd);
  const sha = hash.digest("hex");
  copyFileSync(video, path.join(dir, "files", sha));
  const content = Buffer.from(
    JSON.stringify({
      programId,
      version: 1,
      name: programId,
      items: [
        { id: "film", kind: "video", title: { vi: "Phim", en: "Film" }, mediaSha256: sha, durationS: 60 },
      ],
      playlists: [{ id: "films", name: "Films", itemIds: ["film"] }],
      schedules: [
        {
          id: "films",
          name: "Films",
          kind: "normal",
          target: { playlistId: "films" },
          channels: ["*"],
          priority: 20,
          startDate: "2099-01-01",
          recurrence: { type: "daily" },
        },
      ],
      holidayOverrides: [],
    }),
  );
  const contentSha = createHash("sha256").update(content).digest("hex");
  writeFileSync(path.join(dir, "files", contentSha), content);
  const manifest: Manifest = {
    format: MANIFEST_FORMAT,
    programId,
    version: 1,
    createdAt: new Date(Date.now() - 60_000).toISOString(),
    validUntil: "2099-12-31T00:00:00+07:00",
    targets: ["cau-treo"],
    files: [
      { path: "content.json", sha256: contentSha, size: content.length },
      { path: `media/${sha}`, sha256: sha, size },
    ],
    keyId: key.keyId,
  };
  const bytes = Buffer.from(JSON.stringify(manifest));
  return { programId, version: 1, manifest: bytes.toString("base64"), sig: signBytes(key, bytes) };
}

/** The central's read side: the list, and files with ranges (ETag on the hash, as the real one). */
async function serve(dir: string, list: unknown[]): Promise<Served> {
  let sent = 0;
  let cut: number | undefined;
  const server = http.createServer((req, res) => {
    res.on("error", () => undefined);
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/api/v1/central/bundles") {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ bundles: list }));
      return;
    }
    const m = /\/files\/([0-9a-f]{64})$/.exec(url.pathname);
    const file = m && path.join(dir, "files", m[1] as string);
    if (!file || !readdirSync(path.join(dir, "files")).includes(m?.[1] as string)) {
      res.statusCode = 404;
      res.end();
      return;
    }
    const size = statSync(file).size;
    const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? "");
    const ok = range && (!req.headers["if-range"] || req.headers["if-range"] === `"${m?.[1]}"`);
    const start = ok ? Number(range[1]) : 0;
    const end = ok && range[2] ? Math.min(size - 1, Number(range[2])) : size - 1;
    res.setHeader("etag", `"${m?.[1]}"`);
    res.setHeader("content-length", String(end - start + 1));
    if (ok) {
      res.statusCode = 206;
      res.setHeader("content-range", `bytes ${start}-${end}/${size}`);
    }
    const limit = cut !== undefined && end - start + 1 > cut ? cut : undefined;
    if (limit !== undefined) cut = undefined;
    let here = 0;
    const stream = createReadStream(file, { start, end, highWaterMark: 64 * 1024 });
    stream.on("data", (chunk) => {
      here += chunk.length;
      sent += chunk.length;
      if (limit !== undefined && here >= limit) {
        stream.destroy();
        res.destroy();
        return;
      }
      if (!res.write(chunk)) {
        stream.pause();
        res.once("drain", () => stream.resume());
      }
    });
    stream.on("end", () => res.end());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    fileBytes: () => sent,
    cutAfter: (bytes) => {
      cut = bytes;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export default async function downloads(): Promise<BenchRow[]> {
  const work = mkdtempSync(path.join(tmpdir(), "gatecast-bench-dl-"));
  const generated = generateSigningKey();
  const key = signingKeyFromPem(generated.privateKeyPem);
  const config = path.join(work, "config");
  mkdirSync(path.join(config, "sites"), { recursive: true });
  mkdirSync(path.join(config, "signs"), { recursive: true });
  for (const f of readdirSync(path.join(ROOT_DIR, "firmware-config", "signs"))) {
    copyFileSync(path.join(ROOT_DIR, "firmware-config", "signs", f), path.join(config, "signs", f));
  }
  writeFileSync(
    path.join(config, "sites", "cau-treo.yaml"),
    `${readFileSync(path.join(ROOT_DIR, "firmware-config", "sites", "cau-treo.yaml"), "utf8")}central:\n  pollIntervalS: 3600\n  trustedKeys:\n    - { id: ${generated.keyId}, publicKey: "${generated.publicKeyBase64}" }\n`,
  );
  const settings = loadSettings({
    GATE: "cau-treo",
    PORT: "0",
    DATA_DIR: path.join(work, "data"),
    LOG_LEVEL: "silent",
    GATECAST_CONFIG_DIR: config,
  });
  const gate = await startController(settings, createLogger("silent", false), defaultExtensions(settings));
  const rows: BenchRow[] = [];
  try {
    const syncFor = (url: string, capKbps?: number) => {
      const central = settings.site.central as NonNullable<typeof settings.site.central>;
      const site = {
        ...settings.site,
        central: { ...central, url, bandwidth: capKbps ? { capKbps } : undefined },
      };
      return new GateSync({ ...gate.ctx, settings: { ...settings, site } as typeof settings });
    };
    for (const mbit of [2, 8]) {
      const cap = (mbit * 1e6) / 8;
      const size = Math.round(cap * 16);
      const dir = path.join(work, `p${mbit}`);
      const entry = program(dir, `capped-${mbit}`, size, key);
      const central = await serve(dir, [entry]);
      try {
        const started = performance.now();
        const outcomes = await syncFor(central.url, mbit * 1000).syncNow();
        const seconds = (performance.now() - started) / 1000;
        if (outcomes[0]?.outcome !== "imported")
          throw new Error(`not imported: ${JSON.stringify(outcomes[0])}`);
        rows.push({
          name: `throughput at a ${mbit} Mbit/s cap (${(size / MB).toFixed(1)} MB), share of the cap`,
          value: size / seconds / cap,
          unit: "×",
          limit: 1.05,
          limitLabel: "≤ 1.05 of the cap (aim ≥ 0.9)",
        });
      } finally {
        await central.close();
      }
    }

    // A cut at 40 % of a 64 MB file, then the next poll: what crossed twice.
    const size = 64 * MB;
    const dir = path.join(work, "cut");
    const entry = program(dir, "cut-link", size, key);
    const central = await serve(dir, [entry]);
    try {
      const sync = syncFor(central.url);
      central.cutAfter(Math.round(size * 0.4));
      const first = await sync.syncNow();
      if (first[0]?.outcome !== "refused")
        throw new Error(`the cut did not cut: ${JSON.stringify(first[0])}`);
      const second = await sync.syncNow();
      if (second[0]?.outcome !== "imported") throw new Error(`not resumed: ${JSON.stringify(second[0])}`);
      const content = readdirSync(path.join(dir, "files"))
        .map((f) => statSync(path.join(dir, "files", f)).size)
        .reduce((a, b) => a + b, 0);
      rows.push({
        name: "bytes fetched twice after a cut at 40 % of 64 MB",
        value: Math.max(0, central.fileBytes() - content) / 1024,
        unit: "KB",
        limit: CONFIRM_EVERY_BYTES / 1024,
        limitLabel: "one confirmed chunk (aim: only what was in flight)",
      });
    } finally {
      await central.close();
    }
  } finally {
    await gate.stop();
    rmSync(work, { recursive: true, force: true });
  }
  return rows;
}
