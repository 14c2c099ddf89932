/**
 * The item editor for a video: the upload's probe (codecs, size, length) and poster frame, and a
 * WebVTT file per gate language, a refused one explained in Vietnamese. The video is made here.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Chromium, ensureUiBuilt, launchChromium } from "../helpers/browser.js";
import { type ConsoleGate, logIn, openPage, startConsoleGate } from "../helpers/console.js";
import { tempDir } from "../helpers/fixtures.js";

const run = promisify(execFile);
let gate: ConsoleGate;
let chromium: Chromium;
let video: Buffer;
const problems: string[][] = [];

beforeAll(async () => {
  ensureUiBuilt();
  const file = path.join(tempDir("gatecast-video-"), "chao-mung.mp4");
  await run(
    "ffmpeg",
    [
      "-v",
      "error",
      "-nostdin",
      "-f",
      "lavfi",
      "-i",
      "testsrc=size=320x180:rate=25",
      "-f",
      "lavfi",
      "-i",
      "sine",
    ].concat(["-t", "3", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", file]),
    { timeout: 120_000 },
  );
  video = readFileSync(file);
  [gate, chromium] = await Promise.all([
    startConsoleGate("cau-treo", { lan: "operator" }),
    launchChromium({ width: 1440, height: 900 }),
  ]);
}, 180_000);

afterAll(async () => {
  await chromium?.close();
  await gate?.stop();
  expect(problems.flat()).toEqual([]);
});

async function open(url: string): Promise<Page> {
  const opened = await openPage(chromium.context, `${gate.base}${url}`);
  problems.push(opened.problems);
  return opened.page;
}

describe("console: a video item", () => {
  it("shows the video's probe and poster, and takes subtitles per language", async () => {
    const page = await open("/console/items/new");
    await logIn(page, "lan");
    const editor = page.locator("gc-console-item-editor");
    await editor.locator('[data-field="kind"]').selectOption("video");
    await editor.locator('[data-field="title.vi"]').fill("Chào mừng đến Cầu Treo");
    await editor
      .locator('label.upload input[type="file"]:not([data-subtitles-upload])')
      .setInputFiles({ name: "chao-mung.mp4", mimeType: "video/mp4", buffer: video });
    const facts = editor.locator('[data-facts="probe"]');
    await expect.poll(() => facts.textContent(), { timeout: 60_000 }).toContain("H.264");
    const text = (await facts.textContent()) ?? "";
    expect(text).toContain("MP4 H.264 / AAC");
    expect(text).toContain("320×180 px");
    expect(text).toContain("0:03");
    const poster = await editor.locator("video.media").getAttribute("poster");
    expect(poster).toMatch(/\/api\/v1\/media\/[0-9a-f]{64}$/);

    // One row per gate language, in the site's order (Cầu Treo: vi, lo, en), none with subtitles yet.
    const rows = editor.locator(".sub-row");
    expect(await rows.evaluateAll((r) => r.map((e) => e.getAttribute("data-lang")))).toEqual([
      "vi",
      "lo",
      "en",
    ]);
    expect(await editor.locator('[data-subtitles="no"]').count()).toBe(3);

    // SubRip is refused: the reason in Vietnamese, the controller's line beneath.
    await editor.locator('[data-subtitles-upload="lo"]').setInputFiles({
      name: "phu-de.srt",
      mimeType: "application/x-subrip",
      buffer: Buffer.from("1\n00:00:01,000 --> 00:00:02,000\nສະບາຍດີ\n"),
    });
    const error = editor.locator('[data-error-for="subtitles.lo"]');
    await expect.poll(() => error.textContent()).toContain("WebVTT");
    expect(await error.textContent()).toContain("Tệp phụ đề không đúng định dạng");
    expect(await error.textContent()).toContain("line 1");

    await editor.locator('[data-subtitles-upload="vi"]').setInputFiles({
      name: "phu-de.vi.vtt",
      mimeType: "text/vtt",
      buffer: Buffer.from("WEBVTT\n\n00:00.000 --> 00:03.000\nChào mừng\n"),
    });
    await editor.locator('.sub-row[data-lang="vi"] [data-subtitles="yes"]').waitFor();
    await page.screenshot({ path: "/tmp/gatecast-console-video-item.png", fullPage: true });
    await editor.locator('button[data-action="save"]').click();
    await expect
      .poll(() => page.evaluate(() => location.pathname))
      .toBe("/console/items/chao-mung-den-cau-treo");
    const drafts = (await page.evaluate(async () => (await fetch("/api/v1/drafts")).json())) as {
      id: string;
      after: { subtitles?: Record<string, string> } | null;
    }[];
    const saved = drafts.find((d) => d.id === "chao-mung-den-cau-treo");
    expect(Object.keys(saved?.after?.subtitles ?? {})).toEqual(["vi"]);
    await page.close();
  });
});
