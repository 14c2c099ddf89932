/**
 * The font registry: the Noto families the kiosk already ships (@fontsource, OFL), registered with Skia
 * lazily, one face file at a time, and the family stack each language draws with.
 *
 * @fontsource splits each family into subset files by Unicode range (Noto Sans SC into ~100 of them), as
 * declared by `unicode-range` in its CSS. We read those declarations, so we know which file covers which
 * code point without opening a font; each file is registered under its own alias (`gc-sc-42`) the first
 * time a text needs it, and `ctx.font` lists exactly the aliases the text needs, in the language's order:
 * Skia's paragraph shaper then picks, per character, the first listed face that has it, and HarfBuzz
 * shapes each run within one face. Skia loads WOFF2 directly (checked: same metrics as the WOFF files).
 *
 * Coverage is decided here, from the CSS ranges and the script policy in `unicode.ts`, never by drawing:
 * a character no registered face covers would otherwise be drawn from whatever system font the machine
 * has (different on every PC) or as tofu.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { GlobalFonts } from "@napi-rs/canvas";
import type { Lang } from "../../domain/types.js";
import { describeCodePoint, signScriptOf } from "./unicode.js";

export type FontFamilyId = "sans" | "sc" | "lao" | "khmer";

interface FamilySpec {
  readonly id: FontFamilyId;
  /** The @fontsource package. */
  readonly pkg: string;
  /** The family's real name, for metadata and logs. */
  readonly name: string;
  /**
   * The weight file set to use, chosen on LED previews: 500 keeps Latin's 1-pixel strokes solid at 9–13 px;
   * 400 keeps the strokes of ideographs and of Khmer apart (500 fills their counters at 12–16 px).
   */
  readonly weight: number;
  /** Which subsets of the package to use (the script fonts' own Latin is left to Noto Sans). */
  readonly useSubset: (subset: string) => boolean;
}

const FAMILIES: Readonly<Record<FontFamilyId, FamilySpec>> = {
  sans: {
    id: "sans",
    pkg: "@fontsource/noto-sans",
    name: "Noto Sans",
    weight: 500,
    useSubset: (s) => s === "latin" || s === "latin-ext" || s === "vietnamese",
  },
  sc: {
    id: "sc",
    pkg: "@fontsource/noto-sans-sc",
    name: "Noto Sans SC",
    weight: 400,
    // The numbered subsets are the CJK ones; its Latin matches its ideographs' weight and width.
    useSubset: (s) => s !== "cyrillic",
  },
  lao: {
    id: "lao",
    pkg: "@fontsource/noto-sans-lao",
    name: "Noto Sans Lao",
    weight: 500,
    useSubset: (s) => s === "lao",
  },
  khmer: {
    id: "khmer",
    pkg: "@fontsource/noto-sans-khmer",
    name: "Noto Sans Khmer",
    weight: 400,
    useSubset: (s) => s === "khmer",
  },
};

/** Family stack per language, first choice first; the rest draw the odd word of another script. */
export const LANGUAGE_FAMILIES: Readonly<Record<Lang, readonly FontFamilyId[]>> = {
  vi: ["sans", "sc", "lao", "khmer"],
  en: ["sans", "sc", "lao", "khmer"],
  "zh-Hans": ["sc", "sans", "lao", "khmer"],
  lo: ["lao", "sans", "sc", "khmer"],
  km: ["khmer", "sans", "sc", "lao"],
};

export function familyName(id: FontFamilyId): string {
  return FAMILIES[id].name;
}

/** One subset file of a family. */
interface Face {
  readonly family: FontFamilyId;
  readonly subset: string;
  readonly file: string;
  /** The alias it is registered under with Skia. */
  readonly alias: string;
  registered: boolean;
}

/** A family's faces plus a sorted range index `[from, to, faceIndex]` for code point lookups. */
interface LoadedFamily {
  readonly faces: Face[];
  readonly starts: Uint32Array;
  readonly ends: Uint32Array;
  readonly faceOf: Uint16Array;
  /** `maxEnd[i]`: the highest end of ranges `0..i`, so a backward scan knows when to stop. */
  readonly maxEnd: Uint32Array;
}

const require = createRequire(import.meta.url);
const loaded = new Map<FontFamilyId, LoadedFamily>();

function parseRanges(list: string): [number, number][] {
  const out: [number, number][] = [];
  for (const item of list.split(",")) {
    const m = /^\s*U\+([0-9a-f]+)(?:-([0-9a-f]+))?\s*$/i.exec(item);
    if (!m?.[1]) continue;
    const from = Number.parseInt(m[1], 16);
    out.push([from, m[2] ? Number.parseInt(m[2], 16) : from]);
  }
  return out;
}

/**
 * Reads the package's `<weight>.css`: every `@font-face` gives a woff2 file and its unicode-range. The
 * subset name is in the comment before each block (`/* noto-sans-sc-[42]-500-normal *\/`) and in the file
 * name; we take it from the file name, which is what we load.
 */
