/**
 * systemd's notify protocol (sd_notify(3)) for `Type=notify` + `WatchdogSec=`: READY=1 once the HTTP
 * server listens, WATCHDOG=1 every WATCHDOG_USEC/2 while the event loop and the database answer,
 * STOPPING=1 when a stop begins. Outside systemd ($NOTIFY_SOCKET unset) every call does nothing.
 *
 * The protocol is one datagram of newline-separated `KEY=VALUE` lines to the unix socket named in
 * $NOTIFY_SOCKET. Node has no unix datagram sockets, so a datagram is sent by a helper process:
 * `systemd-notify` (part of systemd, so present wherever $NOTIFY_SOCKET is; it waits until systemd has
 * read the message, which avoids the race of a sender exiting before systemd attributes it), or, if
 * it is missing, `socat - UNIX-SENDTO:<socket>`. Because the sender is a child of the controller, the
 * unit says `NotifyAccess=all` (systemd accepts messages from any process of the service's cgroup).
 * A helper every WATCHDOG_USEC/2 (15 s with WatchdogSec=30) costs a few ms of CPU.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { assertDatabaseAnswers, type Db } from "../store/database.js";

export type NotifyFields = Record<string, string | number>;

/** `{READY: 1, STATUS: "x"}` → `"READY=1\nSTATUS=x"`; newlines in values would split a field, so they are refused. */
export function formatNotify(fields: NotifyFields): string {
  return Object.entries(fields)
    .map(([key, value]) => {
      if (!/^[A-Z_][A-Z0-9_]*$/.test(key)) throw new Error(`invalid sd_notify field name ${key}`);
      const text = String(value);
      if (/[\n\0]/.test(text)) throw new Error(`sd_notify field ${key} contains a newline`);
      return `${key}=${text}`;
    })
    .join("\n");
}

/**
 * The watchdog ping interval: half of WATCHDOG_USEC (sd_watchdog_enabled(3) recommends pinging at
 * half the timeout), or undefined when the watchdog is off or meant for another process (WATCHDOG_PID).
 */
export function watchdogIntervalMs(env: NodeJS.ProcessEnv, pid = process.pid): number | undefined {
  const usec = Number(env.WATCHDOG_USEC);
  if (!env.WATCHDOG_USEC || !Number.isFinite(usec) || usec <= 0) return undefined;
  if (env.WATCHDOG_PID && Number(env.WATCHDOG_PID) !== pid) return undefined;
  return Math.max(1, Math.floor(usec / 2 / 1000));
}

export type NotifyTransport = (socket: string, message: string) => Promise<void>;

function which(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? "/usr/bin:/bin").split(":")) {
    const full = `${dir}/${command}`;
    if (dir && existsSync(full)) return full;
  }
  return undefined;
}

