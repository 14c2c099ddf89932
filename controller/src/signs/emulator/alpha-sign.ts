/**
 * An Alpha sign as the controller meets it: takes host transmissions (nested packets, checksums), keeps
 * a memory configuration and the files it allows (TEXT, STRING, SMALL DOTS), answers read commands with
 * a framed reply (type `0`, its address, checksum, after a run of NULs, as the captured real reply), and
 * ignores what it cannot use, silently, as a real sign does (a bad checksum gets no answer at all).
 *
 * It plays its TEXT file as a real sign does: page after page (each mode field starts one), each for as
 * long as its mode takes — a held page 4 s, a page scrolling up 5 s a panel, a page rotating sideways
 * until it has passed through at 24 columns a second (`speed` plays them faster, for tests) — then from
 * the first page again, for as long as it has power, with nothing from the host. Writing the TEXT file
 * starts it over from its first page; writing a picture changes it where it is called (at once if it is on
 * the panel).
 *
 * On power-up (and after `powerLoss`) the memory holds the factory layout: one TEXT file `A`, empty.
 */

import {
  type AlphaCommand,
  type AlphaMemoryRecord,
  type AlphaMode,
  AlphaParser,
  type AlphaTextPage,
  alphaProtocol,
  decodeHostTransmission,
  encodeAlphaCommand,
  encodeAlphaTransmission,
  textPages,
} from "../protocols/alpha/index.js";
import { toHex } from "../protocols/bytes.js";
import type { Bitmap } from "../protocols/types.js";
import { bitmapToRows } from "../render/preview.js";
import { type DisplayState, type EmulatedSign, type EmulatorStats, emptyStats, noteEvent } from "./types.js";

type WriteText = Extract<AlphaCommand, { kind: "writeText" }>;

type StoredFile =
  | { readonly type: "text"; readonly file: WriteText }
  | { readonly type: "string"; readonly data: string }
  | { readonly type: "dots"; readonly bitmap: Bitmap };

const FACTORY_LAYOUT: readonly AlphaMemoryRecord[] = [
  { type: "text", label: "A", locked: false, size: 0x0400, startTime: 0xff, stopTime: 0x00 },
];
const CALL_PICTURE = 0x14;
const CALL_STRING = 0x10;
const COLOUR = 0x1c;

/** How long a held (flashing, …) page stays, at speed 1. */
export const ALPHA_HOLD_MS = 4_000;
/** How long each panel of a page scrolling up takes (moving in, then standing), at speed 1. */
export const ALPHA_SCROLL_PANEL_MS = 5_000;
/** How fast a page moving sideways goes, at speed 1. */
export const ALPHA_COLUMNS_PER_S = 24;
/** Width of a character of the sign's own font, for text pages. */
const CHAR_WIDTH = 6;
/** Modes that move a page sideways through the panel. */
const SIDEWAYS: ReadonlySet<AlphaMode> = new Set([
  "rotate",
  "compressedRotate",
  "rollLeft",
  "rollRight",
  "wipeLeft",
  "wipeRight",
]);
/** Modes that move a page up or down, a panel at a time. */
const UPWARDS: ReadonlySet<AlphaMode> = new Set(["scroll", "rollUp", "rollDown", "wipeUp", "wipeDown"]);
/** Past this much time behind (a clock step), a page starts now instead of catching up. */
const MAX_CATCH_UP_MS = 3_600_000;

export interface AlphaSignOptions {
  readonly width: number;
  readonly height: number;
  /** Two hex digits; `00` answers everything. */
  readonly address?: string;
  /** Plays pages this many times faster than a real sign (tests, demos); default 1. */
  readonly speed?: number;
  /** Wall clock, epoch ms (tests). */
  readonly now?: () => number;
}

/** One page of the TEXT file as the panel shows it. */
interface PageView {
  readonly mode: AlphaMode;
  readonly pictures: readonly { readonly label: string; readonly bitmap: Bitmap }[];
  readonly text: string;
}

export class AlphaSign implements EmulatedSign {
  readonly protocol = alphaProtocol.name;
  readonly panel: { width: number; height: number };
  readonly stats: EmulatorStats = emptyStats();
  memoryVersion = 0;
  readonly #address: string;
  readonly #parser = new AlphaParser();
  readonly #speed: number;
  readonly #now: () => number;
  #layout: readonly AlphaMemoryRecord[] = FACTORY_LAYOUT;
  #files = new Map<string, StoredFile>();
  #configurations = 0;
  #displayVersion = 0;
  /** The page of the shown TEXT file that is on the panel, and since when (ms of `now`). */
  #page = 0;
  #pageSince: number;

