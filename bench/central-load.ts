/**
 * The central bench's load generator: simulated gates doing what `GateSync` and the central
 * extension do per cycle (list with If-None-Match, the files a gate lacks, a heartbeat, and the
 * proof-of-play upload when the central has the route), schedules at the real or a compressed rate,
 * closed-loop saturation, and the central's CPU read from /proc.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import http from "node:http";
import type { BenchGate } from "./central-setup.js";

const REQUEST_TIMEOUT_MS = 15_000;

export interface Answer {
  status: number;
  etag: string | undefined;
  body: Buffer;
  ms: number;
}

/** One request over `agent` (a gate's connection, or a shared keep-alive pool). */
export function send(
  agent: http.Agent,
  base: string,
  method: string,
  p: string,
  headers: Record<string, string> = {},
  body?: Buffer,
): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${base}${p}`,
      {
        method,
        agent,
        headers: body ? { ...headers, "content-length": String(body.length) } : headers,
        timeout: REQUEST_TIMEOUT_MS,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            etag: typeof res.headers.etag === "string" ? res.headers.etag : undefined,
            body: Buffer.concat(chunks),
            ms: performance.now() - started,
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`${method} ${p}: no answer in ${REQUEST_TIMEOUT_MS} ms`)));
    req.on("error", reject);
    req.end(body);
  });
}

/** A fresh connection for one gate cycle: a real gate polls minutes apart, past any keep-alive. */
export function gateAgent(): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets: 1 });
}

export interface Tally {
  polls: number[];
  heartbeats: number[];
  uploads: number[];
  /** Bytes of answer bodies, per kind. */
  listBytes: number;
  fileBytes: number;
  files: number;
  lists200: number;
  /** What the upload route answered: rows new to the central, and rows it already had. */
  stored: number;
  duplicates: number;
  /** The first few failures, for the table; all of them are counted. */
  errors: string[];
  errorCount: number;
}

export function newTally(): Tally {
  return {
    polls: [],
    heartbeats: [],
    uploads: [],
    listBytes: 0,
    fileBytes: 0,
    files: 0,
    lists200: 0,
    stored: 0,
    duplicates: 0,
    errors: [],
    errorCount: 0,
  };
}

export function note(t: Tally, what: string): void {
  if (t.errors.length < 5) t.errors.push(what);
  t.errorCount++;
}

interface ListEntry {
  programId: string;
  version: number;
  manifest: string;
  sig: string;
}

/** What a gate holds: its ETag, the manifests it imported, the files in its cache. */
export class SimGate {
  etag: string | undefined;
  readonly held = new Map<string, string>();
  readonly cache = new Set<string>();
  cycles = 0;

  constructor(
    readonly gate: BenchGate,
    readonly base: string,
  ) {}

  /** GateSync.#poll: the list (304 when unchanged), then each new bundle's missing files. */
  async poll(agent: http.Agent, t: Tally): Promise<void> {
    const list = await send(
      agent,
      this.base,
      "GET",
      `/api/v1/central/bundles?gate=${this.gate.id}`,
      this.etag ? { "if-none-match": this.etag } : {},
    );
    t.polls.push(list.ms);
    if (list.status === 304) return;
    if (list.status !== 200) return note(t, `list ${list.status}`);
    t.lists200++;
    t.listBytes += list.body.length;
    const { bundles } = JSON.parse(list.body.toString("utf8")) as { bundles: ListEntry[] };
    for (const entry of bundles) {
      const bytes = Buffer.from(entry.manifest, "base64");
      const sha = createHash("sha256").update(bytes).digest("hex");
      if (this.held.get(entry.programId) === sha) continue;
      const manifest = JSON.parse(bytes.toString("utf8")) as {
        files: { sha256: string; size: number }[];
      };
      for (const f of manifest.files) {
        if (this.cache.has(f.sha256)) continue;
        const file = await send(
          agent,
          this.base,
          "GET",
          `/api/v1/central/bundles/${entry.programId}/${entry.version}/files/${f.sha256}`,
        );
        if (file.status !== 200) return note(t, `file ${file.status}`);
        // The gate checks every byte: a short or altered file here would be a bench bug, not load.
        if (
          file.body.length !== f.size ||
          createHash("sha256").update(file.body).digest("hex") !== f.sha256
        ) {
          return note(t, `file ${f.sha256.slice(0, 8)} does not match its manifest`);
        }
        t.fileBytes += file.body.length;
        t.files++;
        this.cache.add(f.sha256);
      }
      this.held.set(entry.programId, sha);
    }
    if (list.etag) this.etag = list.etag;
  }

  /** The central extension's heartbeat, with a body of the size a gate sends. */
  async heartbeat(agent: http.Agent, t: Tally): Promise<void> {
    const body = Buffer.from(
      JSON.stringify({
        gate: this.gate.id,
        version: "0.1.0",
        now: {
          at: new Date().toISOString(),
          channels: [
            { id: "hall", items: ["welcome", "hours", "customs", "p-prog-01-article-1", "p-prog-03-led"] },
            { id: "gate-sign", items: ["welcome", "p-prog-01-led"] },
          ],
        },
        signs: [{ id: "gate-sign" }],
        lastSync: new Date().toISOString(),
        freeDiskBytes: 48_000_000_000,
        programs: [...this.held.keys()].map((programId) => ({ programId, version: 2 })),
      }),
    );
    const res = await send(
      agent,
      this.base,
      "POST",
      "/api/v1/central/heartbeat",
      { "content-type": "application/json", authorization: `Bearer ${this.gate.token}` },
      body,
    );
    t.heartbeats.push(res.ms);
    if (res.status !== 204) note(t, `heartbeat ${res.status} ${res.body.toString().slice(0, 100)}`);
  }

  /** A proof-of-play batch of 500 rows, new rows every cycle (what a gate gathers between polls). */
  async upload(agent: http.Agent, t: Tally): Promise<void> {
    const res = await send(
      agent,
      this.base,
      "POST",
      "/api/v1/central/uploads",
      { "content-type": "application/json", authorization: `Bearer ${this.gate.token}` },
      uploadBatch(this.gate.id, this.cycles),
    );
    t.uploads.push(res.ms);
    if (res.status !== 200) return note(t, `upload ${res.status} ${res.body.toString().slice(0, 160)}`);
    const answer = JSON.parse(res.body.toString("utf8")) as { stored: number; duplicates: number };
    t.stored += answer.stored;
    t.duplicates += answer.duplicates;
  }

  /** One cycle on a fresh connection: poll, heartbeat, upload. */
  async cycle(t: Tally, withUpload: boolean): Promise<void> {
    const agent = gateAgent();
    try {
      await this.poll(agent, t);
      await this.heartbeat(agent, t);
      if (withUpload) await this.upload(agent, t);
    } catch (error) {
      note(t, (error as Error).message);
    } finally {
      this.cycles++;
      agent.destroy();
    }
  }
}

const BATCH_EPOCH = Date.parse("2027-01-01T00:00:00Z");

/**
 * 400 plays, 80 kiosk sessions, 20 sign events: 500 rows, instants unique per gate and cycle so
 * every row is new, in the shape of controller/src/central/uploads.ts as it stands in the tree (the
 * route is another engineer's work in progress: a 400 shows in the table rather than being guessed
 * around).
 */
export function uploadBatch(gate: string, cycle: number): Buffer {
  // Two minutes a cycle: the sessions (80 s) and sign events (100 s) of two cycles never meet.
  const base = BATCH_EPOCH + cycle * 120_000;
  const at = (ms: number) => new Date(base + ms).toISOString();
  const languages = ["vi", "lo", "en"] as const;
  const plays = Array.from({ length: 400 }, (_, i) => ({
    deviceId: `${gate}-hall-${i % 4}`,
    channelId: i % 5 === 0 ? "gate-sign" : "hall",
    itemId: i % 3 === 0 ? "p-prog-01-article-1" : "welcome",
    scheduleId: i % 3 === 0 ? "p-prog-01-on-the-day" : "default-loop",
    origin: i % 3 === 0 ? "central:prog-01" : "pack",
    language: languages[i % 3] ?? "vi",
    startedAt: at(i * 100),
    durationMs: 10_000,
  }));
  const sessions = Array.from({ length: 80 }, (_, i) => ({
    deviceId: `${gate}-hall-${i % 4}`,
    channelId: "hall",
    startedAt: at(i * 1000),
    endedAt: at(i * 1000 + 45_000),
    language: languages[i % 3] ?? "vi",
    pages: ["languages", "category:procedures", "item:p-prog-01-article-1"],
  }));
  const signEvents = Array.from({ length: 20 }, (_, i) => ({
    signId: "gate-sign",
    at: at(i * 5000),
    kind: i % 2 === 0 ? "showing" : "online",
    detail:
      i % 2 === 0
        ? { frames: [{ itemId: "welcome", language: languages[i % 3] ?? "vi", share: 1, origin: "pack" }] }
        : {},
  }));
  return Buffer.from(JSON.stringify({ gate, plays, sessions, signEvents }));
}

// ------------------------------------------------------------------------------------------------ CPU

let clockTicks = 100;
/** Reads the kernel's clock tick once (getconf CLK_TCK: 100 on every Linux we run on). */
export function setClockTicks(ticks: number): void {
  if (Number.isFinite(ticks) && ticks > 0) clockTicks = ticks;
}

/** CPU seconds (user + system) a process has used, from /proc/<pid>/stat. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // The command name is in parentheses and may hold spaces: count fields after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / clockTicks;
}

export interface Window {
  wallS: number;
  centralCpuS: number;
  loadCpuS: number;
}

/** Runs `fn` and reports wall time and the CPU of the central and of this process meanwhile. */
export async function measured<T>(pid: number, fn: () => Promise<T>): Promise<{ result: T; w: Window }> {
  const cpu0 = cpuSeconds(pid);
  const self0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await fn();
  const wallS = (performance.now() - t0) / 1000;
  const self = process.cpuUsage(self0);
  return {
    result,
    w: { wallS, centralCpuS: cpuSeconds(pid) - cpu0, loadCpuS: (self.user + self.system) / 1e6 },
  };
}

// ------------------------------------------------------------------------------------------ schedules

/**
 * Every gate cycles once per `periodS`, gate i offset by i/n of the period (gates start at different
 * times), for `windowS`. A cycle that runs long delays that gate's next, as a gate's timer would.
 */
export async function scheduled(
  gates: SimGate[],
  periodS: number,
  windowS: number,
  withUpload: boolean,
  t: Tally,
): Promise<{ done: number; planned: number }> {
  const start = performance.now();
  const end = start + windowS * 1000;
  let done = 0;
  let planned = 0;
  gates.forEach((_, i) => {
    const offsetS = (i / gates.length) * periodS;
    if (offsetS < windowS) planned += Math.ceil((windowS - offsetS) / periodS);
  });
  await Promise.all(
    gates.map(async (g, i) => {
      let due = start + (i / gates.length) * periodS * 1000;
      while (due < end) {
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        await g.cycle(t, withUpload);
        done++;
        due = Math.max(due + periodS * 1000, performance.now());
      }
    }),
  );
  return { done, planned };
}

/** `clients` loops, each sending `one` back to back for `seconds`; returns how many completed. */
export async function closedLoop(
  clients: number,
  seconds: number,
  one: (client: number, n: number) => Promise<void>,
): Promise<number> {
  const end = performance.now() + seconds * 1000;
  let done = 0;
  let n = 0;
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      while (performance.now() < end) {
        await one(client, n++);
        done++;
      }
    }),
  );
  return done;
}

/** Nearest-rank percentile. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return (
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN
  );
}
