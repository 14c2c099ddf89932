/**
 * The big screen's player in Chromium against a real controller (Thanh Thủy's `gate-screen`, 768×432):
 * - the gap between one video's end and the next one's first painted frame (`ended` to the next's
 *   requestVideoFrameCallback), over 20 transitions of 2-second clips; the aim is ≤ 100 ms,
 *   and the previous frame stays up meanwhile, so a gap is a held frame, never a black one;
 * - the page's JS heap after 500 items (images and text slides at an accelerated dwell, `dwell=0.02`),
 *   after a garbage collection, against the heap after the first 50: a loop that runs for months must
 *   not grow.
 * `node --import tsx bench/run.ts player`
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createCanvas } from "@napi-rs/canvas";
import type { Page } from "playwright-core";
import { saveItem, savePlaylist, saveSchedule } from "../controller/src/content/editing.js";
import { SYSTEM } from "../controller/src/store/audit-repo.js";
import { ensureUiBuilt, launchChromium } from "../test/helpers/browser.js";
import { startConsoleGate } from "../test/helpers/console.js";
import { enrolTestKiosk } from "../test/helpers/kiosk-auth.js";
import { makeClip } from "../test/helpers/screen-media.js";
import { ConsoleClient } from "../test/integration/auth-helpers.js";
import { type BenchRow, summarize } from "./harness.js";

const SCREEN = "gate-screen";
const TRANSITIONS = 20;
const ITEMS = 500;

interface PlayerProbe {
  shown: number;
  transitions: { endedAt: number; shownAt: number; playingAt?: number; lastFrameAt?: number }[];
}

function probe(page: Page): Promise<PlayerProbe> {
  return page.locator("gc-screen-player").evaluate((el) => {
    const player = el as HTMLElement & PlayerProbe;
    return { shown: player.shown, transitions: player.transitions.map((t) => ({ ...t })) };
  });
}

async function until(page: Page, ok: (p: PlayerProbe) => boolean, timeoutMs: number): Promise<PlayerProbe> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const p = await probe(page).catch(() => undefined);
    if (p && ok(p)) return p;
    if (Date.now() > end) throw new Error(`the player did not get there in ${timeoutMs / 1000} s`);
    await page.waitForTimeout(250);
  }
}

/** The page's JS heap after a full garbage collection, in MB. */
async function heapMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("HeapProfiler.collectGarbage");
  const { usedSize } = (await cdp.send("Runtime.getHeapUsage")) as { usedSize: number };
  await cdp.detach();
  return usedSize / 1024 / 1024;
}

