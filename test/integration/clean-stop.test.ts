/**
 * Stopping `gatecast serve` as a person (Ctrl-C: SIGINT to the terminal's whole process group) and as
 * systemd (SIGTERM to the main process, KillMode=mixed) do: on the embedded default, whose sign is a
 * virtual one on a socat pty pair, the stop is orderly — each part says it stopped, in reverse start order,
 * nothing is lost or restarted on the way (no warning), socat and its ptys are gone, the last line is
 * "stopped" and the exit code 0.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ROOT_DIR } from "../../controller/src/config/settings.js";
import { tempDir } from "../helpers/fixtures.js";
import { freePort, waitFor } from "../helpers/processes.js";

interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

interface Served {
  child: ChildProcess;
  lines: LogLine[];
  stderr: () => string;
  exited: Promise<number | null>;
}

const running: ChildProcess[] = [];
afterEach(() => {
  for (const child of running.splice(0)) {
    if (child.exitCode === null && child.signalCode === null && child.pid) {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  }
});

/** `gatecast serve` on the embedded default (cau-treo, its real content pack), in its own process group. */
async function serve(): Promise<Served> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(ROOT_DIR, "bin", "gatecast.js"), "serve"], {
    cwd: ROOT_DIR,
    env: {
      ...process.env,
      GATE: "cau-treo",
      PORT: String(port),
      DATA_DIR: tempDir(),
      LOG_LEVEL: "info",
      GATECAST_RUNTIME: "tsx",
    },
    stdio: ["ignore", "pipe", "pipe"],
    // A process group of its own, as a shell gives a foreground job: Ctrl-C signals all of it.
    detached: true,
  });
  running.push(child);
  const lines: LogLine[] = [];
  let partial = "";
  child.stdout?.setEncoding("utf8");
  child.stdout?.on("data", (chunk: string) => {
    const parts = (partial + chunk).split("\n");
    partial = parts.pop() ?? "";
    for (const part of parts) {
      if (!part.trim()) continue;
      try {
        lines.push(JSON.parse(part) as LogLine);
      } catch {
        lines.push({ level: 60, msg: `not a JSON line: ${part}` });
      }
    }
  });
  let stderr = "";
  child.stderr?.on("data", (d) => {
    stderr += d;
  });
  // "close", not "exit": the last lines ("stopped") may still be in the pipe when the process exits.
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  // A child under tsx has taken over a minute to answer on a loaded 2-core machine.
  await waitFor(async () => ((await fetch(`${url}/healthz`)).status === 200 ? true : undefined), 180_000);
  // The virtual sign's driver is on its line: the whole path (socat, emulator, driver) runs.
  await waitFor(
    async () => (lines.some((l) => l.msg.startsWith("sign gate-sign connected on")) ? true : undefined),
    30_000,
  );
  return { child, lines, stderr: () => stderr, exited };
}

const STOPPED_PARTS = [
  "maintenance jobs stopped",
  "central sync stopped",
  "sign gate-sign stopped",
  "signs stopped",
  "kiosk hub stopped",
  "scheduler stopped",
  "disk guard stopped",
  "HTTP server closed",
  "database closed",
];

async function expectCleanStop(served: Served, signal: NodeJS.Signals, send: () => void): Promise<void> {
  const ptyLine = served.lines.find((l) => typeof l.line === "string")?.line as string | undefined;
  const from = served.lines.length;
  send();
  expect(await served.exited).toBe(0);
  const stop = served.lines.slice(from);
  const messages = stop.map((l) => l.msg);
  expect(stop.filter((l) => l.level >= 40)).toEqual([]);
  expect(messages[0]).toBe("stopping");
  // Each part once, in reverse start order; the last line says the stop is over.
  expect(messages.filter((m) => STOPPED_PARTS.includes(m))).toEqual(STOPPED_PARTS);
  const last = stop.at(-1);
  expect(last?.msg).toBe("stopped");
  expect(last?.signal).toBe(signal);
  expect(typeof last?.ms).toBe("number");
  expect(served.stderr().trim()).toBe("");
  // socat is gone with its ptys (the virtual sign removes their directory once socat exited).
  if (ptyLine) expect(existsSync(path.dirname(ptyLine))).toBe(false);
}

describe("a clean stop of gatecast serve", () => {
  it("Ctrl-C (SIGINT to the process group) stops every part in order, with no warning", async () => {
    const served = await serve();
    const pid = served.child.pid as number;
    await expectCleanStop(served, "SIGINT", () => process.kill(-pid, "SIGINT"));
  }, 360_000);

  it("SIGTERM (systemd, KillMode=mixed) stops every part in order, with no warning", async () => {
    const served = await serve();
    await expectCleanStop(served, "SIGTERM", () => served.child.kill("SIGTERM"));
  }, 360_000);
});
