/**
 * Fonts ship inside the build (from @fontsource, OFL): a kiosk never needs the internet for them.
 * Noto Sans is always there; the stylesheet of each other script is loaded only at gates whose
 * languages use it, so the Cầu Treo kiosks never fetch a byte of the Chinese font's CSS.
 *
 * Each script's font is split into unicode-range files, and a browser fetches a file only when text
 * on screen needs it. A kiosk cut off from the controller could then meet a page whose characters it
 * never fetched: so with every new state the kiosk loads, at once, every file its whole content
 * needs (and the service worker keeps them), not only those of the screen in front of it.
 */
import type { Lang } from "../../../controller/src/contract/content.js";
import "./fonts/base.js";

const SCRIPT_FONTS: Partial<Record<Lang, () => Promise<unknown>>> = {
  "zh-Hans": () => import("./fonts/zh-Hans.js"),
  lo: () => import("./fonts/lo.js"),
  km: () => import("./fonts/km.js"),
};

const loaded = new Map<Lang, Promise<unknown>>();

export function loadFontsFor(languages: readonly Lang[]): Promise<unknown> {
  return Promise.all(
    languages.map((lang) => {
      const load = SCRIPT_FONTS[lang];
      if (!load) return undefined;
      let pending = loaded.get(lang);
      if (!pending) {
        // A failed load (offline before the worker cached it) is retried with the next state.
        pending = load().catch((error: unknown) => {
          loaded.delete(lang);
          console.warn(`fonts for ${lang} did not load`, error);
        });
        loaded.set(lang, pending);
      }
      return pending;
    }),
  );
}

/** The CSS font lists of shared/styles.ts `scriptFonts`, per language. */
const FAMILIES: Record<Lang, string> = {
  vi: '"Noto Sans"',
  en: '"Noto Sans"',
  "zh-Hans": '"Noto Sans SC", "Noto Sans"',
  lo: '"Noto Sans Lao", "Noto Sans"',
  km: '"Noto Sans Khmer", "Noto Sans"',
};

/** Loads, in both weights the UI uses, every font file needed to draw `text` in each language. */
export async function warmFonts(textByLang: ReadonlyMap<Lang, string>): Promise<void> {
  await loadFontsFor([...textByLang.keys()]);
  await Promise.all(
    [...textByLang].flatMap(([lang, text]) => {
      const chars = [...new Set(text)].join("");
      return [400, 700].map((weight) =>
        document.fonts.load(`${weight} 16px ${FAMILIES[lang]}`, chars).catch(() => undefined),
      );
    }),
  );
}