export default async function playerBench(): Promise<BenchRow[]> {
  ensureUiBuilt();
  const dir = mkdtempSync(path.join(tmpdir(), "gatecast-player-bench-"));
  const gate = await startConsoleGate("thanh-thuy", { "op-bench": "operator" });
  const chromium = await launchChromium({ width: 768, height: 432 });
  try {
    const ctx = gate.controller.ctx;
    const target = { db: ctx.db, bus: ctx.bus, channelIds: [SCREEN] };
    const operator = await new ConsoleClient(gate.base).loginOk("op-bench");
    const upload = async (bytes: Buffer, type: string, name: string) => {
      const answer = await operator.upload(bytes, type, name);
      if (answer.status >= 300) throw new Error(`upload ${name}: ${answer.status} ${answer.text}`);
      return answer.body.sha256 as string;
    };
    const show = (itemIds: string[]) => {
      savePlaylist(target, SYSTEM, { id: "bench-loop", name: "Bench", itemIds });
      saveSchedule(target, SYSTEM, {
        id: "bench-now",
        name: "Bench",
        kind: "normal",
        target: { playlistId: "bench-loop" },
        channels: [SCREEN],
        priority: 95,
      });
    };

    // 1. Video to video: three 2-second clips in turn.
    const clips: string[] = [];
    for (const [i, pattern] of ["testsrc", "testsrc2", "smptebars"].entries()) {
      const sha = await upload(makeClip(dir, `c${i}.mp4`, { seconds: 2, pattern }), "video/mp4", `c${i}.mp4`);
      saveItem(target, SYSTEM, {
        id: `bench-clip-${i}`,
        kind: "video",
        title: { vi: `Đoạn ${i}` },
        mediaSha256: sha,
      });
      clips.push(`bench-clip-${i}`);
    }
    show(clips);
    const token = enrolTestKiosk(ctx.db, "bench-screen", SCREEN, "Màn hình bench");
    const page = await chromium.context.newPage();
    await page.goto(`${gate.base}/screen/?id=${SCREEN}&kiosk=bench-screen&dwell=0.02#token=${token}`);
    const videos = await until(page, (p) => p.transitions.length >= TRANSITIONS + 1, 240_000);
    // The first transition follows the page's first load: the steady ones are what a loop shows.
    const steady = videos.transitions.slice(-TRANSITIONS);
    const gaps = steady.map((t) => t.shownAt - t.endedAt);
    const gap = summarize(gaps);
    // Where the gap goes: to play() starting the next, and from the last frame shown to the next one.
    const toPlaying = summarize(steady.map((t) => (t.playingAt ?? Number.NaN) - t.endedAt));
    const held = summarize(steady.map((t) => t.shownAt - (t.lastFrameAt ?? Number.NaN)));

    // 2. 500 short items: images and slides at 1/50 of their time, then the heap.
    const images: string[] = [];
    for (let i = 0; i < 3; i++) {
      const canvas = createCanvas(768, 432);
      const g = canvas.getContext("2d");
      g.fillStyle = ["#1565c0", "#2e7d32", "#c62828"][i] ?? "#000";
      g.fillRect(0, 0, 768, 432);
      const sha = await upload(canvas.toBuffer("image/png"), "image/png", `i${i}.png`);
      saveItem(target, SYSTEM, {
        id: `bench-image-${i}`,
        kind: "image",
        title: { vi: `Ảnh ${i}` },
        mediaSha256: sha,
        durationS: 1,
      });
      images.push(`bench-image-${i}`);
    }
    saveItem(target, SYSTEM, {
      id: "bench-slide",
      kind: "article",
      title: { vi: "Giờ mở cửa", "zh-Hans": "开放时间", en: "Opening hours" },
      body: { vi: "7:00–19:00 hằng ngày.", "zh-Hans": "每天7:00至19:00。", en: "7:00–19:00 every day." },
      durationS: 1,
    });
    show([...images, "bench-slide"]);
    const start = await until(page, (p) => p.shown >= videos.shown + 50, 240_000);
    const heapStart = await heapMb(page);
    await until(page, (p) => p.shown >= start.shown + ITEMS, 600_000);
    const heapEnd = await heapMb(page);
    await page.close();
    return [
      {
        name: `item-to-item gap, median of ${gaps.length} video→video`,
        value: gap.median,
        unit: "ms",
        limit: 100,
        limitLabel: "≤ 100 ms (issue)",
      },
      {
        name: "item-to-item gap, p95",
        value: gap.p95,
        unit: "ms",
        limit: 100,
        limitLabel: "≤ 100 ms (issue)",
      },
      { name: "item-to-item gap, worst", value: Math.max(...gaps), unit: "ms" },
      { name: "  of which `ended` → next play() started", value: toPlaying.median, unit: "ms" },
      { name: "last frame of one → first frame of the next", value: held.median, unit: "ms" },
      { name: "player JS heap after 50 items", value: heapStart, unit: "MB" },
      {
        name: `player JS heap after ${ITEMS} more items`,
        value: heapEnd,
        unit: "MB",
        limit: heapStart * 1.5,
        limitLabel: "≤ 1.5 × after 50 (bounded)",
      },
    ];
  } finally {
    await chromium.close();
    await gate.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
