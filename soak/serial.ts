/**
 * Serial faults: the controller ↔ a pty line made by socat ↔ the sign emulator (a process of its own,
 * answering with line noise and a corrupt checksum now and then). The suite pulls the "USB adapter"
 * (kills the controller's half of the line and starts it again) and sprays broken frames at the
 * controller; afterwards the sign must hold the same files (text and pictures) as before the faults, and
 * the controller's RSS must stay bounded.
 *
 * The driver sees a pull at once (the read on its pty fails), but reopens the port only after its
 * reconnect backoff (0.5 s, doubling while the device stays missing). Pulls closer together than that
 * merge into one outage, and garbage written while the driver is away is flushed when it reopens, never
 * reaching its parser. So after each replug the suite waits for the driver's reconnect before the next
 * event, and the figures set what was injected against what the driver counted (its status counters).
 */
import { type ChildProcess, spawn } from "node:child_process";
import {
  closeSync,
  constants,
  cpSync,
  existsSync,
  openSync,
  readFileSync,
  readSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import path from "node:path";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { ROOT_DIR } from "../controller/src/config/settings.js";
import {
  addUser,
  baseEnv,
  Client,
  GATECAST,
  percentile,
  type Row,
  rssMb,
  sleep,
  startChild,
  stopChild,
  tempDir,
} from "./lib.js";

/** Share of the events that are cable pulls; the rest are garbage bursts. */
const UNPLUG_SHARE = 0.3;
/**
 * Share of the pulls that are contact glitches (a loose plug) rather than a cable out and back in. A
 * glitch ends before the driver's first reopen, so its outage lasts the backoff, not the glitch.
 */
const GLITCH_SHARE = 0.25;
const GLITCH_MS = [20, 200] as const;
const PULL_MS = [500, 2500] as const;
/**
 * Longest wait for the driver's reconnect after a replug. Its backoff (0.5, 1, 2 s, ±20 %) tries again
 * at most 2.4 s after a replug within PULL_MS; twice that.
 */
const RECONNECT_TIMEOUT_MS = 5_000;
/** Passing needs at least this share of the pulls seen as reconnects, and of the frame starts as bad frames. */
const MIN_SEEN = 0.9;

const SOH = 0x01;
const EOT = 0x04;

/** The driver's counters the figures compare (SignDriverStatus, from GET /api/v1/signs/{id}). */
const COUNTERS = [
  "reconnects",
  "badFrames",
  "unsolicited",
  "bytesReceived",
  "retries",
  "timeouts",
  "errors",
  "bytesSent",
  "contentLost",
] as const;
type Counters = Record<(typeof COUNTERS)[number], number>;

async function socat(a: string, b: string, links: string[]): Promise<ChildProcess> {
  const child = spawn("socat", [a, b], { stdio: "ignore" });
  const until = Date.now() + 5000;
  while (!links.every((l) => existsSync(l))) {
    if (Date.now() > until || child.exitCode !== null) throw new Error("socat made no links");
    await sleep(5);
  }
  return child;
}

async function kill(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await gone;
}

/**
 * The line in two halves, as at a gate: the sign's half (its pty, `sign`, joined to a middle pty) stays
 * up, as a sign's UART does not notice a cable; the controller's half (its pty, `host`, joined to the
 * middle one) is what an unplug kills, so the controller's device disappears and comes back as a USB
 * adapter's does. One pty for both ends would hang up the emulator's side at every pull as well, which
 * no sign does.
 */
class Line {
  #sign: ChildProcess | undefined;
  #host: ChildProcess | undefined;
  /** Holds the middle pty open while the host half is away: its master would fail (EIO) otherwise. */
  #holder: number | undefined;
  readonly host: string;
  readonly sign: string;
  readonly #middle: string;
  constructor(dir: string) {
    this.host = path.join(dir, "host");
    this.sign = path.join(dir, "sign");
    this.#middle = path.join(dir, "middle");
  }
  async start(): Promise<void> {
    this.#sign = await socat(`pty,raw,echo=0,link=${this.sign}`, `pty,raw,echo=0,link=${this.#middle}`, [
      this.sign,
      this.#middle,
    ]);
    this.#holder = openSync(this.#middle, constants.O_RDWR | constants.O_NOCTTY | constants.O_NONBLOCK);
    await this.plug();
  }
  async plug(): Promise<void> {
    // What the sign said while the adapter was out is lost on a real line, not delivered late.
    const scrap = Buffer.alloc(4096);
    try {
      while (this.#holder !== undefined && readSync(this.#holder, scrap) > 0);
    } catch {
      // EAGAIN: nothing (more) waiting
    }
    this.#host = await socat(`pty,raw,echo=0,link=${this.host}`, `open:${this.#middle},raw,echo=0`, [
      this.host,
    ]);
  }
  async unplug(): Promise<void> {
    const child = this.#host;
    this.#host = undefined;
    await kill(child);
  }
  async stop(): Promise<void> {
    await this.unplug();
    await kill(this.#sign);
    if (this.#holder !== undefined) closeSync(this.#holder);
    this.#holder = undefined;
  }
}

/**
 * 8–200 random bytes with 1–3 frame starts (SOH) among them and an EOT last. Bytes before an SOH are
 * skipped by the parser as line noise; each SOH starts a frame that ends at the next SOH or at an EOT
 * and fails to decode, so every SOH written is one bad frame for the driver.
 */
function garbageBurst(random: () => number): { bytes: Buffer; frameStarts: number } {
  const bytes = Buffer.alloc(8 + Math.floor(random() * 193));
  for (let j = 0; j < bytes.length; j++) bytes[j] = Math.floor(random() * 256);
  const starts = 1 + Math.floor(random() * 3);
  for (let k = 0; k < starts; k++) bytes[Math.floor(random() * (bytes.length - 1))] = SOH;
  bytes[bytes.length - 1] = EOT;
  return { bytes, frameStarts: bytes.filter((b) => b === SOH).length };
}

/** User + system CPU time of a process in seconds (Linux /proc; clock ticks are 100 Hz there). */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

const between = (random: () => number, [low, high]: readonly [number, number]) =>
  low + random() * (high - low);

export async function serialFaults(events: number, random: () => number, rssBoundMb: number): Promise<Row> {
  const dir = tempDir("gatecast-soak-serial-");
  const line = new Line(dir);
  await line.start();
  const configDir = path.join(dir, "config");
  cpSync(path.join(ROOT_DIR, "firmware-config"), configDir, { recursive: true });
  const siteFile = path.join(configDir, "sites", "cau-treo.yaml");
  const site = parseYaml(readFileSync(siteFile, "utf8")) as Record<string, unknown>;
  site.signs = [
    {
      id: "gate-sign",
      name: "Soak sign",
      profile: "alpha-96x16",
      port: line.host,
      address: "00",
      serial: { baudRate: 115200 },
    },
  ];
  writeFileSync(siteFile, stringifyYaml(site));
  const out = path.join(dir, "emulator");
  const corruptEvery = 9;
  // Both logs stay in the run's folder: a failure names it.
  const emulatorLog = openSync(path.join(dir, "emulator.log"), "a");
  const emulator = spawn(
    process.execPath,
    [
      GATECAST,
      "sign",
      "emulate",
      "--protocol",
      "alpha",
      "--device",
      line.sign,
      "--width",
      "96",
      "--height",
      "16",
      "--out",
      out,
      "--baud",
      "115200",
      "--address",
      "00",
      "--noise",
      "--corrupt-every",
      String(corruptEvery),
    ],
    {
      cwd: ROOT_DIR,
      stdio: ["ignore", emulatorLog, emulatorLog],
      env: { ...process.env, LOG_LEVEL: process.env.SOAK_LOG_LEVEL ?? "warn" },
    },
  );
  closeSync(emulatorLog);
  const displays = () => {
    try {
      return readFileSync(path.join(out, "frames.jsonl"), "utf8")
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { seq: number; lit: boolean; rows?: string[]; text?: string });
    } catch {
      return [];
    }
  };
  const emulatorMemory = (): Record<string, unknown> | undefined => {
    try {
      return JSON.parse(readFileSync(path.join(out, "memory.json"), "utf8")) as Record<string, unknown>;
    } catch {
      return undefined;
    }
  };
  const signMemory = () => {
    const m = emulatorMemory();
    // Page timings ("ms") change as the sign rotates by itself; the content is everything else.
    return m
      ? JSON.stringify([m.memoryConfig, m.files], (key, value) => (key === "ms" ? undefined : value))
      : "unreadable";
  };
  const emulatorReplies = () => (emulatorMemory()?.stats as { replies?: number } | undefined)?.replies ?? 0;
  const env = { ...baseEnv(path.join(dir, "data")), GATECAST_CONFIG_DIR: configDir };
  addUser(env, "soak-op", "operator");
  const c = await startChild({
    ...env,
    ...(process.env.SOAK_LOG_LEVEL ? { LOG_LEVEL: process.env.SOAK_LOG_LEVEL } : {}),
  });
  const operator = await new Client(c.url).login("soak-op");
  const sign = async () =>
    (await (await fetch(`${c.url}/api/v1/signs/gate-sign`)).json()) as Record<string, unknown>;
  const counters = async (): Promise<Counters> => {
    const s = await sign();
    return Object.fromEntries(COUNTERS.map((k) => [k, Number(s[k] ?? 0)])) as Counters;
  };
  const settled = async (timeoutMs: number) => {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      const s = await sign();
      if (s.connected && s.responding && !s.pending && displays().length > 0) return s;
      await sleep(200);
    }
    return undefined;
  };
  const problems: string[] = [];
  let maxRss = 0;
  const pulls = { glitches: 0, long: 0, seen: 0, missed: 0, reconnectMs: [] as number[] };
  const reconnected = async (since: number, timeoutMs: number) => {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      if ((await counters()).reconnects > since) return true;
      await sleep(25);
    }
    return false;
  };
  const garbage = { bursts: 0, bytes: 0, frameStarts: 0, failed: 0 };
  try {
    if (!(await settled(30_000))) throw new Error("the sign never settled before the faults");
    // What a clean run stored in the sign: its memory layout and files (text + pictures). The sign
    // rotates the pages itself, so the files, not the page on show, are what must come back the same.
    await sleep(3000);
    const clean = signMemory();
    const before = await counters();
    const uploadBefore = JSON.stringify((await sign()).lastUpload);
    const repliesBefore = emulatorReplies();
    const rssBefore = rssMb(c.child.pid);
    const cpuBefore = cpuSeconds(c.child.pid);
    const started = Date.now();
    for (let i = 0; i < events; i++) {
      if (random() < UNPLUG_SHARE) {
        const glitch = random() < GLITCH_SHARE;
        if (glitch) pulls.glitches++;
        else pulls.long++;
        const reconnects = (await counters()).reconnects;
        await line.unplug();
        await sleep(between(random, glitch ? GLITCH_MS : PULL_MS));
        await line.plug();
        const replugged = Date.now();
        if (await reconnected(reconnects, RECONNECT_TIMEOUT_MS)) {
          pulls.seen++;
          pulls.reconnectMs.push(Date.now() - replugged);
        } else {
          // The driver did not see the hang-up (docs/reliability.md: a read of 0 bytes used to spin
          // until a write failed). A read-back makes it write, as its next refresh would, so the
          // run goes on; the miss is counted.
          pulls.missed++;
          await operator.send("POST", "/api/v1/signs/gate-sign/refresh");
          await reconnected(reconnects, RECONNECT_TIMEOUT_MS);
        }
      } else {
        // Written into the sign's end, the bytes reach the controller as if the line were noisy.
        const burst = garbageBurst(random);
        garbage.bursts++;
        try {
          const fd = openSync(line.sign, constants.O_WRONLY | constants.O_NOCTTY | constants.O_NONBLOCK);
          try {
            if (writeSync(fd, burst.bytes) === burst.bytes.length) {
              garbage.bytes += burst.bytes.length;
              garbage.frameStarts += burst.frameStarts;
            } else {
              garbage.failed++;
            }
          } finally {
            closeSync(fd);
          }
        } catch {
          garbage.failed++;
        }
        await sleep(random() * 30);
      }
      maxRss = Math.max(maxRss, rssMb(c.child.pid));
    }
    const faultSeconds = (Date.now() - started) / 1000;
    const faultCpu = cpuSeconds(c.child.pid) - cpuBefore;
    const final = await settled(60_000);
    await sleep(3000);
    const after = await counters();
    const upload = (await sign()).lastUpload as { layout: boolean; written: number; bytes: number } | null;
    const resent =
      JSON.stringify(upload) === uploadBefore || !upload
        ? "nothing re-sent"
        : `content re-sent (last upload: ${upload.written} file(s), ${upload.bytes} bytes${upload.layout ? ", new layout" : ""})`;
    const delta = Object.fromEntries(COUNTERS.map((k) => [k, after[k] - before[k]])) as Counters;
    // The emulator breaks the checksum of every Nth answer since it started: those are bad frames too.
    const corruptReplies =
      Math.floor(emulatorReplies() / corruptEvery) - Math.floor(repliesBefore / corruptEvery);
    // Faults on the line do not clear the sign's memory: unless a picture was cut mid-write, the sign
    // keeps what it had and nothing is re-sent. What it shows last (and anything sent since) must be right.
    const last = displays().at(-1);
    if (!final) problems.push("the sign did not settle after the faults");
    if (!last?.lit) problems.push("the sign is dark after the faults");
    const now = signMemory();
    if (now !== clean) {
      let at = 0;
      while (at < now.length && now[at] === clean[at]) at++;
      problems.push(
        `the sign's stored files differ from the clean run's at ${at}: ${clean.slice(at - 40, at + 60)} ≠ ${now.slice(at - 40, at + 60)}`,
      );
    }
    const unplugs = pulls.glitches + pulls.long;
    // Each pull must show as a reconnect, and each frame start as a bad frame: a suite whose faults
    // never reach the driver must not pass.
    if (pulls.seen < MIN_SEEN * unplugs)
      problems.push(`only ${pulls.seen} of ${unplugs} unplugs seen as a reconnect`);
    if (delta.badFrames < MIN_SEEN * garbage.frameStarts)
      problems.push(`only ${delta.badFrames} bad frames for ${garbage.frameStarts} frame starts injected`);
    if (delta.bytesReceived < garbage.bytes)
      problems.push(
        `the driver received ${delta.bytesReceived} bytes, fewer than the ${garbage.bytes} injected`,
      );
    maxRss = Math.max(maxRss, rssMb(c.child.pid));
    if (maxRss > rssBoundMb) problems.push(`RSS ${maxRss.toFixed(0)} MB > ${rssBoundMb} MB`);
    if (c.child.exitCode !== null) problems.push("the controller exited");
    const ms = (v: number) => (v >= 1000 ? `${(v / 1000).toFixed(1)} s` : `${v.toFixed(0)} ms`);
    const figures =
      `${events} events in ${faultSeconds.toFixed(0)} s. ` +
      `Unplugs: ${unplugs} (${pulls.glitches} glitches of ${GLITCH_MS.join("–")} ms, ${pulls.long} pulls of ` +
      `${PULL_MS.map((v) => v / 1000).join("–")} s) → ${delta.reconnects} reconnects ` +
      `(${pulls.seen} within ${RECONNECT_TIMEOUT_MS / 1000} s of the replug, ${pulls.missed} missed${pulls.missed > 0 ? ", noticed only when a refresh made the driver write" : ""}; ` +
      `replug → reconnect p50 ${ms(percentile(pulls.reconnectMs, 50))}, max ${ms(Math.max(0, ...pulls.reconnectMs))}). ` +
      `Garbage: ${garbage.bursts} bursts, ${garbage.bytes} bytes with ${garbage.frameStarts} frame starts` +
      `${garbage.failed ? ` (${garbage.failed} not written)` : ""} → driver received ${delta.bytesReceived} bytes ` +
      `(replies included), ${delta.badFrames} bad frames (${garbage.frameStarts} injected + ${corruptReplies} ` +
      `corrupt replies from the emulator), ${delta.unsolicited} unsolicited, ${delta.retries} retries, ` +
      `${delta.timeouts} timeouts. Controller CPU ${faultCpu.toFixed(0)} s; driver sent ${delta.bytesSent} bytes (read-backs, clock), ${resent}, ` +
      `content lost ${delta.contentLost} time(s); RSS ${rssBefore.toFixed(0)} → max ${maxRss.toFixed(0)} MB`;
    writeFileSync(path.join(dir, "controller.log"), c.output());
    writeFileSync(path.join(dir, "status.json"), JSON.stringify(await sign(), null, 2));
    if (problems.length) problems.push(`logs and the last status in ${dir}`);
    return {
      test: "serial faults (unplug/replug, garbage, noisy emulator)",
      figures: problems.length ? `${problems.join("; ")}. ${figures}` : figures,
      bound:
        `sign settles, lit, with the clean run's files; ≥ ${MIN_SEEN * 100} % of unplugs seen as reconnects within ${RECONNECT_TIMEOUT_MS / 1000} s; ` +
        `bad frames ≥ ${MIN_SEEN * 100} % of frame starts; all garbage bytes received; RSS ≤ ${rssBoundMb} MB`,
      ok: problems.length === 0,
    };
  } finally {
    await stopChild(c);
    emulator.kill("SIGTERM");
    await line.stop();
  }
}