function runHelper(command: string, args: string[], input: string | undefined, env: NodeJS.ProcessEnv) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: [input === undefined ? "ignore" : "pipe", "ignore", "pipe"],
      env,
    });
    let stderr = "";
    child.stderr?.on("data", (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${command} exited with ${code}: ${stderr.trim()}`));
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

/**
 * Sends with systemd-notify, or socat when systemd-notify is not installed (or when
 * GATECAST_NOTIFY_HELPER=socat: socat does not wait for systemd, which tests with a plain socket need).
 */
export function helperTransport(env: NodeJS.ProcessEnv = process.env): NotifyTransport {
  const systemdNotify = env.GATECAST_NOTIFY_HELPER === "socat" ? undefined : which("systemd-notify");
  const socat = which("socat");
  return async (socket, message) => {
    if (systemdNotify) {
      // systemd-notify reads the socket from the environment and sends its arguments as fields.
      await runHelper(systemdNotify, message.split("\n"), undefined, {
        ...process.env,
        NOTIFY_SOCKET: socket,
      });
    } else if (socat) {
      // An abstract socket (`@name`) is written with socat's abstract address type.
      const address = socket.startsWith("@") ? `ABSTRACT-SENDTO:${socket.slice(1)}` : `UNIX-SENDTO:${socket}`;
      await runHelper(socat, ["-u", "-", address], message, process.env);
    } else {
      throw new Error("neither systemd-notify nor socat is installed: cannot notify systemd");
    }
  };
}

export interface NotifierOptions {
  env?: NodeJS.ProcessEnv;
  transport?: NotifyTransport;
  /** The health probe before each watchdog ping: throw (or return false) to withhold the ping. */
  healthy?: () => boolean;
  setInterval?: (fn: () => void, ms: number) => unknown;
  clearInterval?: (handle: unknown) => void;
  onError?: (error: Error) => void;
  pid?: number;
}

/** The notify side of a controller's life: `ready()` after listen, pings, `stopping()` on SIGTERM. */
export class SdNotifier {
  readonly socket: string | undefined;
  readonly intervalMs: number | undefined;
  readonly #transport: NotifyTransport;
  readonly #o: NotifierOptions;
  #timer: unknown;
  #stopping = false;
  /** Messages sent (for tests and diagnostics). */
  sent = 0;
  withheld = 0;

  constructor(options: NotifierOptions = {}) {
    const env = options.env ?? process.env;
    this.#o = options;
    this.socket = env.NOTIFY_SOCKET || undefined;
    this.intervalMs = this.socket ? watchdogIntervalMs(env, options.pid) : undefined;
    this.#transport = options.transport ?? helperTransport(env);
  }

  get enabled(): boolean {
    return this.socket !== undefined;
  }

  notify(fields: NotifyFields): Promise<void> {
    if (!this.socket) return Promise.resolve();
    // Called from a timer and from stop: every failure goes to onError, none is thrown or rejected.
    const report = (error: unknown) => {
      try {
        this.#o.onError?.(error instanceof Error ? error : new Error(String(error)));
      } catch {
        // The reporter failed too; a missed ping is the watchdog's business.
      }
    };
    try {
      const message = formatNotify(fields);
      this.sent++;
      return this.#transport(this.socket, message).catch(report);
    } catch (error) {
      report(error);
      return Promise.resolve();
    }
  }

  /** READY=1 and, when the unit has WatchdogSec, starts the pings. */
  ready(status = "serving"): Promise<void> {
    const done = this.notify({ READY: 1, STATUS: status, MAINPID: this.#o.pid ?? process.pid });
    if (this.intervalMs !== undefined && this.#timer === undefined) {
      const every = this.#o.setInterval ?? setInterval;
      const handle = every(() => this.ping(), this.intervalMs);
      (handle as { unref?: () => void }).unref?.();
      this.#timer = handle;
    }
    return done;
  }

  /** One watchdog tick: pings only when the probe says the controller is healthy. */
  ping(): Promise<void> {
    if (this.#stopping) return Promise.resolve();
    let ok = false;
    try {
      ok = this.#o.healthy?.() ?? true;
    } catch {
      ok = false;
    }
    if (!ok) {
      this.withheld++;
      return Promise.resolve();
    }
    return this.notify({ WATCHDOG: 1 });
  }

  stopping(): Promise<void> {
    if (this.#stopping) return Promise.resolve();
    this.#stopping = true;
    this.#clear();
    return this.notify({ STOPPING: 1, STATUS: "stopping" });
  }

  #clear(): void {
    if (this.#timer !== undefined) (this.#o.clearInterval ?? clearInterval)(this.#timer as NodeJS.Timeout);
    this.#timer = undefined;
  }
}

/**
 * The probe behind each ping: the timer firing shows the event loop turns; the database must answer a
 * query. A wedged loop sends nothing and a broken database withholds the ping, so systemd restarts
 * the controller after WatchdogSec.
 */
export function databaseProbe(db: Db): () => boolean {
  return () => {
    assertDatabaseAnswers(db);
    return true;
  };
}
