/**
 * Pairing a kiosk end to end in a real Chromium: a new kiosk shows its pairing code in a corner while
 * travelers use it, an operator types the code into the console's Ki-ốt screen, the kiosk gets its
 * token, and from then on its plays and sessions are stored. Screenshots go to /tmp.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Chromium, ensureUiBuilt, launchChromium } from "../helpers/browser.js";
import { type ConsoleGate, logIn, openPage, openSection, startConsoleGate } from "../helpers/console.js";
import { waitFor } from "../helpers/processes.js";

let gate: ConsoleGate;
let chromium: Chromium;

beforeAll(async () => {
  ensureUiBuilt();
  [gate, chromium] = await Promise.all([
    startConsoleGate("cau-treo", { lan: "operator" }),
    launchChromium({ width: 1440, height: 900 }),
  ]);
}, 180_000);

afterAll(async () => {
  await chromium?.close();
  await gate?.stop();
});

const count = (sql: string) => gate.controller.ctx.db.prepare(sql).pluck().get() as number;

describe("pairing a kiosk", () => {
  it("shows a code, is approved in the console, and then has its proof stored", async () => {
    const kiosk = await openPage(
      chromium.context,
      `${gate.base}/kiosk/?channel=hall&kiosk=e2e-pair&name=S%E1%BA%A3nh%20B&idle=5`,
    );
    const app = kiosk.page.locator("gc-kiosk-app");
    const said: string[] = [];
    kiosk.page.on("console", (m) => said.push(`${m.type()}: ${m.text()}`));
    await app
      .locator("gc-pairing-code .code")
      .waitFor({ timeout: 90_000 })
      .catch(async (error: Error) => {
        const attributes = await app.evaluate((el) =>
          el.getAttributeNames().map((n) => `${n}=${el.getAttribute(n)}`),
        );
        throw new Error(`${error.message}\nkiosk: ${attributes.join(" ")}\nconsole: ${said.join("\n")}`);
      });
    const code = (await app.getAttribute("data-pairing")) ?? "";
    expect(code).toMatch(/^[2-9A-Z]{8}$/);
    await expect(app.locator("gc-pairing-code .code").textContent()).resolves.toBe(
      `${code.slice(0, 4)}-${code.slice(4)}`,
    );
    // In every gate language, and the kiosk stays usable under it.
    await expect(app.locator("gc-pairing-code li").allTextContents()).resolves.toHaveLength(3);
    await kiosk.page.screenshot({ path: "/tmp/gatecast-kiosk-pairing.png" });
    await app.locator(".attract").click();
    await app.locator("gc-language-chooser").waitFor();
    // Until approved, nothing it sends is stored (its records wait in the kiosk).
    expect(count("SELECT count(*) FROM kiosks")).toBe(0);

    const operator = await openPage(chromium.context, `${gate.base}/console/`);
    await logIn(operator.page, "lan");
    await openSection(operator.page, "kiosks", "gc-console-kiosks");
    const screen = operator.page.locator("gc-console-kiosks");
    await screen.locator(`tr[data-pairing="${code}"]`).waitFor({ timeout: 90_000 });
    await screen.locator("#k-code").fill(`${code.slice(0, 4).toLowerCase()}-${code.slice(4)}`);
    await screen.locator("#k-name").fill("Sảnh B (cửa ra)");
    await screen.locator("#k-group").selectOption("hall");
    await screen.locator('button[type="submit"]').click();
    await screen.locator('tr[data-kiosk="e2e-pair"]').waitFor({ timeout: 90_000 });
    await operator.page.screenshot({ path: "/tmp/gatecast-console-kiosks.png" });

    // The kiosk gets its token, keeps it, and reconnects as itself: the code goes away.
    await expect.poll(() => app.getAttribute("data-enrolled"), { timeout: 90_000 }).toBe("true");
    expect(await app.getAttribute("data-pairing")).toBeNull();
    expect(await kiosk.page.evaluate(() => localStorage.getItem("gatecast:kiosk:enrolment"))).toContain(
      "e2e-pair",
    );
    // Its records reach the store: the loop's play cut by the touch, and the visit after the idle return.
    await waitFor(
      async () =>
        count("SELECT count(*) FROM proof_of_play WHERE device_id = 'e2e-pair'") > 0 ? true : undefined,
      30_000,
    );
    await waitFor(
      async () =>
        count("SELECT count(*) FROM kiosk_sessions WHERE device_id = 'e2e-pair'") > 0 ? true : undefined,
      30_000,
    );
    const row = gate.controller.ctx.db
      .prepare("SELECT name, channel_id FROM kiosks WHERE id = 'e2e-pair'")
      .get();
    expect(row).toEqual({ name: "Sảnh B (cửa ra)", channel_id: "hall" });
    await expect
      .poll(() => screen.locator('tr[data-kiosk="e2e-pair"] .badge.ok').count(), { timeout: 90_000 })
      .toBe(1);
    expect([...kiosk.problems, ...operator.problems]).toEqual([]);
    await kiosk.page.evaluate(async () => {
      for (const r of await navigator.serviceWorker.getRegistrations()) await r.unregister();
      localStorage.clear();
    });
  });
});
