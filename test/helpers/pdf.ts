/**
 * What a test can read of a PDF without a PDF library: its page sizes (MediaBox), the fonts it embeds
 * (FontName), and its text when poppler's pdftotext is installed (scripts/test.mjs installs it).
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { tempDir } from "./fixtures.js";

export function pdfPageSizes(pdf: Buffer): [number, number][] {
  return [...pdf.toString("latin1").matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map((m) => [
    Math.round(Number(m[1])),
    Math.round(Number(m[2])),
  ]);
}

/** The embedded fonts' names without their subset tags: `Tinos-Regular`, `NotoSansLao-Regular`… */
export function pdfFonts(pdf: Buffer): Set<string> {
  return new Set(
    [...pdf.toString("latin1").matchAll(/\/FontName\s*\/(?:[A-Z]{6}\+)?([A-Za-z0-9-]+)/g)].map(
      (m) => m[1] as string,
    ),
  );
}

let pdftotext: boolean | undefined;

/** The PDF's text (pdftotext, layout kept), or undefined where poppler-utils is not installed. */
export function pdfText(pdf: Buffer): string | undefined {
  if (pdftotext === undefined) {
    try {
      execFileSync("pdftotext", ["-v"], { stdio: "ignore" });
      pdftotext = true;
    } catch {
      pdftotext = false;
    }
  }
  if (!pdftotext) return undefined;
  const file = path.join(tempDir(), "report.pdf");
  writeFileSync(file, pdf);
  return execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
}
