/**
 * What an emulated sign shows, on disk, in `<out>/`:
 * - `latest.png`: the picture the panel shows now (LED look, every page of a stack, the whole ticker);
 * - `frames.jsonl`: one JSON line per change of what it shows (each turn to its next slide included), with
 *   the exact pixels as rows of colour codes (`0` off, `1` red, `2` green, `3` amber); rotated to
 *   `frames.jsonl.1` past 4 MiB;
 * - `memory.json`: what the sign holds (memory configuration, files, dynamic areas, clock, counters).
 * Files are replaced atomically (written beside, then renamed), so a reader never sees half a file.
 */

import { appendFileSync, existsSync, mkdirSync, renameSync, statSync, writeFileSync } from "node:fs";
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

function writeAtomic(file: string, data: string | Buffer): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

export class EmulatorOutput {
  #seq = 0;
  #lastSignature: string | undefined;

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
