/** Shared pieces of the reliability suite: controller child processes, an API client, figures. */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { TOTP_WINDOW, totpCode, totpStep } from "../controller/src/auth/totp.js";
import { ROOT_DIR } from "../controller/src/config/settings.js";

export const PASSWORD = "soak-passphrase-Cầu-Treo";
export const GATECAST = path.join(ROOT_DIR, "bin", "gatecast.js");

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject()));
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resident set size of a process in MB (Linux /proc). */
export function rssMb(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

/** `gatecast user add` as a person would run it (password on stdin). */
export function addUser(env: Record<string, string>, username: string, role: string): void {
  const result = spawnSync(
    process.execPath,
    [GATECAST, "user", "add", "--username", username, "--role", role],
    {
      cwd: ROOT_DIR,
      env: { ...process.env, LOG_LEVEL: "silent", ...env },
      input: `${PASSWORD}\n`,
      encoding: "utf8",
    },
  );
  if (result.status !== 0) throw new Error(`user add failed: ${result.stdout}${result.stderr}`);
}

export interface ControllerChild {
  child: ChildProcess;
  url: string;
  output(): string;
  exited: Promise<number | null>;
}

/** `gatecast serve` as a child process; resolves once /healthz answers 200. */
export async function startChild(env: Record<string, string>, timeoutMs = 60_000): Promise<ControllerChild> {
  const port = env.PORT ?? String(await freePort());
  const child = spawn(process.execPath, [GATECAST, "serve"], {
    cwd: ROOT_DIR,
    env: { ...process.env, LOG_LEVEL: "warn", ...env, PORT: port },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (d) => {
    out = (out + d).slice(-20_000);
  });
  child.stderr?.on("data", (d) => {
    out = (out + d).slice(-20_000);
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`controller exited (${child.exitCode}): ${out}`);
    try {
      if ((await fetch(`${url}/healthz`)).status === 200) break;
    } catch {
      // not up yet
    }
    if (Date.now() > until) {
      child.kill("SIGKILL");
      throw new Error(`controller did not answer within ${timeoutMs} ms: ${out}`);
    }
    await sleep(50);
  }
  return { child, url, output: () => out, exited };
}

export async function stopChild(c: ControllerChild, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  if (c.child.exitCode !== null || c.child.signalCode !== null) return;
  c.child.kill(signal);
  await c.exited;
}

export interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: the suite reads arbitrary answer fields.
  body: any;
  ms: number;
}

/** Second factors set up by this run, per controller and account, with the newest step used. */
const factors = new Map<string, { secret: string; step: number }>();

/** A console client: session cookie and CSRF token, as the browser app keeps them. */
export class Client {
  cookie: string | undefined;
  csrf: string | undefined;
  constructor(readonly base: string) {}

  /**
   * Logs in as a person would: an account that must have a second factor (admins) sets one up at its
   * first login; later logins answer the code step with the next unused code of that secret.
   */
  async login(username: string): Promise<this> {
    let a = await this.send("POST", "/api/v1/session", { username, password: PASSWORD });
    const key = `${this.base}|${username}`;
    if (a.status === 200 && a.body.challenge) {
      const held = factors.get(key);
      if (!held) throw new Error(`login ${username}: a code is asked and this run holds no secret`);
      // Each step's code works once, and only within a step of now: a login that comes back within
      // the same half-minute waits for the next step rather than send a code from the future.
      const step = Math.max(held.step + 1, totpStep(Date.now()));
      while (step > totpStep(Date.now()) + TOTP_WINDOW) await sleep(1000);
      held.step = step;
      a = await this.send("POST", "/api/v1/session/second-factor", {
        challenge: a.body.challenge,
        code: totpCode(held.secret, held.step),
      });
    }
    if (a.status !== 200) throw new Error(`login ${username}: ${a.status}`);
    this.csrf = a.body.csrfToken;
    if (a.body.secondFactor?.missing) {
      const enrol = await this.send("POST", "/api/v1/account/second-factor/enrolment", {});
      const step = totpStep(Date.now());
      const ok = await this.send("POST", "/api/v1/account/second-factor/confirmation", {
        code: totpCode(enrol.body.secret, step),
      });
      if (ok.status !== 200) throw new Error(`second factor of ${username}: ${ok.status}`);
      factors.set(key, { secret: enrol.body.secret, step });
    }
    return this;
  }

  async send(
    method: string,
    route: string,
    body?: unknown,
    options: { raw?: string; contentType?: string; timeoutMs?: number } = {},
  ): Promise<Answer> {
    const headers: Record<string, string> = {};
    if (body !== undefined || options.raw !== undefined)
      headers["content-type"] = options.contentType ?? "application/json";
    if (this.cookie) headers.cookie = `gc_session=${this.cookie}`;
    if (this.csrf) headers["x-csrf-token"] = this.csrf;
    const started = performance.now();
    const res = await fetch(`${this.base}${route}`, {
      method,
      headers,
      body: options.raw ?? (body === undefined ? undefined : JSON.stringify(body)),
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
    for (const c of res.headers.getSetCookie()) {
      const m = /^gc_session=([^;]*)/.exec(c);
      if (m) this.cookie = /Max-Age=0/.test(c) ? undefined : m[1];
    }
    const text = await res.text();
    const ms = performance.now() - started;
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON
    }
    return { status: res.status, body: parsed, ms };
  }
}

export function baseEnv(dataDir: string): Record<string, string> {
  return { GATE: "cau-treo", DATA_DIR: dataDir, HOST: "127.0.0.1" };
}

export interface Row {
  test: string;
  figures: string;
  bound: string;
  ok: boolean;
}
