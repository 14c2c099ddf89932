/**
 * The emulator's PNG frames: the virtual sign (socat pty pair, Alpha emulator in-process) writes one PNG
 * per slide it holds into `DATA_DIR/signs/<id>/slides/`, beside `latest.png`, and a show with fewer slides
 * leaves only its own.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { loadImage } from "@napi-rs/canvas";
import { describe, expect, it } from "vitest";
import { saveItem } from "../../controller/src/content/editing.js";
import type { RunningController } from "../../controller/src/server.js";
import type { SignStatus } from "../../controller/src/signs/sign-extension.js";
import { SYSTEM } from "../../controller/src/store/audit-repo.js";
import { getJson, startTestController } from "../helpers/controller.js";
import { waitFor } from "../helpers/processes.js";

/** The emulator's LED size in its PNGs (EmulatorOutput's default scale). */
const SCALE = 4;

async function status(c: RunningController): Promise<SignStatus> {
  return (await getJson(c.url, "/api/v1/signs/gate-sign")).body;
}

/** The sign's status once the driver has sent content matching `check` and read it back. */
function settled(c: RunningController, check: (s: SignStatus) => boolean) {
  return waitFor(async () => {
    const s = await status(c);
    return s.showing && !s.pending && check(s) ? s : undefined;
  }, 180_000);
}

function slideFiles(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

const EDIT = (c: RunningController) => ({ db: c.ctx.db, bus: c.ctx.bus, channelIds: ["hall", "gate-sign"] });

/** The test pack's welcome item with other LED text. */
function welcome(ledText: Record<string, string>) {
  return {
    id: "welcome",
    kind: "article",
    title: { vi: "Chào mừng", lo: "ຍິນດີຕ້ອນຮັບ", en: "Welcome" },
    body: { vi: "Xin chào", lo: "ສະບາຍດີ", en: "Hello" },
    ledText,
    categories: ["welcome"],
  };
}

/**
 * Waits until `slides/` holds one file per slide of `showing`, then checks each PNG: its slide's picture
 * (as the status gives its size) drawn at the emulator's scale. Returns the files, in slide order.
 */
async function expectSlideFiles(dir: string, s: SignStatus): Promise<string[]> {
  const slides = s.showing?.slides ?? [];
  const files = await waitFor(async () => {
    const found = slideFiles(dir);
    return found.length === slides.length ? found : undefined;
  }, 180_000);
  for (const [i, file] of files.entries()) {
    expect(file).toMatch(new RegExp(`^${String(i + 1).padStart(2, "0")}-[A-Za-z0-9-]+\\.png$`));
    const image = await loadImage(readFileSync(path.join(dir, file)));
    expect({ width: image.width, height: image.height }).toEqual({
      width: (slides[i]?.width ?? 0) * SCALE,
      height: (slides[i]?.height ?? 0) * SCALE,
    });
  }
  return files;
}

describe("emulator slides on disk", () => {
  it("writes one PNG per slide the sign holds, at its size × scale, and removes the ones it dropped", async () => {
    const c = await startTestController({ gate: "cau-treo" });
    const out = path.join(c.ctx.settings.dataDir, "signs", "gate-sign");
    const slidesDir = path.join(out, "slides");

    // The test pack's welcome in vi and en: both fit the panel, one slide, a stack of two pages.
    const stacked = await settled(c, (s) => s.showing?.slides?.length === 1);
    expect(stacked.showing?.slides?.[0]).toMatchObject({ layout: "stack", height: stacked.panel.height * 2 });
    await expectSlideFiles(slidesDir, stacked);

    // English too long for the panel scrolls: two slides the sign plays by itself, a held page and a ticker.
    saveItem(EDIT(c), SYSTEM, welcome({ vi: "Chào mừng", en: "Welcome to Cau Treo border gate" }));
    const two = await settled(c, (s) => s.showing?.slides?.length === 2);
    expect(two.showing?.slides?.map((x) => x.layout)).toEqual(["single", "ticker"]);
    const twoFiles = await expectSlideFiles(slidesDir, two);
    // The held page is exactly the panel, LED by LED at the emulator's scale.
    const held = await loadImage(readFileSync(path.join(slidesDir, twoFiles[0] as string)));
    expect({ width: held.width, height: held.height }).toEqual({
      width: two.panel.width * SCALE,
      height: two.panel.height * SCALE,
    });

    // A later show of one slide: its file stays, the other is removed, and it is what the panel shows.
    saveItem(EDIT(c), SYSTEM, welcome({ vi: "Chào mừng" }));
    const one = await settled(
      c,
      (s) => s.showing?.key !== two.showing?.key && s.showing?.slides?.length === 1,
    );
    const [only] = await expectSlideFiles(slidesDir, one);
    const bytes = readFileSync(path.join(slidesDir, only as string));
    await waitFor(async () => (readFileSync(path.join(out, "latest.png")).equals(bytes) ? true : undefined));
  }, 180_000);
});
