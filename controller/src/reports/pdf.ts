/**
 * Prints a self-contained HTML document to PDF with Chromium's headless shell
 * (`chromium-headless-shell --print-to-pdf`, installed by install.sh on every PC), else the full
 * Chromium headless. The shell comes first because the kiosk's managed policy
 * (/etc/chromium/policies, docs/gate-pc.md) applies to every full Chromium on the PC, and it blocks
 * both the file:// page and the DevTools that headless printing uses; the shell reads no policy
 * (test/e2e/kiosk-lockdown.test.ts prints with the policy in force). A thin
 * driver: one print at a time (a second Chromium on a 2-core PC would slow both), a bounded wait
 * (killed after `timeoutMs`), a bounded queue, its own temporary folder and profile, removed after.
 * The page can reach nothing: its fonts are inline, and the host resolver answers no name.
 */
import { spawn } from "node:child_process";
import { accessSync, constants, existsSync, writeFileSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

/** No Chromium to print with: the route answers 503 `pdf-unavailable`. */
export class PdfUnavailableError extends Error {}
/** Too many prints waiting: the route answers 503 `busy`. */
export class PdfBusyError extends Error {}

export const PDF_LIMITS = {
  timeoutMs: 120_000,
  /** Prints waiting behind the one in progress. */
  maxQueued: 4,
  maxBytes: 64 * 1024 * 1024,
};

/** nice(1) level of the printing Chromium. */
const PRINT_NICENESS = 10;

const CANDIDATES = [
  "/usr/bin/chromium-headless-shell",
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
];
const ON_PATH = ["chromium-headless-shell", "chromium", "chromium-browser", "google-chrome"];

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    const file = path.join(dir, name);
    if (executable(file)) return file;
  }
  return undefined;
}

/** The Chromium to print with: `configured` (a path or a name on PATH), else the usual places. */
export function findChromium(configured?: string): string | undefined {
  if (configured) {
    if (configured.includes("/")) return executable(configured) ? configured : undefined;
    return onPath(configured);
  }
  for (const file of CANDIDATES) if (existsSync(file) && executable(file)) return file;
  for (const name of ON_PATH) {
    const found = onPath(name);
    if (found) return found;
  }
  return undefined;
}

export interface PdfPrinterOptions {
  /** `GATECAST_CHROMIUM`; absent: probed. */
  chromium?: string | undefined;
  timeoutMs?: number;
  maxQueued?: number;
}

export interface PrintResult {
  pdf: Buffer;
  ms: number;
}

export class PdfPrinter {
  readonly #configured: string | undefined;
  readonly #timeoutMs: number;
  readonly #maxQueued: number;
  #queue: Promise<unknown> = Promise.resolve();
  #waiting = 0;

  constructor(options: PdfPrinterOptions = {}) {
    this.#configured = options.chromium;
    this.#timeoutMs = options.timeoutMs ?? PDF_LIMITS.timeoutMs;
    this.#maxQueued = options.maxQueued ?? PDF_LIMITS.maxQueued;
  }

