/**
 * What a whole e2e test file shares, started before its tests (the UI built first, when stale) and
 * stopped after them. Imports vitest (these register the file's hooks): for test files only.
 */
import type { BrowserContext } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import type { Role } from "../../controller/src/store/users-repo.js";
import { type Chromium, ensureUiBuilt, launchChromium } from "./browser.js";
import { type ConsoleSession, openConsoleSession } from "./console.js";

/** One Chromium; call at the file's top level: `context` is there inside its tests and hooks. */
export function chromiumForFile(options?: Parameters<typeof launchChromium>[0]): {
  readonly context: BrowserContext;
} {
  let chromium: Chromium | undefined;
  beforeAll(async () => {
    ensureUiBuilt();
    chromium = await launchChromium(options);
  }, 180_000);
  afterAll(async () => {
    await chromium?.close();
  });
  return {
    get context() {
      if (!chromium) throw new Error("Chromium starts in beforeAll: use it inside a test or a hook");
      return chromium.context;
    },
  };
}

/**
 * A gate controller, Chromium, and the console logged in as one user (openConsoleSession), for the
 * whole file; `ready` gets the session once it is open, to keep what the tests use.
 */
export function consoleForFile(
  gate: string,
  user: { username: string; role: Role },
  viewport: { width: number; height: number },
  ready: (session: ConsoleSession) => void,
): void {
  let session: ConsoleSession | undefined;
  beforeAll(async () => {
    ensureUiBuilt();
    session = await openConsoleSession(gate, user, viewport);
    ready(session);
  }, 180_000);
  afterAll(async () => {
    await session?.close();
  });
}
