/**
 * What an emulated sign shows, on disk, in `<out>/`:
 * - `latest.png`: the picture the panel shows now (LED look, every page of a stack, the whole ticker);
 * - `slides/<nn>-<label>.png`: one picture per slide the sign holds and plays in turn (`01-picture-P.png`;
 *   one file for a sign that shows one thing), rewritten when what it holds changes; files of slides it no
 *   longer holds are removed, so the folder holds at most its slide count;
 * - `frames.jsonl`: one JSON line per change of what it shows (each turn to its next slide included), with
 *   the exact pixels as rows of colour codes (`0` off, `1` red, `2` green, `3` amber); rotated to
 *   `frames.jsonl.1` past 4 MiB;
 * - `memory.json`: what the sign holds (memory configuration, files, dynamic areas, clock, counters).
 * Files are replaced atomically (written beside, then renamed), so a reader never sees half a file.
 */

import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { bitmapToPng, bitmapToRows } from "../render/index.js";
import type { DisplayState, EmulatedSign } from "./types.js";

const MAX_JOURNAL_BYTES = 4 * 1024 * 1024;

export interface DisplayRecord {
  seq: number;
  at: string;
  protocol: string;
  panel: { width: number; height: number };
  /** False when the panel went dark (power cut, memory cleared). */
  lit: boolean;
  source?: string;
  mode?: string;
  width?: number;
  height?: number;
  /** Panel-sized pages in the picture (a stack of languages), or 1. */
  pages?: number;
  /** Where the sign plays several slides in turn by itself: this one's number (1-based) and how many. */
  slide?: number;
  slides?: number;
  text?: string;
  rows?: string[];
}

/** Writes `file` beside (in `tmpDir`, same file system), then renames it into place. */
function writeAtomic(file: string, data: string | Buffer, tmpDir = path.dirname(file)): void {
  const tmp = path.join(tmpDir, `.${path.basename(file)}.${process.pid}.tmp`);
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

/** A slide's file name: its number (1-based, two digits so they sort) and what it shows. */
function slideFileName(n: number, d: DisplayState): string {
  // `TEXT A page 2 of 6 → picture Q` names picture Q; `dynamic area 0` names itself.
  const what = (d.source.split("→").at(-1) ?? d.source).replace(/\bpage \d+ of \d+/, "");
  const label =
    what
      .replace(/[^A-Za-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 40) || "slide";
  return `${String(n).padStart(2, "0")}-${label}.png`;
}

export class EmulatorOutput {
  #seq = 0;
  #lastSignature: string | undefined;
  #slidesSignature: string | undefined;

  constructor(
    readonly dir: string,
    private readonly scale = 4,
  ) {
    mkdirSync(dir, { recursive: true });
  }

  /** Writes the display if it differs from the last one written; returns the record when it did. */
  display(sign: EmulatedSign): DisplayRecord | undefined {
    const d = sign.display();
    const rows = d ? bitmapToRows(d.bitmap) : undefined;
    const signature = d ? JSON.stringify([d.source, d.mode, d.text ?? "", d.slide ?? null, rows]) : "dark";
    if (signature === this.#lastSignature) return undefined;
    this.#lastSignature = signature;
    const record = this.#record(sign, d, rows);
    const png = bitmapToPng(
      d?.bitmap ?? {
        width: sign.panel.width,
        height: sign.panel.height,
        pixels: new Uint8Array(sign.panel.width * sign.panel.height),
      },
      { scale: this.scale },
    );
    writeAtomic(path.join(this.dir, "latest.png"), png);
    this.#append(record);
    return record;
  }

  /**
   * Writes one PNG per slide the sign holds into `slides/` when they differ from those last written, and
   * removes the files of slides it no longer holds. Returns the file names when it wrote.
   */
  slides(sign: EmulatedSign): string[] | undefined {
    const shown = sign.slides ? sign.slides() : [sign.display()].flatMap((d) => d ?? []);
    const slides = shown.map((d, i) => ({ d, name: slideFileName(i + 1, d), rows: bitmapToRows(d.bitmap) }));
    const signature = JSON.stringify(slides.map((s) => [s.name, s.rows]));
    if (signature === this.#slidesSignature) return undefined;
    this.#slidesSignature = signature;
    const dir = path.join(this.dir, "slides");
    mkdirSync(dir, { recursive: true });
    // Written beside the folder and renamed in: `slides/` only ever holds whole PNGs.
    for (const { d, name } of slides) {
      writeAtomic(path.join(dir, name), bitmapToPng(d.bitmap, { scale: this.scale }), this.dir);
    }
    // After the new ones are in place: a reader listing the folder never finds it empty in between.
    const keep = new Set(slides.map((s) => s.name));
    for (const file of readdirSync(dir)) {
      if (!keep.has(file)) rmSync(path.join(dir, file), { force: true });
    }
    return [...keep];
  }

  memory(sign: EmulatedSign, extra: Record<string, unknown> = {}): void {
    const dump = {
      ...sign.memory(),
      panel: sign.panel,
      stats: sign.stats,
      ...extra,
      writtenAt: new Date().toISOString(),
    };
    writeAtomic(path.join(this.dir, "memory.json"), `${JSON.stringify(dump, null, 2)}\n`);
  }

  #record(sign: EmulatedSign, d: DisplayState | undefined, rows: string[] | undefined): DisplayRecord {
    const base = {
      seq: ++this.#seq,
      at: new Date().toISOString(),
      protocol: sign.protocol,
      panel: sign.panel,
    };
    if (!d) return { ...base, lit: false };
    return {
      ...base,
      lit: true,
      source: d.source,
      mode: d.mode,
      width: d.bitmap.width,
      height: d.bitmap.height,
      pages: Math.max(1, Math.floor(d.bitmap.height / sign.panel.height)),
      ...(d.slide ? { slide: d.slide.index + 1, slides: d.slide.count } : {}),
      ...(d.text ? { text: d.text } : {}),
      rows,
    };
  }

  #append(record: DisplayRecord): void {
    const file = path.join(this.dir, "frames.jsonl");
    if (existsSync(file) && statSync(file).size > MAX_JOURNAL_BYTES) renameSync(file, `${file}.1`);
    appendFileSync(file, `${JSON.stringify(record)}\n`);
  }
}