  constructor(options: AlphaSignOptions) {
    this.panel = { width: options.width, height: options.height };
    this.#address = (options.address ?? "00").toUpperCase();
    const speed = options.speed ?? 1;
    if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError(`speed must be over 0, got ${speed}`);
    this.#speed = speed;
    this.#now = options.now ?? Date.now;
    this.#pageSince = this.#now();
  }

  get displayVersion(): number {
    this.tick();
    return this.#displayVersion;
  }

  /** Turns to the page that is on the panel now: the sign plays its pages by itself. */
  tick(): void {
    const pages = this.#shownPages();
    if (pages.length <= 1) return;
    const now = this.#now();
    if (now - this.#pageSince > MAX_CATCH_UP_MS) this.#pageSince = now;
    this.#page %= pages.length;
    let turned = false;
    for (;;) {
      const ms = this.#pageMs(pages[this.#page] as PageView);
      if (now < this.#pageSince + ms) break;
      this.#pageSince += ms;
      this.#page = (this.#page + 1) % pages.length;
      turned = true;
    }
    if (turned) this.#displayVersion++;
  }

  /** Milliseconds until the panel turns to its next page; undefined while it has one page to show. */
  nextChangeInMs(): number | undefined {
    this.tick();
    const pages = this.#shownPages();
    if (pages.length <= 1) return undefined;
    const page = pages[this.#page % pages.length] as PageView;
    return Math.max(0, this.#pageSince + this.#pageMs(page) - this.#now());
  }

  receive(chunk: Uint8Array): Uint8Array[] {
    this.tick();
    const replies: Uint8Array[] = [];
    for (const event of this.#parser.push(chunk)) {
      if (!event.ok) {
        this.stats.badFrames++;
        noteEvent(this.stats, `ignored a bad transmission: ${event.error}`);
        continue;
      }
      const decoded = decodeHostTransmission(event.raw);
      if (!decoded.ok) {
        this.stats.badFrames++;
        noteEvent(this.stats, `ignored a bad transmission: ${decoded.error}`);
        continue;
      }
      const t = decoded.value;
      if (t.typeCode === "0" || !this.#addressed(t.address)) {
        this.stats.ignoredFrames++;
        continue;
      }
      this.stats.framesReceived++;
      for (const command of t.commands) {
        const reply = this.#apply(command);
        if (reply) {
          replies.push(reply);
          this.stats.replies++;
        }
      }
    }
    return replies;
  }

  powerLoss(): void {
    this.#layout = FACTORY_LAYOUT;
    this.#files = new Map();
    this.stats.powerLosses++;
    this.stats.clock = null;
    noteEvent(this.stats, "power lost: memory configuration and files cleared");
    this.#restart();
    this.#changed(true);
  }

  corruptReply(reply: Uint8Array): Uint8Array {
    // The first checksum digit after the last ETX: a sign whose reply went bad on the line.
    const out = reply.slice();
    const etx = out.lastIndexOf(0x03);
    if (etx >= 0 && etx + 1 < out.length) out[etx + 1] = out[etx + 1] === 0x30 ? 0x31 : 0x30;
    return out;
  }

  display(): DisplayState | undefined {
    this.tick();
    const shown = this.#shownFile();
    if (!shown) return undefined;
    const pages = this.#pagesOf(shown.file);
    return this.#stateOf(shown.label, pages, this.#page % pages.length);
  }

  /** Every page of the shown TEXT file that shows something, as the panel shows it in its turn. */
  slides(): DisplayState[] {
    const shown = this.#shownFile();
    if (!shown) return [];
    const pages = this.#pagesOf(shown.file);
    return pages.flatMap((_, index) => this.#stateOf(shown.label, pages, index) ?? []);
  }

  memory(): Record<string, unknown> {
    const files: Record<string, unknown> = {};
    for (const [label, f] of this.#files) {
      if (f.type === "text") {
        files[label] = {
          type: "text",
          position: f.file.position ?? null,
          mode: f.file.mode ?? null,
          text: f.file.text,
          // What the sign plays, page after page, and how long each page takes.
          pages: this.#pagesOf(f.file).map((p) => ({
            mode: p.mode,
            pictures: p.pictures.map((x) => x.label),
            ...(p.text ? { text: p.text } : {}),
            ms: Math.round(this.#pageMs(p)),
          })),
        };
      } else if (f.type === "string") {
        files[label] = { type: "string", data: f.data };
      } else {
        let lit = 0;
        for (const p of f.bitmap.pixels) if (p !== 0) lit++;
        files[label] = {
          type: "dots",
          width: f.bitmap.width,
          height: f.bitmap.height,
          litPixels: lit,
          rows: bitmapToRows(f.bitmap),
        };
      }
    }
    return {
      protocol: this.protocol,
      address: this.#address,
      memoryConfig: this.#layout,
      memoryConfigurations: this.#configurations,
      speed: this.#speed,
      files,
    };
  }

  // -------------------------------------------------------------------------------------------------

  /** Page `index` of a TEXT file as the panel shows it; undefined when it shows nothing. */
  #stateOf(label: string, pages: readonly PageView[], index: number): DisplayState | undefined {
    const page = pages[index] as PageView;
    // A page calling only pictures the sign does not hold (yet) shows nothing: the panel is dark.
    if (page.pictures.length === 0 && page.text === "") return undefined;
    const where = pages.length > 1 ? `TEXT ${label} page ${index + 1} of ${pages.length}` : `TEXT ${label}`;
    const slide = pages.length > 1 ? { slide: { index, count: pages.length } } : {};
    if (page.pictures.length > 0) {
      // The pictures a page calls, side by side.
      const width = page.pictures.reduce((w, p) => w + p.bitmap.width, 0);
      const height = Math.max(...page.pictures.map((p) => p.bitmap.height));
      const pixels = new Uint8Array(width * height);
      let x0 = 0;
      for (const { bitmap: p } of page.pictures) {
        for (let y = 0; y < p.height; y++)
          pixels.set(p.pixels.subarray(y * p.width, (y + 1) * p.width), y * width + x0);
        x0 += p.width;
      }
      return {
        source: `${where} → picture ${page.pictures.map((p) => p.label).join(", ")}`,
        mode: page.mode,
        bitmap: { width, height, pixels },
        ...(page.text ? { text: page.text } : {}),
        ...slide,
      };
    }
    return {
      source: where,
      mode: page.mode,
      bitmap: {
        width: this.panel.width,
        height: this.panel.height,
        pixels: new Uint8Array(this.panel.width * this.panel.height),
      },
      text: page.text,
      ...slide,
    };
  }

  #addressed(address: string): boolean {
    if (address === "00" || this.#address === "00") return true;
    return [0, 1].every((i) => address[i] === "?" || address[i] === this.#address[i]);
  }

  #changed(display: boolean): void {
    this.memoryVersion++;
    if (display) this.#displayVersion++;
  }

  /** The TEXT file plays from its first page again. */
  #restart(): void {
    this.#page = 0;
    this.#pageSince = this.#now();
  }

  #record(label: string): AlphaMemoryRecord | undefined {
    return this.#layout.find((r) => r.label === label);
  }

