/**
 * A real Chromium (Debian's, not a downloaded build) driven by playwright-core, for the e2e suites and
 * the kiosk bench. No vitest imports here: the bench harness imports this outside a test run.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type BrowserContext, chromium } from "playwright-core";
import { ROOT_DIR } from "../../controller/src/config/settings.js";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const ARGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** How long a browser wait may take before the test calls it stuck. */
export const STUCK_MS = 90_000;

export interface Chromium {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Launches Chromium with a fresh profile. A persistent context because the user-data-dir is ours to
 * choose (and to delete): a kiosk PC's browser keeps its profile, and so do the service worker and
 * localStorage this tests.
 */
export async function launchChromium(
  options: {
    width?: number;
    height?: number;
    locale?: string;
    timezoneId?: string;
    /** Another launcher (the kiosk-lockdown test's wrapper that gives Chromium a policy folder). */
    executablePath?: string;
    /** Flags after ours (a kiosk unit's `--user-agent=…`). */
    args?: string[];
    /** Playwright's own flags to leave out (`--disable-popup-blocking`, which no kiosk has). */
    ignoreDefaultArgs?: string[];
  } = {},
): Promise<Chromium> {
  const userDataDir = mkdtempSync(path.join(tmpdir(), "gatecast-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: options.executablePath ?? CHROMIUM_PATH,
    // Playwright passes its own --headless; ours (the new headless mode) is in args.
    headless: false,
    args: [...ARGS, ...(options.args ?? [])],
    ...(options.ignoreDefaultArgs ? { ignoreDefaultArgs: options.ignoreDefaultArgs } : {}),
    viewport: { width: options.width ?? 1920, height: options.height ?? 1080 },
    locale: options.locale ?? "vi-VN",
    // Another zone (a laptop brought from abroad) proves the console keeps to gate time.
    timezoneId: options.timezoneId ?? "Asia/Ho_Chi_Minh",
  });
  // Waits and actions end a test only when stuck (30 s by default, which a page's first load has
  // taken on a busy 2-core PC); a test's own shorter timeout is raised to this as well.
  context.setDefaultTimeout(STUCK_MS);
  context.setDefaultNavigationTimeout(STUCK_MS);
  return {
    context,
    async close() {
      // Chromium normally exits within a second of being asked; under load, or behind a wrapper (the
      // lockdown test's namespace launcher), a close has been seen to take minutes. After a minute the
      // browser's processes, found by their profile folder, are ended instead of waited for.
      const closed = context.close().catch(() => undefined);
      let timer: NodeJS.Timeout | undefined;
      const late = await Promise.race([
        closed.then(() => false),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(true), 60_000);
        }),
      ]);
      clearTimeout(timer);
      if (late) {
        console.warn(`chromium with profile ${userDataDir} did not close within 60 s: killing it`);
        killByProfile(userDataDir);
        await closed;
      }
      // Chromium's helper processes may still be writing into the profile for a moment after it exits:
      // a temporary folder left behind must not fail the test that used it.
      try {
        rmSync(userDataDir, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
      } catch (error) {
        console.warn(`left ${userDataDir}: ${(error as Error).message}`);
      }
    },
  };
}

/** Ends every process whose command line names `profile` (Chromium passes --user-data-dir to each helper). */
function killByProfile(profile: string): void {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (cmdline.includes(profile)) process.kill(Number(entry), "SIGKILL");
    } catch {
      // Gone already, or not ours to read.
    }
  }
}

/**
 * Builds display-ui when its sources changed since the last build (scripts/build-ui.mjs decides), so
 * `vitest run test/e2e` works on its own and never tests a stale bundle.
 */
export function ensureUiBuilt(): void {
  const result = spawnSync(
    process.execPath,
    ["--input-type=module", "-e", "const m = await import('./scripts/build-ui.mjs'); m.buildUiIfStale();"],
    { cwd: ROOT_DIR, stdio: "inherit" },
  );
  if (result.status !== 0) throw new Error("the display-ui build failed (see above)");
}
