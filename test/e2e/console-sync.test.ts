/**
 * A gate's "Chương trình trung tâm" screen in a real Chromium against a real Cầu Treo controller whose
 * site points at a stand-in central: an operator sees the link (URL, poll interval, last success, the
 * proof-of-play upload that the stand-in refuses), clicks "Đồng bộ ngay" and sees a good bundle
 * imported and held; then a tampered bundle and one signed with a revoked key, each refused in
 * Vietnamese words with the controller's reason, the held version and everything the gate shows
 * unchanged, the nav marked and a notice on the overview that leads here. A gate with no central
 * office: no entry until a bundle comes from USB, then "USB only" and the file it came from.
 * Screenshots: /tmp/gatecast-console-sync-*.png.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildBundle, decodeBundleFile, encodeBundleFile } from "../../controller/src/central/bundle.js";
import { GateSync } from "../../controller/src/central/gate-sync.js";
import { type Chromium, ensureUiBuilt, launchChromium } from "../helpers/browser.js";
import {
  type ConsoleGate,
  logIn,
  navSections,
  openLoggedOut,
  openSection,
  startConsoleSite,
} from "../helpers/console.js";
import {
  configDir,
  fakeCentral,
  gateSite,
  gateSnapshot,
  newKey,
  signedLao,
} from "../integration/central-helpers.js";

const GATE_SECTIONS = [
  "overview",
  "items",
  "playlists",
  "schedules",
  "led",
  "emergency",
  "preview",
  "publishing",
  "kiosks",
];

const good = newKey();
const revoked = newKey();
let central: Awaited<ReturnType<typeof fakeCentral>>;
let gate: ConsoleGate;
let chromium: Chromium;
/** The token file is read at each heartbeat: a folder of its own, not the fixtures' (gone after a test). */
let tokenDir: string;
const problems: string[][] = [];

