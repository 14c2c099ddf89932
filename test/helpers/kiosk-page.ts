/**
 * A kiosk page in the e2e tests' Chromium: opened and ready (the app has its content version), with
 * its script errors kept for the test to check; closed without leaving anything behind.
 * No vitest imports: a helper, usable outside a test run.
 */
import type { BrowserContext, Page } from "playwright-core";

export interface KioskPage {
  page: Page;
  /** Script errors on the page so far: a test expects none. */
  errors: string[];
}

export interface KioskPageOptions {
  /** The screen, set before the kiosk loads (a portrait totem, say); else the browser's. */
  viewport?: { width: number; height: number };
  /** `prefers-reduced-motion: reduce`: the loop's cross-fade shortened to nothing. */
  reducedMotion?: boolean;
}

/** Opens `${base}/kiosk/?${query}` and waits until the kiosk app has loaded its content. */
export async function openKiosk(
  context: BrowserContext,
  base: string,
  query: string,
  options: KioskPageOptions = {},
): Promise<KioskPage> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  if (options.viewport) await page.setViewportSize(options.viewport);
  if (options.reducedMotion) await page.emulateMedia({ reducedMotion: "reduce" });
  await page.goto(`${base}/kiosk/?${query}`);
  await page.locator("gc-kiosk-app[data-version]").waitFor();
  return { page, errors };
}

/**
 * Closes a kiosk page and forgets what it left in the browser (service worker, storage, caches): the
 * next test's controller may get the same port, and so the same origin.
 */
export async function closeKiosk(page: Page): Promise<void> {
  await page.evaluate(async () => {
    for (const registration of await navigator.serviceWorker.getRegistrations())
      await registration.unregister();
    for (const name of await caches.keys()) await caches.delete(name);
    localStorage.clear();
  });
  await page.close();
}