  /** The browser this printer would use now (undefined: none installed). */
  chromium(): string | undefined {
    return findChromium(this.#configured);
  }

  /** Prints `html` (a whole document) to PDF, after the prints before it. */
  print(html: string): Promise<PrintResult> {
    const chromium = this.chromium();
    if (!chromium) {
      return Promise.reject(
        new PdfUnavailableError(
          this.#configured
            ? `GATECAST_CHROMIUM=${this.#configured} is not an executable Chromium`
            : "no Chromium installed (apt-get install chromium, or set GATECAST_CHROMIUM)",
        ),
      );
    }
    if (this.#waiting >= this.#maxQueued + 1) {
      return Promise.reject(
        new PdfBusyError(`${this.#waiting} PDF exports already waiting; try again shortly`),
      );
    }
    this.#waiting++;
    const run = this.#queue.then(() => printOnce(chromium, html, this.#timeoutMs));
    this.#queue = run.catch(() => undefined);
    return run.finally(() => {
      this.#waiting--;
    });
  }
}

async function printOnce(chromium: string, html: string, timeoutMs: number): Promise<PrintResult> {
  const started = performance.now();
  const dir = await mkdtemp(path.join(os.tmpdir(), "gatecast-pdf-"));
  try {
    const page = path.join(dir, "report.html");
    const out = path.join(dir, "report.pdf");
    await writeFile(page, html);
    const args = [
      "--headless",
      "--disable-gpu",
      "--no-pdf-header-footer",
      "--print-to-pdf-no-header",
      `--print-to-pdf=${out}`,
      `--user-data-dir=${path.join(dir, "profile")}`,
      "--no-first-run",
      "--no-default-browser-check",
      "--disable-extensions",
      "--disable-sync",
      "--disable-background-networking",
      "--disable-breakpad",
      "--disable-dev-shm-usage",
      "--hide-scrollbars",
      "--mute-audio",
      // The document needs nothing from outside; nothing it names can be reached either.
      "--host-resolver-rules=MAP * ~NOTFOUND",
      // Chromium's sandbox refuses to run as root (a test container); the gatecast user keeps it.
      ...(process.getuid?.() === 0 ? ["--no-sandbox"] : []),
      `file://${page}`,
    ];
    await new Promise<void>((resolve, reject) => {
      const child = spawn(chromium, args, {
        detached: true,
        stdio: ["ignore", "ignore", "pipe"],
        env: { ...process.env, HOME: dir, XDG_CONFIG_HOME: dir, XDG_CACHE_HOME: dir },
      });
      // Below the controller: on a 2-core PC the print must not take the CPU the kiosks' sockets
      // and the signs' timing need (its helpers, forked later, inherit this).
      try {
        if (child.pid) os.setPriority(child.pid, PRINT_NICENESS);
      } catch {
        // Not allowed here: it prints at the controller's priority.
      }
      try {
        // Its own session (detached, so that its helpers can be killed with it) is its own scheduling
        // group on Linux, which shares the CPU with the controller's whatever the process's nice value:
        // the group's niceness is what keeps the controller's loop free (measured: 277 ms stalls → 10).
        if (child.pid) writeFileSync(`/proc/${child.pid}/autogroup`, String(PRINT_NICENESS));
      } catch {
        // No autogroups (another kernel, or not Linux): the process's niceness is all there is.
      }
      let stderr = "";
      child.stderr?.on("data", (chunk: Buffer) => {
        stderr = (stderr + chunk.toString("utf8")).slice(-4000);
      });
      const kill = () => {
        try {
          // The whole group: Chromium's renderer and GPU processes too.
          if (child.pid) process.kill(-child.pid, "SIGKILL");
        } catch {
          child.kill("SIGKILL");
        }
      };
      const timer = setTimeout(() => {
        kill();
        reject(new Error(`Chromium did not finish the PDF within ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      child.on("error", (error) => {
        clearTimeout(timer);
        reject(new PdfUnavailableError(`cannot run ${chromium}: ${error.message}`));
      });
      child.on("exit", (code, signal) => {
        clearTimeout(timer);
        // Helpers Chromium left behind must not outlive the print.
        kill();
        if (code === 0) resolve();
        else
          reject(
            new Error(
              `Chromium exited with ${signal ?? code}: ${stderr.trim().split("\n").slice(-3).join(" | ")}`,
            ),
          );
      });
    });
    const pdf = await readFile(out).catch(() => {
      throw new Error("Chromium finished but wrote no PDF");
    });
    if (pdf.subarray(0, 5).toString("latin1") !== "%PDF-")
      throw new Error("Chromium wrote something that is not a PDF");
    if (pdf.length > PDF_LIMITS.maxBytes)
      throw new Error(`the PDF is larger than ${PDF_LIMITS.maxBytes} bytes`);
    return { pdf, ms: Math.round(performance.now() - started) };
  } finally {
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}
