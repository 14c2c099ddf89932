/**
 * The virtual sign: what a site sign without a `port` gets, so a gate without hardware (or a laptop demo)
 * runs the whole path — render → encode → serial line → parse → sign memory — and shows its result in
 * `DATA_DIR/signs/<id>/` (latest.png, slides/, frames.jsonl, memory.json).
 *
 * The line is a real pty pair made by socat (`pty,raw,echo=0,link=…` twice), the driver on one end and the
 * in-process emulator on the other, both through `serialport` exactly as with a USB converter. Without
 * socat it falls back to an in-memory link (same driver, same emulator, no serial port) and says so.
 *
 * socat runs under a small shell that kills it when its stdin closes: if the controller dies (even by
 * SIGKILL), the pipe closes and socat goes with it instead of holding the ptys forever. It runs in its own
 * process group, so only the controller's stop ends it: driver first, then the emulator, then socat, each
 * knowing it is stopping, so a stop logs no lost line and restarts nothing.
 */

import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Logger } from "../log.js";
import type { SerialSettings } from "./driver/line.js";
import { memoryLink, type OpenTransport, serialTransport } from "./driver/transport.js";
import { createEmulatedSign, EmulatorHost, EmulatorOutput } from "./emulator/index.js";
import type { ProtocolName } from "./protocols/index.js";

export interface VirtualSignOptions {
  readonly id: string;
  readonly protocol: ProtocolName;
  readonly panel: { readonly width: number; readonly height: number };
  readonly serial: SerialSettings;
  /** The address the emulated sign answers to (as in the site file). */
  readonly address: string;
  /** Where the emulator writes what it shows. */
  readonly outDir: string;
  readonly logger: Logger;
  /** Test hook: pretend socat is missing. */
  readonly forceInProcess?: boolean;
}

export interface VirtualSign {
  readonly mode: "pty" | "in-process";
  /** What the driver opens. */
  readonly open: OpenTransport;
  /** The driver's end, for status (`/tmp/…/host` or `memory:a`). */
  readonly port: string;
  readonly emulator: EmulatorHost;
  stop(): Promise<void>;
}

let socatChecked: boolean | undefined;

/** Is socat on the PATH? Asked once per process. */
export function haveSocat(): boolean {
  socatChecked ??= spawnSync("socat", ["-V"], { stdio: "ignore" }).error === undefined;
  return socatChecked;
}

// A background job's stdin is /dev/null in a non-interactive shell: keep the pipe on fd 3 for the watcher.
const WRAPPER = 'exec 3<&0; socat -d -d "$1" "$2" & p=$!; (read _ <&3; kill $p 2>/dev/null) & wait $p';

async function waitForLinks(links: readonly string[], child: ChildProcess, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!links.every((l) => existsSync(l))) {
    if (child.exitCode !== null) throw new Error(`socat exited with code ${child.exitCode}`);
    if (Date.now() > until)
      throw new Error(`socat did not create ${links.join(" and ")} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A socat pty pair kept alive (restarted on the same link paths if it dies) until `stop`. */
class PtyPair {
  #child: ChildProcess | undefined;
  #stopped = false;
  #restartTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly host: string,
    readonly sign: string,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    const child = spawn(
      "sh",
      ["-c", WRAPPER, "sh", `pty,raw,echo=0,link=${this.host}`, `pty,raw,echo=0,link=${this.sign}`],
      // Its own process group: a Ctrl-C in the terminal signals the whole foreground group, and socat
      // dying with the controller's SIGINT would show the stop as a lost line (EIO) and a restart. The
      // controller stops it itself, after the driver and the emulator (systemd's KillMode=mixed signals
      // only the main process too).
      { stdio: ["pipe", "ignore", "pipe"], detached: true },
    );
    this.#child = child;
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (text: string) => this.logger.trace({ socat: text.trim() }, "socat"));
    child.on("exit", (code, signal) => {
      if (this.#stopped || this.#child !== child) return;
      // In its own process group, socat is signalled by our stop only: an exit now is a fault.
      this.logger.warn({ code, signal }, "the virtual sign's socat exited; restarting it in 1 s");
      this.#restartTimer = setTimeout(() => void this.start().catch(() => undefined), 1000);
    });
    try {
      await waitForLinks([this.host, this.sign], child, 5000);
    } catch (error) {
      this.#kill(child);
      throw error;
    }
  }

  #kill(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      const force = setTimeout(() => child.kill("SIGKILL"), 1000);
      child.once("exit", () => {
        clearTimeout(force);
        resolve();
      });
      // Closing stdin makes the wrapper kill socat and exit.
      child.stdin?.end();
    });
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#restartTimer);
    if (this.#child) await this.#kill(this.#child);
  }
}

export async function startVirtualSign(options: VirtualSignOptions): Promise<VirtualSign> {
  const { logger } = options;
  const sign = createEmulatedSign({
    protocol: options.protocol,
    width: options.panel.width,
    height: options.panel.height,
    address: options.address,
  });
  const output = new EmulatorOutput(options.outDir);
  const emulatorLogger = logger.child({ emulator: options.id });

  if (!options.forceInProcess && haveSocat()) {
    const dir = mkdtempSync(path.join(tmpdir(), `gatecast-${options.id}-`));
    const pair = new PtyPair(
      path.join(dir, "host"),
      path.join(dir, "sign"),
      logger.child({ sign: options.id }),
    );
    try {
      await pair.start();
      const emulator = new EmulatorHost({
        sign,
        output,
        logger: emulatorLogger,
        device: pair.sign,
        open: serialTransport(pair.sign, options.serial),
      });
      await emulator.start();
      logger.info(
        { line: pair.host, out: options.outDir },
        `sign ${options.id} has no port: a virtual ${options.protocol} sign answers on a pty pair; it shows in ${options.outDir}`,
      );
      return {
        mode: "pty",
        open: serialTransport(pair.host, options.serial),
        port: pair.host,
        emulator,
        async stop() {
          await emulator.stop();
          await pair.stop();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    } catch (error) {
      await pair.stop();
      rmSync(dir, { recursive: true, force: true });
      logger.warn(
        { err: (error as Error).message },
        "could not make a pty pair for the virtual sign; running it in-process",
      );
    }
  } else {
    logger.warn(
      `socat is not ${options.forceInProcess ? "used" : "installed"}: the virtual sign ${options.id} runs in-process without a serial line (install socat to test the whole serial path)`,
    );
  }
  const link = memoryLink(`virtual-${options.id}`);
  const emulator = new EmulatorHost({
    sign,
    output,
    logger: emulatorLogger,
    device: "memory:b",
    open: link.b.open,
  });
  await emulator.start();
  return {
    mode: "in-process",
    open: link.a.open,
    port: `in-process:${options.id}`,
    emulator,
    stop: () => emulator.stop(),
  };
}
