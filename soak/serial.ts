/**
 * Serial faults: a pty pair (socat) between the controller and the sign emulator (a process of its
 * own, answering with line noise and a corrupt checksum now and then). The suite pulls the "cable"
 * (kills socat and starts it again) and sprays garbage bytes at the controller; afterwards the sign
 * hold the same files (text and pictures) as before the faults, and the controller's RSS must stay bounded.
 */
import { type ChildProcess, spawn } from "node:child_process";
import {
  closeSync,
  constants,
  cpSync,
  existsSync,
  openSync,
  readFileSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import path from "node:path";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { ROOT_DIR } from "../controller/src/config/settings.js";
import { baseEnv, GATECAST, type Row, rssMb, sleep, startChild, stopChild, tempDir } from "./lib.js";

class Pair {
  child: ChildProcess | undefined;
  constructor(
    readonly a: string,
    readonly b: string,
  ) {}
  async plug(): Promise<void> {
    const child = spawn("socat", [`pty,raw,echo=0,link=${this.a}`, `pty,raw,echo=0,link=${this.b}`], {
      stdio: "ignore",
    });
    this.child = child;
    const until = Date.now() + 5000;
    while (!(existsSync(this.a) && existsSync(this.b))) {
      if (Date.now() > until || child.exitCode !== null) throw new Error("socat made no links");
      await sleep(5);
    }
  }
  async unplug(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    const gone = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await gone;
  }
}

export async function serialFaults(events: number, random: () => number, rssBoundMb: number): Promise<Row> {
  const dir = tempDir("gatecast-soak-serial-");
  const pair = new Pair(path.join(dir, "host"), path.join(dir, "sign"));
  await pair.plug();
  const configDir = path.join(dir, "config");
  cpSync(path.join(ROOT_DIR, "firmware-config"), configDir, { recursive: true });
  const siteFile = path.join(configDir, "sites", "cau-treo.yaml");
  const site = parseYaml(readFileSync(siteFile, "utf8")) as Record<string, unknown>;
  site.signs = [
    {
      id: "gate-sign",
      name: "Soak sign",
      profile: "alpha-96x16",
      port: pair.a,
      address: "00",
      serial: { baudRate: 115200 },
    },
  ];
  writeFileSync(siteFile, stringifyYaml(site));
  const out = path.join(dir, "emulator");
  const emulator = spawn(
    process.execPath,
    [
      GATECAST,
      "sign",
      "emulate",
      "--protocol",
      "alpha",
      "--device",
      pair.b,
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
      "9",
    ],
    { cwd: ROOT_DIR, stdio: "ignore", env: { ...process.env, LOG_LEVEL: "warn" } },
  );
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
  const signMemory = () => {
    try {
      const m = JSON.parse(readFileSync(path.join(out, "memory.json"), "utf8")) as Record<string, unknown>;
      // Page timings ("ms") change as the sign rotates by itself; the content is everything else.
      return JSON.stringify([m.memoryConfig, m.files], (key, value) => (key === "ms" ? undefined : value));
    } catch {
      return "unreadable";
    }
  };
  const c = await startChild({ ...baseEnv(path.join(dir, "data")), GATECAST_CONFIG_DIR: configDir });
  const sign = async () =>
    (await (await fetch(`${c.url}/api/v1/signs/gate-sign`)).json()) as Record<string, unknown>;
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
  let unplugs = 0;
  let garbage = 0;
  try {
    if (!(await settled(30_000))) throw new Error("the sign never settled before the faults");
    // What a clean run stored in the sign: its memory layout and files (text + pictures). The sign
    // rotates the pages itself, so the files, not the page on show, are what must come back the same.
    await sleep(3000);
    const clean = signMemory();
    const rssBefore = rssMb(c.child.pid);
    const started = Date.now();
    for (let i = 0; i < events; i++) {
      if (random() < 0.3) {
        unplugs++;
        await pair.unplug();
        await sleep(20 + random() * 150);
        await pair.plug();
      } else {
        garbage++;
        // Garbage written into the sign's end reaches the controller as if the line were noisy.
        try {
          const fd = openSync(pair.b, constants.O_WRONLY | constants.O_NOCTTY | constants.O_NONBLOCK);
          const bytes = Buffer.alloc(8 + Math.floor(random() * 200));
          for (let j = 0; j < bytes.length; j++) bytes[j] = Math.floor(random() * 256);
          writeSync(fd, bytes);
          closeSync(fd);
        } catch {
          // the pty was being replugged
        }
        await sleep(random() * 30);
      }
      maxRss = Math.max(maxRss, rssMb(c.child.pid));
    }
    const faultSeconds = (Date.now() - started) / 1000;
    const lastSeq = displays().at(-1)?.seq ?? 0;
    const final = await settled(60_000);
    await sleep(3000);
    // Faults on the line do not clear the sign's memory: unless a picture was cut mid-write, the sign
    // keeps what it had and nothing is re-sent. What it shows last (and anything sent since) must be right.
    const last = displays().at(-1);
    const after = [...displays().filter((d) => d.seq > lastSeq && d.lit), ...(last ? [last] : [])];
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
    maxRss = Math.max(maxRss, rssMb(c.child.pid));
    if (maxRss > rssBoundMb) problems.push(`RSS ${maxRss.toFixed(0)} MB > ${rssBoundMb} MB`);
    if (c.child.exitCode !== null) problems.push("the controller exited");
    const s = final ?? (await sign());
    return {
      test: "serial faults (unplug/replug, garbage, noisy emulator)",
      figures: problems.length
        ? problems.join("; ")
        : `${events} events (${unplugs} unplugs, ${garbage} garbage bursts) in ${faultSeconds.toFixed(0)} s; ` +
          `${after.length - 1} picture(s) re-sent; ` +
          `reconnects ${s.reconnects}, bad frames ${s.badFrames}, retries ${s.retries}; RSS ${rssBefore.toFixed(0)} → max ${maxRss.toFixed(0)} MB`,
      bound: `sign settles, lit, with the clean run's files; RSS ≤ ${rssBoundMb} MB`,
      ok: problems.length === 0,
    };
  } finally {
    await stopChild(c);
    emulator.kill("SIGTERM");
    await pair.unplug();
  }
}
