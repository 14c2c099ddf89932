import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { afterEach } from "vitest";
import { ROOT_DIR } from "../../controller/src/config/settings.js";

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject()));
    });
  });
}

export interface Cli {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Runs `gatecast …` (bin/gatecast.js) as a real child process, as a person would. */
export function gatecast(args: string[], env: Record<string, string>, stdin?: string): Cli {
  const child = spawn(process.execPath, [path.join(ROOT_DIR, "bin", "gatecast.js"), ...args], {
    cwd: ROOT_DIR,
    env: { ...process.env, LOG_LEVEL: "info", ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  children.push(child);
  let out = "";
  child.stdout?.on("data", (d) => {
    out += d;
  });
  child.stderr?.on("data", (d) => {
    out += d;
  });
  if (stdin !== undefined) child.stdin?.end(stdin);
  // "close", not "exit": the output a child wrote last may still be in its pipes when it exits.
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  return { child, output: () => out, exited };
}

/**
 * A wait shorter than this is a guess about the machine's speed, not a sign that something is stuck: a
 * `gatecast serve` child under tsx has taken over a minute to answer on a loaded 2-core machine.
 */
const STUCK_MS = 120_000;

/**
 * Polls `probe` until it gives a value. `timeoutMs` says how long the wait is expected to take; it is
 * never cut below two minutes, so a busy machine makes a test slow, never red.
 */
export async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = STUCK_MS): Promise<T> {
  const until = Date.now() + Math.max(timeoutMs, STUCK_MS);
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch {
      // not up yet
    }
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 100));
  }
}