  /** The TEXT file the panel shows: the first one in the layout that holds something. */
  #shownFile(): { label: string; file: WriteText } | undefined {
    for (const record of this.#layout) {
      if (record.type !== "text") continue;
      const stored = this.#files.get(record.label);
      if (stored?.type !== "text" || stored.file.text.length === 0) continue;
      return { label: record.label, file: stored.file };
    }
    return undefined;
  }

  #shownPages(): PageView[] {
    const shown = this.#shownFile();
    return shown ? this.#pagesOf(shown.file) : [];
  }

  /** A TEXT file as the pages the sign plays, with the pictures and strings it calls looked up. */
  #pagesOf(file: WriteText): PageView[] {
    const pages = textPages(file).map((p) => this.#viewOf(p));
    return pages.length > 0 ? pages : [{ mode: "auto", pictures: [], text: "" }];
  }

  #viewOf(page: AlphaTextPage): PageView {
    const pictures: { label: string; bitmap: Bitmap }[] = [];
    let text = "";
    const s = page.text;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === CALL_PICTURE) {
        const label = s.charAt(++i);
        const pic = this.#files.get(label);
        if (pic?.type === "dots") pictures.push({ label, bitmap: pic.bitmap });
      } else if (c === CALL_STRING) {
        const str = this.#files.get(s.charAt(++i));
        if (str?.type === "string") text += str.data;
      } else if (c === COLOUR) {
        i++;
      } else if (c >= 0x20 && c <= 0x7e) {
        text += s.charAt(i);
      }
    }
    return { mode: page.mode ?? "auto", pictures, text };
  }

  /** How long the sign takes to play a page once. */
  #pageMs(page: PageView): number {
    const content = page.pictures.reduce((w, p) => w + p.bitmap.width, 0) + page.text.length * CHAR_WIDTH;
    const height = Math.max(this.panel.height, ...page.pictures.map((p) => p.bitmap.height));
    const panels = Math.max(1, Math.ceil(height / this.panel.height));
    let ms = ALPHA_HOLD_MS;
    if (SIDEWAYS.has(page.mode)) ms = ((content + this.panel.width) / ALPHA_COLUMNS_PER_S) * 1000;
    else if (UPWARDS.has(page.mode)) ms = panels * ALPHA_SCROLL_PANEL_MS;
    return Math.max(20, ms / this.#speed);
  }

  #reply(command: AlphaCommand): Uint8Array {
    // A reply is a transmission of type `0` from our address; the real sign sends a run of NULs first.
    return encodeAlphaTransmission([encodeAlphaCommand(command)], {
      typeCode: "0",
      address: this.#address,
      syncCount: 10,
      checksum: true,
    });
  }

  #apply(command: AlphaCommand): Uint8Array | undefined {
    switch (command.kind) {
      case "memoryConfig":
        this.#layout = command.records;
        this.#files = new Map();
        this.#configurations++;
        this.#restart();
        noteEvent(
          this.stats,
          `memory configured: ${command.records.map((r) => `${r.label}:${r.type}`).join(" ")}`,
        );
        this.#changed(true);
        return undefined;
      case "writeText": {
        const record = this.#record(command.label);
        if (record?.type !== "text") {
          noteEvent(this.stats, `ignored TEXT ${command.label}: not in the memory configuration`);
          return undefined;
        }
        if (command.text.length > record.size) {
          noteEvent(
            this.stats,
            `ignored TEXT ${command.label}: ${command.text.length} bytes over its ${record.size}`,
          );
          return undefined;
        }
        this.#files.set(command.label, { type: "text", file: command });
        this.#restart();
        const modes = textPages(command).map((p) => p.mode ?? "no mode");
        noteEvent(this.stats, `TEXT ${command.label} written (${modes.join(", ") || "empty"})`);
        this.#changed(true);
        return undefined;
      }
      case "writeString": {
        const record = this.#record(command.label);
        if (record?.type !== "string" || command.data.length > record.size) {
          noteEvent(this.stats, `ignored STRING ${command.label}`);
          return undefined;
        }
        this.#files.set(command.label, { type: "string", data: command.data });
        this.#changed(true);
        return undefined;
      }
      case "writeSmallDots": {
        const record = this.#record(command.label);
        if (record?.type !== "dots" || command.width > record.width || command.height > record.height) {
          noteEvent(
            this.stats,
            `ignored picture ${command.label} ${command.width}×${command.height}: no such DOTS file in the memory configuration`,
          );
          return undefined;
        }
        const bitmap = { width: command.width, height: command.height, pixels: command.pixels };
        this.#files.set(command.label, { type: "dots", bitmap });
        noteEvent(this.stats, `picture ${command.label} written (${command.width}×${command.height})`);
        this.#changed(true);
        return undefined;
      }
      case "readText": {
        const stored = this.#files.get(command.label);
        const file: WriteText =
          stored?.type === "text" ? stored.file : { kind: "writeText", label: command.label, text: "" };
        return this.#reply(file);
      }
      case "readString": {
        const stored = this.#files.get(command.label);
        return this.#reply({
          kind: "writeString",
          label: command.label,
          data: stored?.type === "string" ? stored.data : "",
        });
      }
      case "readSmallDots": {
        const stored = this.#files.get(command.label);
        if (stored?.type !== "dots") return undefined;
        return this.#reply({ kind: "writeSmallDots", label: command.label, ...stored.bitmap });
      }
      case "setTime":
        this.#setClock({ hour: command.hour, minute: command.minute });
        return undefined;
      case "setDate":
        this.#setClock({ year: command.year, month: command.month, day: command.day });
        return undefined;
      case "setDayOfWeek":
        return undefined;
      case "softReset":
        noteEvent(this.stats, "soft reset");
        return undefined;
      case "unknown":
        noteEvent(
          this.stats,
          `ignored command ${command.command}: ${command.reason} [${toHex(command.data.subarray(0, 16))}]`,
        );
        return undefined;
    }
  }

  #setClock(part: Record<string, number>): void {
    const value = { ...(this.stats.clock?.value ?? {}), ...part };
    this.stats.clock = { value, setAt: new Date().toISOString() };
    this.#changed(false);
  }
}
