/**
 * Bench: what a kiosk downloads, and how long an operator's change takes to reach the screens.
 * - kiosk JS+CSS gzipped: the scripts and stylesheets index.html loads (every kiosk, every gate);
 *   the per-script font stylesheets, loaded only at gates whose languages need them, get rows of
 *   their own.
 * - publish→kiosk latency: 20 kiosk pages open in Chromium on loopback; an item is saved and the
 *   time until each page has rendered the new state is measured (the page stamps `data-applied-at`
 *   after Lit finished rendering it; the browser and this process read the same clock).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { loadSettings } from "../controller/src/config/settings.js";
import { saveItem } from "../controller/src/content/editing.js";
import { defaultExtensions } from "../controller/src/extensions.js";
import { UI_DIST } from "../controller/src/http/app.js";
import { createLogger } from "../controller/src/log.js";
import { startController } from "../controller/src/server.js";
import { SYSTEM } from "../controller/src/store/audit-repo.js";
import { getItem } from "../controller/src/store/content-repo.js";
import { ensureUiBuilt, launchChromium } from "../test/helpers/browser.js";
import { kioskContentEnv, kioskState } from "../test/helpers/kiosk.js";

interface BenchRow {
  name: string;
  value: number;
  unit: string;
  limit?: number;
  limitLabel?: string;
}

const PAGES = 20;
const ROUNDS = 15;
const ROUND_TIMEOUT_MS = 15_000;
const SETTLE_MS = 1_500;

function gzipKb(file: string): number {
  return gzipSync(readFileSync(file), { level: 9 }).length / 1024;
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number {
  return (
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN
  );
}

function sizeRows(): BenchRow[] {
  const dir = path.join(UI_DIST, "kiosk");
  const html = readFileSync(path.join(dir, "index.html"), "utf8");
  const loaded = [...html.matchAll(/(?:src|href)="\/kiosk\/(assets\/[^"]+\.(?:js|css))"/g)].map(
    (m) => m[1] ?? "",
  );
  const shell = loaded.reduce((sum, file) => sum + gzipKb(path.join(dir, file)), 0);
  const assets = readdirSync(path.join(dir, "assets"));
  const fontCss = (prefix: string) => {
    const file = assets.find((f) => f.startsWith(`${prefix}-`) && f.endsWith(".css"));
    return file ? gzipKb(path.join(dir, "assets", file)) : 0;
  };
  return [
    {
      name: "kiosk JS+CSS gzipped (loaded by every kiosk)",
      value: round1(shell),
      unit: "KB",
      limit: 60,
      limitLabel: "≤ 60 KB",
    },
    {
      name: "kiosk font CSS gzipped, Chinese (Thanh Thủy only)",
      value: round1(fontCss("zh-Hans")),
      unit: "KB",
    },
    { name: "kiosk font CSS gzipped, Lao (Cầu Treo only)", value: round1(fontCss("lo")), unit: "KB" },
    { name: "kiosk font CSS gzipped, Khmer (Lệ Thanh only)", value: round1(fontCss("km")), unit: "KB" },
  ];
}

async function latencyRows(): Promise<BenchRow[]> {
  const gate = "cau-treo";
  const dataDir = mkdtempSync(path.join(tmpdir(), "gatecast-bench-kiosk-"));
  const settings = loadSettings({
    GATE: gate,
    PORT: "0",
    DATA_DIR: dataDir,
    LOG_LEVEL: "silent",
    ...kioskContentEnv(gate),
  });
  const controller = await startController(
    settings,
    createLogger("silent", false),
    defaultExtensions(settings),
  );
  const chromium = await launchChromium({ width: 1280, height: 720 });
  try {
    const pages = await Promise.all(
      Array.from({ length: PAGES }, async (_, i) => {
        const page = await chromium.context.newPage();
        await page.goto(`${controller.url}/kiosk/?channel=hall&kiosk=bench-${i}`);
        await page.locator('gc-kiosk-app[data-online="true"]').waitFor({ timeout: 30_000 });
        return page;
      }),
    );
    const target = { db: controller.ctx.db, bus: controller.ctx.bus, channelIds: ["hall", "gate-sign"] };
    const first = (await kioskState(controller.url)).entries[0]?.itemId ?? "welcome";
    const samples: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      // Operators do not publish five times a second: let the pages finish what a state leaves for
      // later (keeping it, loading its fonts) before the next change, as they would between two edits.
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      const item = getItem(controller.ctx.db, first);
      const publishedAt = Date.now();
      saveItem(target, SYSTEM, { ...item, title: { ...item?.title, en: `Welcome (bench round ${round})` } });
      const { version } = await kioskState(controller.url);
      const applied = await Promise.all(
        pages.map(async (page) => {
          const app = page.locator(`gc-kiosk-app[data-version="${version}"]`);
          await app.waitFor({ state: "attached", timeout: ROUND_TIMEOUT_MS });
          return Number(await app.getAttribute("data-applied-at"));
        }),
      );
      samples.push(...applied.map((at) => at - publishedAt));
    }
    samples.sort((a, b) => a - b);
    return [
      {
        name: `publish→kiosk latency, median (${PAGES} pages × ${ROUNDS} changes)`,
        value: round1(percentile(samples, 50)),
        unit: "ms",
      },
      {
        name: `publish→kiosk latency, p95 (${PAGES} pages × ${ROUNDS} changes)`,
        value: round1(percentile(samples, 95)),
        unit: "ms",
        limit: 250,
        limitLabel: "≤ 250 ms",
      },
    ];
  } finally {
    await chromium.close();
    await controller.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export default async function kioskBench(): Promise<BenchRow[]> {
  ensureUiBuilt();
  return [...sizeRows(), ...(await latencyRows())];
}
