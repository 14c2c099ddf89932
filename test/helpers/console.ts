/**
 * Helpers for the operator console's e2e tests: a gate controller with users, and a console page in
 * Chromium that fails the test on a script error or a Content-Security-Policy violation (the
 * controller's CSP refuses inline styles; a violation is a bug even when the page looks fine).
 * No vitest imports: a controller made here lives as long as the suite, not one test.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { loadSettings } from "../../controller/src/config/settings.js";
import { defaultExtensions } from "../../controller/src/extensions.js";
import { createLogger } from "../../controller/src/log.js";
import { type RunningController, startController } from "../../controller/src/server.js";
import type { Role } from "../../controller/src/store/users-repo.js";
import { hasTestFactor, nextTestCode, PASSWORD, seedUsers } from "../integration/auth-helpers.js";
import { type Chromium, launchChromium } from "./browser.js";
import { kioskContentEnv, startControllerAt } from "./kiosk.js";

export { PASSWORD };

export interface ConsoleGate {
  controller: RunningController;
  base: string;
  stop(): Promise<void>;
}

/** A gate controller with its shipped content (or the kiosk helpers' small pack) and these users. */
export async function startConsoleGate(gate: string, users: Record<string, Role>): Promise<ConsoleGate> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "gatecast-console-"));
  // Port 0: the system's pick at the listen itself. A port found free earlier can be taken meanwhile by a
  // connection of a test running beside this one (outgoing connections use the same range).
  const controller = await startControllerAt(gate, 0, dataDir);
  await seedUsers(controller, users);
  return {
    controller,
    base: controller.url,
    async stop() {
      await controller.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A controller for a site file of its own config folder (`GATECAST_CONFIG_DIR`: a central office and
 * its gates' tokens, say), with these users. The signing key, if any, is the caller's environment
 * (`GATECAST_SIGNING_KEY` is read at each publish).
 */
export async function startConsoleSite(
  site: string,
  configDir: string,
  users: Record<string, Role>,
): Promise<ConsoleGate> {
  const settings = loadSettings({
    GATE: site,
    PORT: "0",
    DATA_DIR: mkdtempSync(path.join(tmpdir(), "gatecast-console-site-")),
    LOG_LEVEL: "silent",
    GATECAST_CONFIG_DIR: configDir,
    ...kioskContentEnv(site),
  });
  const controller = await startController(
    settings,
    createLogger("silent", false),
    defaultExtensions(settings),
  );
  await seedUsers(controller, users);
  return {
    controller,
    base: controller.url,
    async stop() {
      await controller.stop();
      rmSync(settings.dataDir, { recursive: true, force: true });
    },
  };
}

export interface ConsolePage {
  page: Page;
  /** Script errors and CSP violations seen so far. */
  problems: string[];
}

/** Opens a page at `url` and records what must never happen on it. */
export async function openPage(context: BrowserContext, url: string): Promise<ConsolePage> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`script error: ${error.message}`));
  page.on("console", (message) => {
    const text = message.text();
    if (message.type() === "error" && /Content Security Policy|Refused to/i.test(text)) {
      problems.push(`CSP: ${text}`);
    }
  });
  await page.goto(url);
  return { page, problems };
}

/**
 * Fills the login form (and the code step, for an account seeded with a second factor) and waits for
 * the app's frame (the user's name in the top bar).
 */
export async function logIn(page: Page, username: string, password = PASSWORD): Promise<void> {
  const login = page.locator("gc-console-login");
  await login.locator("#username").fill(username);
  await login.locator("#password").fill(password);
  await login.locator('button[type="submit"]').click();
  const base = new URL(page.url()).origin;
  if (hasTestFactor(base, username)) {
    await login.locator("#code").fill(nextTestCode(base, username));
    await login.locator('button[type="submit"]').click();
  }
  await page.locator(`gc-console-app .user[data-user="${username}"]`).waitFor();
}

export async function logOut(page: Page): Promise<void> {
  await page.locator('gc-console-app button[data-action="logout"]').click();
  await page.locator("gc-console-login #username").waitFor();
}

/** Opens a section from the side navigation and waits for its screen. */
export async function openSection(page: Page, section: string, screen: string): Promise<void> {
  await page.locator(`gc-console-nav a[data-section="${section}"]`).click();
  await page.locator(screen).first().waitFor();
}

/** The screens the navigation offers, in its order (`data-section` of each link). */
export function navSections(page: Page): Promise<(string | null)[]> {
  return page
    .locator("gc-console-nav a[data-section]")
    .evaluateAll((as) => as.map((a) => a.getAttribute("data-section")));
}

/**
 * A page with no session (the pages of one browser share its cookies), its script errors and CSP
 * violations added to `seen`, which a suite checks at its end.
 */
export async function openLoggedOut(context: BrowserContext, url: string, seen: string[][]): Promise<Page> {
  await context.clearCookies();
  const opened = await openPage(context, url);
  seen.push(opened.problems);
  return opened.page;
}

export interface ConsoleSession {
  gate: ConsoleGate;
  chromium: Chromium;
  /** The console, logged in. */
  page: Page;
  /** Script errors and CSP violations seen on the page so far. */
  problems: string[];
  /** Closes the browser, then stops the controller. */
  close(): Promise<void>;
}

/**
 * A gate controller with one user, a Chromium of this size beside it (both started at once), and the
 * console open in it, logged in as that user.
 */
export async function openConsoleSession(
  gateName: string,
  user: { username: string; role: Role },
  viewport: { width: number; height: number },
): Promise<ConsoleSession> {
  const [gate, chromium] = await Promise.all([
    startConsoleGate(gateName, { [user.username]: user.role }),
    launchChromium(viewport),
  ]);
  const { page, problems } = await openPage(chromium.context, `${gate.base}/console/`);
  await logIn(page, user.username);
  return {
    gate,
    chromium,
    page,
    problems,
    async close() {
      await chromium.close();
      await gate.stop();
    },
  };
}
