/**
 * Helpers for the kiosk's e2e tests and bench: content for a gate, a controller on a chosen port and
 * data folder (to restart it as a gate PC would), and what Chromium really rendered.
 * No vitest imports: the bench uses these outside a test run.
 */
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { loadSettings, ROOT_DIR } from "../../controller/src/config/settings.js";
import type { KioskState } from "../../controller/src/contract/kiosk.js";
import type { Lang } from "../../controller/src/domain/types.js";
import { defaultExtensions } from "../../controller/src/extensions.js";
import { createLogger } from "../../controller/src/log.js";
import { type RunningController, startController } from "../../controller/src/server.js";

const GATE_LANGUAGES: Record<string, Lang[]> = {
  "thanh-thuy": ["vi", "zh-Hans", "en"],
  "cau-treo": ["vi", "lo", "en"],
  "le-thanh": ["vi", "km", "en"],
};

const SAMPLE: Record<Lang, { welcome: string; hours: string; body: string }> = {
  vi: {
    welcome: "Chào mừng quý khách",
    hours: "Giờ làm việc của cửa khẩu",
    body: "Mở cửa từ 07:00 đến 19:00 hằng ngày.",
  },
  en: { welcome: "Welcome", hours: "Opening hours", body: "Open every day from 07:00 to 19:00." },
  "zh-Hans": { welcome: "欢迎光临", hours: "口岸开放时间", body: "每天开放时间为07:00至19:00。" },
  lo: { welcome: "ຍິນດີຕ້ອນຮັບ", hours: "ເວລາເປີດ-ປິດດ່ານ", body: "ເປີດທຸກມື້ແຕ່ 07:00 ຫາ 19:00." },
  km: { welcome: "សូមស្វាគមន៍", hours: "ម៉ោងធ្វើការនៃច្រកទ្វារ", body: "បើករៀងរាល់ថ្ងៃចាប់ពីម៉ោង 07:00 ដល់ 19:00។" },
};

function localized(languages: Lang[], pick: (lang: Lang) => string): string {
  return `{ ${languages.map((l) => `${JSON.stringify(l)}: ${JSON.stringify(pick(l))}`).join(", ")} }`;
}

/** A small pack in the gate's own languages, for when content/packs/<gate> is not there (yet). */
function writeKioskPack(gate: string): string {
  const languages = GATE_LANGUAGES[gate] ?? ["vi", "en"];
  const root = mkdtempSync(path.join(tmpdir(), "gatecast-kiosk-pack-"));
  const dir = path.join(root, "packs", gate);
  mkdirSync(path.join(dir, "items"), { recursive: true });
  writeFileSync(
    path.join(dir, "pack.yaml"),
    [
      "version: 1",
      `gate: ${gate}`,
      `languages: [${languages.join(", ")}]`,
      "playlists:",
      "  - { id: attract, name: Attract, itemIds: [welcome, opening-hours] }",
      "schedules:",
      "  - { id: default-loop, name: Default loop, kind: default, target: { playlistId: attract }, channels: ['*'], priority: 0 }",
      "",
    ].join("\n"),
  );
  const items = {
    welcome: { category: "welcome", title: (l: Lang) => SAMPLE[l].welcome },
    "opening-hours": { category: "hours", title: (l: Lang) => SAMPLE[l].hours },
  };
  for (const [id, spec] of Object.entries(items)) {
    writeFileSync(
      path.join(dir, "items", `${id}.yaml`),
      [
        `id: ${id}`,
        "kind: article",
        "durationS: 10",
        `categories: [${spec.category}]`,
        `title: ${localized(languages, spec.title)}`,
        `body: ${localized(languages, (l) => SAMPLE[l].body)}`,
        "",
      ].join("\n"),
    );
  }
  return root;
}

/** Environment for a controller of `gate`: the shipped pack when it exists, else a small one. */
export function kioskContentEnv(gate: string): Record<string, string> {
  const shipped = existsSync(path.join(ROOT_DIR, "content", "packs", gate, "pack.yaml"));
  return shipped ? {} : { GATECAST_CONTENT_DIR: writeKioskPack(gate) };
}

/** A controller in this process on a given port and DATA_DIR: stop it and start another on the same. */
export async function startControllerAt(
  gate: string,
  port: number,
  dataDir: string,
): Promise<RunningController> {
  const settings = loadSettings({
    GATE: gate,
    PORT: String(port),
    DATA_DIR: dataDir,
    LOG_LEVEL: "silent",
    ...kioskContentEnv(gate),
  });
  return startController(settings, createLogger("silent", false), defaultExtensions(settings));
}

export async function kioskState(base: string, channel = "hall"): Promise<KioskState> {
  const res = await fetch(`${base}/api/v1/kiosk/state?channel=${channel}`);
  if (!res.ok) throw new Error(`state: ${res.status}`);
  return (await res.json()) as KioskState;
}

export interface RenderedFont {
  familyName: string;
  postScriptName: string;
  isCustomFont: boolean;
  glyphCount: number;
}

/**
 * The fonts Chromium actually drew an element's text with (DevTools' "Rendered fonts"), found by a
 * chain of selectors, each inside the previous one's shadow root. Proves a web font was used, not a
 * system font that happens to cover the script.
 */
export async function renderedFonts(page: Page, chain: string[]): Promise<RenderedFont[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send("DOM.enable");
    await cdp.send("CSS.enable");
    await cdp.send("DOM.getDocument", { depth: -1, pierce: true });
    const expression = `(() => {
      let node = document;
      for (const selector of ${JSON.stringify(chain)}) {
        const root = node.shadowRoot ?? node;
        node = root.querySelector(selector);
        if (!node) return null;
      }
      return node;
    })()`;
    const { result } = await cdp.send("Runtime.evaluate", { expression });
    if (!result.objectId) throw new Error(`no element at ${chain.join(" >>> ")}`);
    const { nodeId } = await cdp.send("DOM.requestNode", { objectId: result.objectId });
    const { fonts } = await cdp.send("CSS.getPlatformFontsForNode", { nodeId });
    return fonts;
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}