function loadFamily(id: FontFamilyId): LoadedFamily {
  const cached = loaded.get(id);
  if (cached) return cached;
  const spec = FAMILIES[id];
  const cssPath = require.resolve(`${spec.pkg}/${spec.weight}.css`);
  const dir = path.dirname(cssPath);
  const css = readFileSync(cssPath, "utf8");
  const prefix = spec.pkg.replace("@fontsource/", "");
  const suffix = `-${spec.weight}-normal.woff2`;
  const faces: Face[] = [];
  const ranges: [number, number, number][] = [];
  for (const block of css.split("@font-face").slice(1)) {
    const url = /url\(\.\/(files\/[^)]+\.woff2)\)/.exec(block)?.[1];
    const range = /unicode-range:\s*([^;]+);/.exec(block)?.[1];
    if (!url || !range) continue;
    const base = path.basename(url);
    if (!base.startsWith(`${prefix}-`) || !base.endsWith(suffix)) continue;
    const subset = base.slice(prefix.length + 1, -suffix.length);
    if (!spec.useSubset(subset)) continue;
    const index = faces.length;
    faces.push({
      family: id,
      subset,
      file: path.join(dir, url),
      alias: `gc-${id}-${subset}`,
      registered: false,
    });
    for (const [from, to] of parseRanges(range)) ranges.push([from, to, index]);
  }
  if (faces.length === 0) throw new Error(`no ${spec.weight} faces found in ${cssPath}`);
  ranges.sort((a, b) => a[0] - b[0] || a[2] - b[2]);
  const maxEnd = new Uint32Array(ranges.length);
  let running = 0;
  ranges.forEach((r, i) => {
    running = Math.max(running, r[1]);
    maxEnd[i] = running;
  });
  const family: LoadedFamily = {
    faces,
    starts: Uint32Array.from(ranges, (r) => r[0]),
    ends: Uint32Array.from(ranges, (r) => r[1]),
    faceOf: Uint16Array.from(ranges, (r) => r[2]),
    maxEnd,
  };
  loaded.set(id, family);
  return family;
}

/** The face of `family` that covers `cp`, if any (ranges may overlap: the first declared wins). */
function faceFor(family: LoadedFamily, cp: number): Face | undefined {
  // Last range starting at or before cp, then back while an earlier range could still reach cp.
  let lo = 0;
  let hi = family.starts.length - 1;
  let at = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((family.starts[mid] ?? 0) <= cp) {
      at = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  let best: number | undefined;
  for (let i = at; i >= 0 && (family.maxEnd[i] ?? 0) >= cp; i--) {
    if ((family.ends[i] ?? -1) >= cp) {
      const face = family.faceOf[i] ?? 0;
      if (best === undefined || face < best) best = face;
    }
  }
  return best === undefined ? undefined : family.faces[best];
}

function register(face: Face): void {
  if (face.registered) return;
  const key = GlobalFonts.registerFromPath(face.file, face.alias);
  if (key === null) throw new Error(`Skia could not load font file ${face.file}`);
  face.registered = true;
}

/** Characters that never need a glyph: line breaks are laid out, not drawn; ZWSP only marks a break. */
function needsGlyph(cp: number): boolean {
  return cp !== 0x0a && cp !== 0x200b;
}

export interface FontSelection {
  /** The `font-family` list for `ctx.font`, quoted, in the order Skia must try them. */
  readonly familyList: string;
  /** The language's first-choice family that the text actually uses, e.g. `Noto Sans Khmer`. */
  readonly primary: string;
}

export type FontSelectionResult = ({ ok: true } & FontSelection) | { ok: false; reason: string };

const selectionCache = new Map<string, FontSelectionResult>();

/**
 * The faces `text` needs when drawn as `lang`, registered on first use, or the reason it can't be drawn:
 * the first code point outside the script policy or outside every face's range.
 */
export function selectFonts(text: string, lang: Lang): FontSelectionResult {
  const cacheKey = `${lang}\u0000${text}`;
  const hit = selectionCache.get(cacheKey);
  if (hit) return hit;
  const stack = LANGUAGE_FAMILIES[lang];
  const used = new Set<Face>();
  let result: FontSelectionResult | undefined;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (!needsGlyph(cp)) continue;
    if (signScriptOf(cp) === undefined) {
      result = { ok: false, reason: `no font for ${describeCodePoint(cp)}` };
      break;
    }
    let face: Face | undefined;
    for (const id of stack) {
      face = faceFor(loadFamily(id), cp);
      if (face) break;
    }
    if (!face) {
      result = { ok: false, reason: `no font for ${describeCodePoint(cp)}` };
      break;
    }
    used.add(face);
  }
  if (!result) {
    // Order: by the language's family order, then the family's CSS order (overlaps resolve the same way).
    const faces = [...used].sort(
      (a, b) =>
        stack.indexOf(a.family) - stack.indexOf(b.family) ||
        loadFamily(a.family).faces.indexOf(a) - loadFamily(b.family).faces.indexOf(b),
    );
    for (const face of faces) register(face);
    const primaryId = faces[0]?.family ?? stack[0] ?? "sans";
    result = {
      ok: true,
      familyList:
        faces.length > 0 ? faces.map((f) => `"${f.alias}"`).join(", ") : `"${aliasOfFirst(primaryId)}"`,
      primary: familyName(primaryId),
    };
  }
  if (selectionCache.size > 2000) selectionCache.clear();
  selectionCache.set(cacheKey, result);
  return result;
}

/** For a text with nothing to draw (spaces only): any registered face of the family keeps Skia off system fonts. */
function aliasOfFirst(id: FontFamilyId): string {
  const family = loadFamily(id);
  const face = family.faces.find((f) => f.subset === "latin") ?? family.faces[0];
  if (!face) throw new Error(`family ${id} has no faces`);
  register(face);
  return face.alias;
}

/** The first code point of `text` the signs cannot draw, as a refusal reason; `undefined` when all are fine. */
export function coverageProblem(text: string, lang: Lang): string | undefined {
  const r = selectFonts(text, lang);
  return r.ok ? undefined : r.reason;
}
