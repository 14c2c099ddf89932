/**
 * A socat pty pair for serial tests: `socat -d -d pty,raw,echo=0,link=A pty,raw,echo=0,link=B` with the
 * links in a temporary folder. `unplug()` kills socat (both ends see the line close, as when a USB
 * converter is pulled out); `replug()` starts a new socat on the same link paths. Killed after each test.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { cpSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach } from "vitest";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { ROOT_DIR } from "../../controller/src/config/settings.js";
import type { DisplayRecord } from "../../controller/src/signs/emulator/index.js";
import { tempDir } from "./fixtures.js";
import { type Cli, gatecast, waitFor } from "./processes.js";

const pairs: PtyPair[] = [];
afterEach(async () => {
  for (const pair of pairs.splice(0)) await pair.unplug();
});

export class PtyPair {
  #child: ChildProcess | undefined;

  constructor(
    /** The controller's end. */
    readonly a: string,
    /** The sign's end. */
    readonly b: string,
  ) {}

  get running(): boolean {
    return this.#child !== undefined && this.#child.exitCode === null && this.#child.signalCode === null;
  }

  /** Starts socat and resolves once both links exist (a fraction of a second, unless the machine is busy). */
  async replug(timeoutMs = 60_000): Promise<void> {
    if (this.running) throw new Error("the pty pair is already plugged in");
    const child = spawn(
      "socat",
      ["-d", "-d", `pty,raw,echo=0,link=${this.a}`, `pty,raw,echo=0,link=${this.b}`],
      {
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    let stderr = "";
    child.stderr?.on("data", (d) => {
      stderr += d;
    });
    this.#child = child;
    const until = Date.now() + timeoutMs;
    while (!(existsSync(this.a) && existsSync(this.b))) {
      if (child.exitCode !== null) throw new Error(`socat exited (${child.exitCode}): ${stderr}`);
      if (Date.now() > until) throw new Error(`socat made no links within ${timeoutMs} ms: ${stderr}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Kills socat (SIGTERM: it removes its links) and waits until it is gone. */
  async unplug(): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      // SIGKILL leaves the links behind: only for a socat that has not gone in 10 s (a loaded machine).
      const force = setTimeout(() => child.kill("SIGKILL"), 10_000);
      child.once("exit", () => {
        clearTimeout(force);
        resolve();
      });
      child.kill("SIGTERM");
    });
  }
}

/** A plugged-in pty pair whose links are `<tmp>/host` (controller) and `<tmp>/sign` (emulator). */
export async function ptyPair(): Promise<PtyPair> {
  const dir = tempDir("gatecast-pty-");
  const pair = new PtyPair(path.join(dir, "host"), path.join(dir, "sign"));
  pairs.push(pair);
  await pair.replug();
  return pair;
}

// ---------------------------------------------------------------------------------------------------------
// A serial sign rig: pty pair + the emulator as its own process (`gatecast sign emulate`) + a copy of
// firmware-config whose site points the sign at the pair, for the controller under test.

export interface SignRigOptions {
  protocol: "alpha" | "bx5";
  /** Profile's refreshIntervalS in the copied config (the schema's minimum is 10). */
  refreshIntervalS?: number;
  /** Extra `gatecast sign emulate` arguments (fault options). */
  emulatorArgs?: string[];
  /** The sign's baud rate (a site override); 115200 keeps tests quick, pacing included. */
  baudRate?: number;
}

export interface SignRig {
  pair: PtyPair;
  gate: string;
  /** GATECAST_CONFIG_DIR for the controller. */
  configDir: string;
  /** The emulator's output folder. */
  out: string;
  emulator: Cli;
  /** What the emulator wrote in memory.json (undefined before it exists). */
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary fields of the dump and assert on them
  memory(): Record<string, any> | undefined;
  /** frames.jsonl, parsed. */
  displays(): DisplayRecord[];
  /** The last line of frames.jsonl. */
  lastDisplay(): DisplayRecord | undefined;
  signal(signal: NodeJS.Signals): void;
}

const GATE_OF = { alpha: "cau-treo", bx5: "thanh-thuy" } as const;
const PROFILE_OF = { alpha: "alpha-96x16", bx5: "bx5-128x32" } as const;
const ADDRESS_OF = { alpha: "00", bx5: "1" } as const;

export async function signRig(options: SignRigOptions): Promise<SignRig> {
  const { protocol } = options;
  const pair = await ptyPair();
  const configDir = tempDir("gatecast-config-");
  cpSync(path.join(ROOT_DIR, "firmware-config"), configDir, { recursive: true });
  const gate = GATE_OF[protocol];
  const siteFile = path.join(configDir, "sites", `${gate}.yaml`);
  const site = parseYaml(readFileSync(siteFile, "utf8")) as Record<string, unknown>;
  site.signs = [
    {
      id: "gate-sign",
      name: "Test sign",
      profile: PROFILE_OF[protocol],
      port: pair.a,
      address: ADDRESS_OF[protocol],
      serial: { baudRate: options.baudRate ?? 115200 },
    },
  ];
  writeFileSync(siteFile, stringifyYaml(site));
  const profileFile = path.join(configDir, "signs", `${PROFILE_OF[protocol]}.yaml`);
  const profile = parseYaml(readFileSync(profileFile, "utf8")) as Record<string, unknown>;
  profile.refreshIntervalS = options.refreshIntervalS ?? 300;
  writeFileSync(profileFile, stringifyYaml(profile));
  const panel = (profile.panel as { width: number; height: number }) ?? { width: 96, height: 16 };

  const out = tempDir("gatecast-emulator-");
  const emulator = gatecast(
    [
      "sign",
      "emulate",
      "--protocol",
      protocol,
      "--device",
      pair.b,
      "--width",
      String(panel.width),
      "--height",
      String(panel.height),
      "--out",
      out,
      "--baud",
      String(options.baudRate ?? 115200),
      "--address",
      ADDRESS_OF[protocol],
      ...(options.emulatorArgs ?? []),
    ],
    {},
  );
  await waitFor(async () => (emulator.output().includes("emulating a") ? true : undefined), 20_000);
  const read = (file: string) => {
    try {
      return readFileSync(path.join(out, file), "utf8");
    } catch {
      return undefined;
    }
  };
  const displays = () =>
    (read("frames.jsonl") ?? "")
      .split("\n")
      // The last piece is "" after a whole line, or a line the emulator is still appending: skip it.
      .slice(0, -1)
      .map((l) => JSON.parse(l) as DisplayRecord);
  return {
    pair,
    gate,
    configDir,
    out,
    emulator,
    memory: () => {
      const text = read("memory.json");
      return text ? JSON.parse(text) : undefined;
    },
    displays,
    lastDisplay: () => displays().at(-1),
    signal: (signal) => {
      emulator.child.kill(signal);
    },
  };
}
