/**
 * The console's overview in a real Chromium says when the gate's data disk is low (what it refuses
 * meanwhile) and when the nightly backup did not run, in Vietnamese and in English; the notice goes by
 * itself when space returns. Low disk is produced by a floor above this machine's free space.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Chromium, ensureUiBuilt, launchChromium } from "../helpers/browser.js";
import { type ConsoleGate, logIn, openPage, startConsoleSite } from "../helpers/console.js";
import { configDirWith } from "../helpers/site-config.js";
import { ConsoleClient } from "../integration/auth-helpers.js";

let gate: ConsoleGate;
let chromium: Chromium;

beforeAll(async () => {
  ensureUiBuilt();
  const configDir = configDirWith(
    "cau-treo",
    [
      // A floor of 1 TB: this gate is in low-disk mode from its start.
      "storage: { minFreeMB: 1000000, minFreePercent: 0 }",
      "maintenance: { backup: { dir: /nonexistent/usb-disk } }",
    ].join("\n"),
  );
  [gate, chromium] = await Promise.all([
    startConsoleSite("cau-treo", configDir, { lan: "operator", minh: "supervisor" }),
    launchChromium({ width: 1280, height: 900 }),
  ]);
}, 180_000);

afterAll(async () => {
  await chromium?.close();
  await gate?.stop();
});

describe("the overview's upkeep notices", () => {
  it("shows a low disk and a backup that did not run, and the disk notice goes when space returns", async () => {
    // The backup job runs (and warns: no USB disk) when a supervisor asks.
    const sup = await new ConsoleClient(gate.base).loginOk("minh");
    expect((await sup.send("POST", "/api/v1/maintenance/backup/run")).status).toBe(202);
    await expect
      .poll(async () => (await sup.send("GET", "/api/v1/maintenance")).body.jobs[0].lastOutcome, {
        timeout: 90_000,
      })
      .toBe("warning");

    const { page, problems } = await openPage(chromium.context, `${gate.base}/console/`);
    await logIn(page, "lan");
    const disk = page.locator("gc-console-overview [data-disk-notice='low']");
    await disk.waitFor();
    expect(await disk.textContent()).toMatch(/Ổ đĩa dữ liệu sắp đầy: còn .+, dưới mức tối thiểu/);
    const backup = page.locator("gc-console-overview [data-backup-notice='warning']");
    expect(await backup.textContent()).toMatch(
      /Sao lưu hằng đêm chưa thực hiện được: không thấy thư mục sao lưu \/nonexistent\/usb-disk \(ổ USB/,
    );
    await page.screenshot({ path: "/tmp/gatecast-console-disk-low.png" });

    // Space returns (here: the floor drops); the next refresh has no disk notice.
    (gate.controller.ctx.disk as unknown as { options: { minFreeBytes: number } }).options.minFreeBytes = 1;
    await gate.controller.ctx.disk.sample();
    await page.locator("gc-console-overview button.small").first().click();
    await disk.waitFor({ state: "detached" });
    expect(problems).toEqual([]);
  });
});
