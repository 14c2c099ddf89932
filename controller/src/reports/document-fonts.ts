/**
 * The fonts a report's PDF is set in, embedded in the document as data: URLs so that Chromium prints
 * it with no network and no fonts installed on the PC: Tinos (metric-compatible with Times New Roman,
 * as Decree 30/2020 asks; it covers Vietnamese), then Noto Sans Lao, Khmer and SC for the neighbours'
 * names, then Noto Sans for any other symbol. The npm packages split each font into subsets by
 * `unicode-range`; only the subsets the document's text needs are embedded (Chinese alone is a hundred
 * subsets), so a report stays a few hundred kilobytes.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

/** The CSS `font-family` of the document: the order in which scripts find their font. */
export const DOCUMENT_FONT_STACK = `"Tinos", "Noto Sans Lao", "Noto Sans Khmer", "Noto Sans SC", "Noto Sans", serif`;

const SOURCES: readonly { pkg: string; css: readonly string[] }[] = [
  { pkg: "@fontsource/tinos", css: ["400.css", "400-italic.css", "700.css", "700-italic.css"] },
  { pkg: "@fontsource/noto-sans-lao", css: ["400.css", "700.css"] },
  { pkg: "@fontsource/noto-sans-khmer", css: ["400.css", "700.css"] },
  // Bold Chinese is synthesised from the regular: a second set of subsets would double the size.
  { pkg: "@fontsource/noto-sans-sc", css: ["400.css"] },
  { pkg: "@fontsource/noto-sans", css: ["400.css"] },
];

export interface FontFace {
  family: string;
  style: string;
  weight: string;
  /** The woff2 file's absolute path. */
  file: string;
  /** Inclusive code point ranges. */
  ranges: readonly (readonly [number, number])[];
}

/** `U+0E81-0EDF,U+25CC,U+4??` → ranges. */
export function parseUnicodeRange(text: string): [number, number][] {
  const ranges: [number, number][] = [];
  for (const part of text.split(",")) {
    const m = /^\s*U\+([0-9a-f?]+)(?:-([0-9a-f]+))?\s*$/i.exec(part);
    if (!m?.[1]) continue;
    const low = Number.parseInt(m[1].replaceAll("?", "0"), 16);
    const high = m[2] ? Number.parseInt(m[2], 16) : Number.parseInt(m[1].replaceAll("?", "f"), 16);
    if (Number.isFinite(low) && Number.isFinite(high)) ranges.push([low, high]);
  }
  return ranges;
}

/** The @font-face rules of one fontsource CSS file (woff2 sources only). */
export function parseFontFaces(css: string, dir: string): FontFace[] {
  const faces: FontFace[] = [];
  for (const block of css.matchAll(/@font-face\s*{([^}]*)}/g)) {
    const body = block[1] ?? "";
    const prop = (name: string) => new RegExp(`${name}\\s*:\\s*([^;]+);`).exec(body)?.[1]?.trim();
    const family = prop("font-family")?.replace(/^['"]|['"]$/g, "");
    const file = /url\(([^)]+\.woff2)\)/.exec(body)?.[1];
    const range = prop("unicode-range");
    if (!family || !file) continue;
    faces.push({
      family,
      style: prop("font-style") ?? "normal",
      weight: prop("font-weight") ?? "400",
      file: path.resolve(dir, file),
      ranges: range ? parseUnicodeRange(range) : [[0, 0x10ffff]],
    });
  }
  return faces;
}

const covers = (face: FontFace, cp: number) => face.ranges.some(([lo, hi]) => cp >= lo && cp <= hi);

/**
 * The faces a text needs: a face is taken when it draws a character of the text that no family
 * earlier in the stack draws (any weight), as the browser would pick them. Pure.
 */
export function facesFor(text: string, faces: readonly FontFace[]): FontFace[] {
  // A report is a megabyte of mostly ASCII markup: its letters stand for ASCII, the rest one by one.
  const codePoints = new Set<number>([0x41, 0x61, 0x30]);
  for (const m of text.matchAll(/[^\p{ASCII}]/gu)) codePoints.add(m[0].codePointAt(0) as number);
  const families = [...new Set(faces.map((f) => f.family))];
  const taken: FontFace[] = [];
  let left = [...codePoints];
  for (const family of families) {
    const own = faces.filter((f) => f.family === family);
    for (const face of own) if (left.some((cp) => covers(face, cp))) taken.push(face);
    left = left.filter((cp) => !own.some((f) => covers(f, cp)));
  }
  return taken;
}

let allFaces: FontFace[] | undefined;
const dataUrls = new Map<string, string>();

/** Every face of the packages above; read once. A package that is missing is left out. */
export function documentFaces(): FontFace[] {
  if (allFaces) return allFaces;
  const require = createRequire(import.meta.url);
  const faces: FontFace[] = [];
  for (const source of SOURCES) {
    for (const css of source.css) {
      try {
        const file = require.resolve(`${source.pkg}/${css}`);
        faces.push(...parseFontFaces(readFileSync(file, "utf8"), path.dirname(file)));
      } catch {
        // An install without this package prints that script with the PC's own fonts.
      }
    }
  }
  allFaces = faces;
  return faces;
}

/** `@font-face` rules with the woff2 files inline, for the faces `text` needs. */
export function fontFaceCss(text: string, faces: readonly FontFace[] = documentFaces()): string {
  return facesFor(text, faces)
    .map((face) => {
      let url = dataUrls.get(face.file);
      if (!url) {
        url = `data:font/woff2;base64,${readFileSync(face.file).toString("base64")}`;
        dataUrls.set(face.file, url);
      }
      const range = face.ranges.map(([lo, hi]) => `U+${lo.toString(16)}-${hi.toString(16)}`).join(",");
      return `@font-face{font-family:"${face.family}";font-style:${face.style};font-weight:${face.weight};font-display:block;src:url(${url}) format("woff2");unicode-range:${range};}`;
    })
    .join("\n");
}
