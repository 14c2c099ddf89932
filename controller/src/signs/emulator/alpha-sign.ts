/**
 * An Alpha sign as the controller meets it: takes host transmissions (nested packets, checksums), keeps
 * a memory configuration and the files it allows (TEXT, STRING, SMALL DOTS), answers read commands with
 * a framed reply (type `0`, its address, checksum, after a run of NULs, as the captured real reply), and
 * ignores what it cannot use, silently, as a real sign does (a bad checksum gets no answer at all).
 *
 * On power-up (and after `powerLoss`) the memory holds the factory layout: one TEXT file `A`, empty.
 */

import {
  type AlphaCommand,
  type AlphaMemoryRecord,
  AlphaParser,
  decodeHostTransmission,
  encodeAlphaCommand,
  encodeAlphaTransmission,
} from "../protocols/alpha/index.js";
import { toHex } from "../protocols/bytes.js";
import type { Bitmap } from "../protocols/types.js";
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

export interface AlphaSignOptions {
  readonly width: number;
  readonly height: number;
  /** Two hex digits; `00` answers everything. */
  readonly address?: string;
}

export class AlphaSign implements EmulatedSign {
  readonly protocol = "alpha" as const;
  readonly panel: { width: number; height: number };
  readonly stats: EmulatorStats = emptyStats();
  displayVersion = 0;
  memoryVersion = 0;
  readonly #address: string;
  readonly #parser = new AlphaParser();
  #layout: readonly AlphaMemoryRecord[] = FACTORY_LAYOUT;
  #files = new Map<string, StoredFile>();

  constructor(options: AlphaSignOptions) {
    this.panel = { width: options.width, height: options.height };
    this.#address = (options.address ?? "00").toUpperCase();
  }

  receive(chunk: Uint8Array): Uint8Array[] {
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
    for (const record of this.#layout) {
      if (record.type !== "text") continue;
      const stored = this.#files.get(record.label);
      if (stored?.type !== "text" || stored.file.text.length === 0) continue;
      return this.#displayOf(record.label, stored.file);
    }
    return undefined;
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
        };
      } else if (f.type === "string") {
        files[label] = { type: "string", data: f.data };
      } else {
        let lit = 0;
        for (const p of f.bitmap.pixels) if (p !== 0) lit++;
        files[label] = { type: "dots", width: f.bitmap.width, height: f.bitmap.height, litPixels: lit };
      }
    }
    return { protocol: "alpha", address: this.#address, memoryConfig: this.#layout, files };
  }

  // -------------------------------------------------------------------------------------------------

  #addressed(address: string): boolean {
    if (address === "00" || this.#address === "00") return true;
    return [0, 1].every((i) => address[i] === "?" || address[i] === this.#address[i]);
  }

  #changed(display: boolean): void {
    this.memoryVersion++;
    if (display) this.displayVersion++;
  }

  #record(label: string): AlphaMemoryRecord | undefined {
    return this.#layout.find((r) => r.label === label);
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
        noteEvent(this.stats, `TEXT ${command.label} written (${command.mode ?? "no mode"})`);
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

  /** TEXT file content → what the panel shows: pictures it calls side by side, or its text. */
  #displayOf(label: string, file: WriteText): DisplayState {
    const pictures: Bitmap[] = [];
    const names: string[] = [];
    let text = "";
    const s = file.text;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === CALL_PICTURE) {
        const picLabel = s.charAt(++i);
        const pic = this.#files.get(picLabel);
        if (pic?.type === "dots") {
          pictures.push(pic.bitmap);
          names.push(picLabel);
        }
      } else if (c === CALL_STRING) {
        const str = this.#files.get(s.charAt(++i));
        if (str?.type === "string") text += str.data;
      } else if (c === COLOUR) {
        i++;
      } else if (c >= 0x20 && c <= 0x7e) {
        text += s.charAt(i);
      }
    }
    const mode = file.mode ?? "auto";
    if (pictures.length > 0) {
      const width = pictures.reduce((w, p) => w + p.width, 0);
      const height = Math.max(...pictures.map((p) => p.height));
      const pixels = new Uint8Array(width * height);
      let x0 = 0;
      for (const p of pictures) {
        for (let y = 0; y < p.height; y++)
          pixels.set(p.pixels.subarray(y * p.width, (y + 1) * p.width), y * width + x0);
        x0 += p.width;
      }
      return {
        source: `TEXT ${label} → picture ${names.join(", ")}`,
        mode,
        bitmap: { width, height, pixels },
        ...(text ? { text } : {}),
      };
    }
    return {
      source: `TEXT ${label}`,
      mode,
      bitmap: {
        width: this.panel.width,
        height: this.panel.height,
        pixels: new Uint8Array(this.panel.width * this.panel.height),
      },
      text,
    };
  }
}