beforeAll(async () => {
  ensureUiBuilt();
  central = await fakeCentral();
  // Nothing to pull at the gate's own first poll (1 s after start): the first bundle comes on a click.
  central.serve([]);
  tokenDir = mkdtempSync(path.join(tmpdir(), "gatecast-e2e-token-"));
  const tokenFile = path.join(tokenDir, "central.token");
  writeFileSync(tokenFile, "e2e-cau-treo-sync-token\n");
  const site = gateSite({
    url: central.url,
    keys: [{ key: good }, { key: revoked, revoked: true }],
  }).replace("central:\n", `central:\n  tokenFile: ${tokenFile}\n`);
  [gate, chromium] = await Promise.all([
    startConsoleSite("cau-treo", configDir({ "cau-treo": site }), { lan: "operator" }),
    launchChromium({ width: 1440, height: 900 }),
  ]);
  // The gate's own first poll is over: a click is then a poll of its own, not one joining it.
  // (expect.poll is for tests, not hooks.)
  // A minute before calling it stuck: a busy machine makes the first poll slow, not failed.
  for (const until = Date.now() + 90_000; ; ) {
    const health = await (await fetch(`${gate.base}/healthz`)).json();
    if (health.central?.lastSuccessAt) break;
    if (Date.now() > until) throw new Error(`the gate's first poll did not end: ${JSON.stringify(health)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}, 180_000);

afterAll(async () => {
  await chromium?.close();
  await gate?.stop();
  await central?.close();
  if (tokenDir) rmSync(tokenDir, { recursive: true, force: true });
});

const open = (base: string, at: string) => openLoggedOut(chromium.context, `${base}${at}`, problems);

const shot = (page: Page, name: string) =>
  page.screenshot({ path: `/tmp/gatecast-console-sync-${name}.png`, fullPage: true });

/** Flips one bit of every file served: each fails its sha256. */
const flip = (_sha: string, bytes: Buffer) => {
  const copy = Buffer.from(bytes);
  copy[20] = (copy[20] ?? 0) ^ 0x01;
  return copy;
};

/** Clicks "Đồng bộ ngay" and waits for the answer's outcomes to replace the last ones. */
async function syncNow(page: Page, outcome: string): Promise<ReturnType<Page["locator"]>> {
  const screen = page.locator("gc-console-sync");
  const button = screen.locator('button[data-action="sync-now"]');
  // This click's answer, before its outcome is looked for: the last one's is still on screen meanwhile.
  const answered = page.waitForResponse(
    (r) => new URL(r.url()).pathname === "/api/v1/sync" && r.request().method() === "POST",
  );
  await button.click();
  expect((await answered).ok()).toBe(true);
  const shown = screen.locator(`[data-sync-result] ${outcome}`);
  await shown.waitFor();
  await expect.poll(() => button.isDisabled()).toBe(false);
  return shown;
}

describe("a gate's central programs", () => {
  let page: Page;

  it("shows the link to the central, and imports a good bundle at a click", async () => {
    page = await open(gate.base, "/console/");
    await logIn(page, "lan");
    // Near publishing, for an operator.
    await expect.poll(() => navSections(page)).toEqual([...GATE_SECTIONS, "sync", "account"]);
    await openSection(page, "sync", "gc-console-sync");
    const screen = page.locator("gc-console-sync");
    expect(await screen.locator("h1").textContent()).toBe("Chương trình trung tâm");
    expect(await screen.locator('[data-fact="url"]').textContent()).toBe(central.url);
    expect(await screen.locator('[data-fact="poll"]').textContent()).toBe("mỗi 60 phút");
    expect(await screen.locator('[data-fact="last-success"]').textContent()).not.toContain("chưa bao giờ");
    expect(await screen.locator('[data-fact="last-error"]').textContent()).toContain("Không có lỗi");
    // The stand-in has no upload route: the rows wait at the gate, and the screen says why.
    const upload = screen.locator('[data-fact="upload"]');
    await upload.locator('[data-upload="failed"]').waitFor();
    expect(await upload.textContent()).toMatch(/Không gửi được[\s\S]*the central answered 404/);
    await screen.locator("[data-held-none]").waitFor();
    expect(await screen.locator("[data-no-central]").count()).toBe(0);

    central.serve([{ bundle: signedLao(good, { version: 1 }) }]);
    const imported = await syncNow(page, '[data-outcome="imported"]');
    expect(await imported.getAttribute("data-program")).toBe("lao-2027");
    expect(await imported.textContent()).toContain("Đã nhập lao-2027 phiên bản 1");

    const held = screen.locator('[data-held="lao-2027"]');
    expect(await held.getAttribute("data-version")).toBe("1");
    expect(await held.textContent()).toContain(good.keyId);
    expect(await held.locator('[data-col="contents"]').textContent()).toContain(
      "1 nội dung · 1 danh sách phát · 1 lịch phát",
    );
    expect(await held.textContent()).toContain(`Máy chủ trung tâm ${new URL(central.url).host}`);
    const newest = screen.locator("gc-console-sync-log tbody tr").first();
    expect(await newest.getAttribute("data-log-outcome")).toBe("imported");
    expect(await newest.textContent()).toContain("Đã nhập");
    expect(await screen.locator("gc-console-sync-log [data-kept-showing]").count()).toBe(0);
    await shot(page, "imported");
  });

  it("refuses a tampered bundle and a revoked key's, in words, and the gate shows what it showed", async () => {
    const screen = page.locator("gc-console-sync");
    const before = await gateSnapshot(gate.controller);

    central.serve([{ bundle: signedLao(good, { version: 2 }), mutate: flip }]);
    const tampered = await syncNow(page, '[data-outcome="refused"][data-code="tampered"]');
    expect(await tampered.textContent()).toContain(
      "Từ chối lao-2027 phiên bản 2: Tệp đã bị sửa đổi (không khớp mã kiểm tra)",
    );
    expect(await tampered.locator(".reason").textContent()).toMatch(/content\.json: sha256 [0-9a-f]{64}/);
    // A proxy's corrupt copy may not come again: the gate tries the bundle again at its next poll.
    expect(await tampered.textContent()).toContain("Sẽ tự thử lại ở lần đồng bộ sau.");
    expect(await screen.locator("[data-sync-result] [data-kept-showing]").textContent()).toContain(
      "Cửa khẩu vẫn giữ nguyên những gì đang phát",
    );
    expect(await screen.locator('[data-held="lao-2027"]').getAttribute("data-version")).toBe("1");

    central.serve([{ bundle: signedLao(revoked, { version: 3 }) }]);
    const refused = await syncNow(page, '[data-outcome="refused"][data-code="revoked-key"]');
    expect(await refused.textContent()).toContain("Từ chối lao-2027 phiên bản 3: Khóa ký đã bị thu hồi");
    expect(await refused.locator(".reason").textContent()).toContain(
      `key ${revoked.keyId}, which is revoked`,
    );
    expect(await refused.textContent()).not.toContain("Sẽ tự thử lại");
    // What it means and what to do, as a sentence in the console's language; the English beneath.
    expect(await refused.locator("[data-sentence]").textContent()).toBe(
      "Gói được ký bằng một khóa đã bị thu hồi nên không được nhập. Trung tâm cần ký lại bằng khóa còn hiệu lực.",
    );
    expect(await refused.locator(".reason").getAttribute("lang")).toBe("en");
    expect(await screen.locator('[data-held="lao-2027"]').getAttribute("data-version")).toBe("1");
    expect(await gateSnapshot(gate.controller)).toEqual(before);

    // The log, newest first: each refusal marked in words and with ✕, its label, code and reason.
    const rows = screen.locator("gc-console-sync-log tbody tr");
    await expect.poll(() => rows.count()).toBe(3);
    const [revokedRow, tamperedRow, importedRow] = [rows.nth(0), rows.nth(1), rows.nth(2)];
    expect(await revokedRow.getAttribute("data-code")).toBe("revoked-key");
    expect(await revokedRow.textContent()).toMatch(
      /✕ Bị từ chối[\s\S]*Khóa ký đã bị thu hồi[\s\S]*revoked-key/,
    );
    expect(await revokedRow.locator("[data-sentence]").textContent()).toContain(
      "Gói được ký bằng một khóa đã bị thu hồi nên không được nhập.",
    );
    expect(await tamperedRow.getAttribute("data-code")).toBe("tampered");
    expect(await tamperedRow.locator("[data-sentence]").textContent()).toContain(
      "Cửa khẩu sẽ tự tải lại ở lần đồng bộ sau",
    );
    expect(await tamperedRow.textContent()).toMatch(/✕ Bị từ chối[\s\S]*Tệp đã bị sửa đổi[\s\S]*sha256/);
    expect(await importedRow.getAttribute("data-log-outcome")).toBe("imported");
    expect(await screen.locator("gc-console-sync-log [data-kept-showing]").textContent()).toContain(
      "gói bị từ chối không thay đổi gì trên kiosk và bảng LED",
    );
    // The nav's mark says it in words too (for a screen reader), not only in red.
    await page.locator('gc-console-nav a[data-section="sync"] [data-sync-problem]').waitFor();
    await shot(page, "refused");

    // In English, the same refusal in English words.
    await page.locator('gc-console-language-switch button[data-lang="en"]').first().click();
    await expect.poll(() => revokedRow.textContent()).toContain("Signed with a revoked key");
    expect(await revokedRow.locator("[data-sentence]").textContent()).toContain(
      "The central office must sign it again with a current key.",
    );
    await page.locator('gc-console-language-switch button[data-lang="vi"]').first().click();
    await expect.poll(() => screen.locator("h1").textContent()).toBe("Chương trình trung tâm");
  });

  it("puts a notice on the overview that leads to the screen", async () => {
    await openSection(page, "overview", "gc-console-overview");
    const notice = page.locator('gc-console-overview [data-sync-notice="refused"]');
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(
      /Gói chương trình trung tâm lao-2027 phiên bản 3 bị từ chối lúc [\s\S]*Khóa ký đã bị thu hồi[\s\S]*vẫn phát nội dung cũ/,
    );
    await shot(page, "overview-notice");
    await notice.locator('a[data-action="open-sync"]').click();
    await page.locator("gc-console-sync [data-connection]").waitFor();
    expect(await page.evaluate(() => location.pathname)).toBe("/console/sync");
    await page.close();
  });

  it("shows a program still downloading: bytes held, the first day, and the warning that it will be late", async () => {
    // A 2 MB film for every day from today, cut at half by the link: it stays pending, its bytes kept.
    const film = randomBytes(2 * 1024 * 1024);
    const sha = createHash("sha256").update(film).digest("hex");
    const bundle = buildBundle(
      good.signing,
      {
        programId: "films",
        version: 1,
        createdAt: new Date().toISOString(),
        validUntil: "2099-01-01T00:00:00+07:00",
        targets: ["cau-treo"],
      },
      {
        name: "Phim Tết",
        items: [
          {
            id: "film",
            kind: "video",
            title: { vi: "Phim Tết", en: "Tet film" },
            mediaSha256: sha,
            durationS: 60,
          },
        ],
        playlists: [{ id: "films", name: "Phim", itemIds: ["film"] }],
        schedules: [
          {
            id: "films",
            name: "Phim",
            kind: "normal",
            target: { playlistId: "films" },
            channels: ["*"],
            priority: 20,
            recurrence: { type: "daily" },
          },
        ],
        holidayOverrides: [],
        // biome-ignore lint/suspicious/noExplicitAny: the program literal is checked by the gate, not here.
      } as any,
      new Map([[sha, film]]),
    );
    central.serve([
      { bundle, mutate: (s: string, bytes: Buffer) => (s === sha ? bytes.subarray(0, 1024 * 1024) : bytes) },
    ]);
    page = await open(gate.base, "/console/");
    await logIn(page, "lan");
    await openSection(page, "sync", "gc-console-sync");
    await syncNow(page, '[data-outcome="refused"][data-code="truncated"]');
    const row = page.locator('gc-console-sync gc-console-downloads [data-download="films"]');
    await row.waitFor();
    expect(await row.textContent()).toMatch(/Phim Tết[\s\S]*1,0 MB \/ 2,0 MB \((49|50)%\)/);
    const today = new Date(Date.now() + 7 * 3600_000)
      .toISOString()
      .slice(0, 10)
      .split("-")
      .reverse()
      .join("/");
    expect(await row.textContent()).toContain(today);
    const late = page.locator("gc-console-sync gc-console-downloads [data-late]");
    expect(await late.textContent()).toContain(
      `chương trình sẽ không tải xong trước ngày phát đầu tiên (${today})`,
    );
    expect(
      await page.locator("gc-console-sync gc-console-downloads [data-last-error]").textContent(),
    ).toMatch(/Lần tải gần nhất dừng vì: media\/[0-9a-f]{64}: got 1048576 of 2097152 bytes/);
    await shot(page, "downloading");
    central.serve([]);
    await page.close();
  });

  it("at a gate with no central office: no entry until a USB bundle, then USB only and its file", async () => {
    const usb = await startConsoleSite(
      "cau-treo",
      configDir({ "cau-treo": gateSite({ keys: [{ key: good }] }) }),
      {
        lan: "operator",
      },
    );
    try {
      const usbPage = await open(usb.base, "/console/");
      await logIn(usbPage, "lan");
      await usbPage.locator("gc-console-overview [data-channel='hall']").waitFor();
      // Nothing to show there yet: the operator's navigation is the gate's usual one.
      expect(await navSections(usbPage)).toEqual([...GATE_SECTIONS, "account"]);
      expect(await usbPage.locator("gc-console-overview [data-sync-notice]").count()).toBe(0);

      // `gatecast bundle import` does this from the stick, in another process.
      const file = "/media/usb/pi-mai-lao.gcbundle.json";
      const outcome = await new GateSync(usb.controller.ctx).importRaw(
        decodeBundleFile(encodeBundleFile(signedLao(good, { version: 1 }))),
        `usb ${file}`,
      );
      expect(outcome.outcome).toBe("imported");
      await usbPage.reload();
      await expect.poll(() => navSections(usbPage)).toEqual([...GATE_SECTIONS, "sync", "account"]);
      await openSection(usbPage, "sync", "gc-console-sync");
      const screen = usbPage.locator("gc-console-sync");
      expect(await screen.locator("[data-no-central]").textContent()).toContain(
        "Chưa cấu hình máy chủ trung tâm — chỉ nhập được từ USB",
      );
      expect(await screen.locator('button[data-action="sync-now"]').isDisabled()).toBe(true);
      expect(await screen.locator('[data-fact="url"]').count()).toBe(0);
      const held = screen.locator('[data-held="lao-2027"]');
      await held.waitFor();
      expect(await held.textContent()).toContain(`Tệp USB ${file}`);
      expect(await screen.locator("gc-console-sync-log tbody tr").first().textContent()).toContain(file);
      await shot(usbPage, "usb-only");
      await usbPage.close();
    } finally {
      await usb.stop();
    }
  });

  it("met no script error and no Content-Security-Policy violation", () => {
    expect(problems.flat()).toEqual([]);
  });
});
