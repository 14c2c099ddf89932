/**
 * An Onbon BX-5 controller card as the host meets it: frames with escaping and CRC, every request answered
 * with ACK (`A0 00`) or NAK (`A0 01`, also for a frame that fails its CRC), dynamic areas held in RAM
 * (lost on a power cut), the clock.
 */

import {
  BX5_ANY_DEVICE,
  BX5_BROADCAST_ADDRESS,
  BX5_PC_ADDRESS,
  BX5_PROTOCOL_VERSION,
  type Bx5Command,
  type Bx5DynamicArea,
  type Bx5Header,
  Bx5Parser,
  bx5Protocol,
  decodeBx5Command,
  encodeBx5Command,
  encodeBx5Frame,
  replyHeader,
} from "../protocols/bx5/index.js";
import { hexDigits, toHex } from "../protocols/bytes.js";
import { type DisplayState, type EmulatedSign, type EmulatorStats, emptyStats, noteEvent } from "./types.js";

/** NAK reasons we send (our choice; the card's real codes are not public). */
export const BX5_NAK_REASONS = { badFrame: 0x01, unsupported: 0x02, badArea: 0x03, busy: 0x04 } as const;

export interface Bx5SignOptions {
  readonly width: number;
  readonly height: number;
  /** Screen address (default 1); frames to it or to broadcast `FFFE` are taken. */
  readonly address?: number;
  /** Fault test: refuse (NAK, without storing) every Nth request. */
  readonly nakEvery?: number;
}

export class Bx5Sign implements EmulatedSign {
  readonly protocol = bx5Protocol.name;
  readonly panel: { width: number; height: number };
  readonly stats: EmulatorStats = emptyStats();
  displayVersion = 0;
  memoryVersion = 0;
  readonly #address: number;
  readonly #nakEvery: number | undefined;
  #requests = 0;
  readonly #parser = new Bx5Parser();
  #areas = new Map<number, Bx5DynamicArea>();

  constructor(options: Bx5SignOptions) {
    this.panel = { width: options.width, height: options.height };
    this.#address = options.address ?? 1;
    this.#nakEvery = options.nakEvery;
  }

  receive(chunk: Uint8Array): Uint8Array[] {
    const replies: Uint8Array[] = [];
    for (const event of this.#parser.push(chunk)) {
      if (!event.ok) {
        this.stats.badFrames++;
        noteEvent(this.stats, `NAK for a bad frame: ${event.error}`);
        replies.push(this.#answer(this.#defaultHeader(), { kind: "nak" }));
        continue;
      }
      const { header, data } = event.frame;
      if (header.destination !== this.#address && header.destination !== BX5_BROADCAST_ADDRESS) {
        this.stats.ignoredFrames++;
        continue;
      }
      this.stats.framesReceived++;
      const { replyWanted, command } = decodeBx5Command(data);
      this.#requests++;
      const refuse = this.#nakEvery !== undefined && this.#requests % this.#nakEvery === 0;
      if (refuse) noteEvent(this.stats, `NAK (fault test): request ${this.#requests}`);
      const answer: Bx5Command | undefined = refuse
        ? { kind: "nak", of: { group: data[1] ?? 0, code: data[2] ?? 0 }, reason: BX5_NAK_REASONS.busy }
        : this.#apply(command);
      if (answer && replyWanted) replies.push(this.#answer(header, answer));
    }
    this.stats.replies += replies.length;
    return replies;
  }

  powerLoss(): void {
    this.#areas = new Map();
    this.stats.powerLosses++;
    this.stats.clock = null;
    noteEvent(this.stats, "power lost: dynamic areas cleared");
    this.memoryVersion++;
    this.displayVersion++;
  }

  corruptReply(reply: Uint8Array): Uint8Array {
    // Flip the low bit of the first body byte (after the A5 preamble): the CRC no longer matches.
    const out = reply.slice();
    let i = 0;
    while (out[i] === 0xa5) i++;
    const b = out[i];
    if (b !== undefined) {
      const flipped = b ^ 0x01;
      // Never make a framing byte out of it: that would be a different fault (a cut frame).
      out[i] = [0xa5, 0x5a, 0xa6, 0x5b].includes(flipped) ? b ^ 0x02 : flipped;
    }
    return out;
  }

  display(): DisplayState | undefined {
    const ids = [...this.#areas.keys()].sort((a, b) => a - b);
    const first = ids[0];
    if (first === undefined) return undefined;
    const area = this.#areas.get(first) as Bx5DynamicArea;
    return { source: `dynamic area ${first}`, mode: area.mode, bitmap: area.bitmap };
  }

  memory(): Record<string, unknown> {
    const areas: Record<string, unknown> = {};
    for (const [id, a] of this.#areas) {
      let lit = 0;
      for (const p of a.bitmap.pixels) if (p !== 0) lit++;
      areas[String(id)] = {
        x: a.x,
        y: a.y,
        width: a.width,
        height: a.height,
        mode: a.mode,
        speed: a.speed,
        staySeconds: a.staySeconds,
        planes: a.planes,
        bitmap: { width: a.bitmap.width, height: a.bitmap.height, litPixels: lit },
      };
    }
    return { protocol: this.protocol, address: this.#address, areas };
  }

  #defaultHeader(): Bx5Header {
    return {
      destination: this.#address,
      source: BX5_PC_ADDRESS,
      protocolVersion: BX5_PROTOCOL_VERSION,
      deviceType: BX5_ANY_DEVICE,
    };
  }

  /** An answer to a request with header `request`: addressed back to its sender, from us. */
  #answer(request: Bx5Header, command: Bx5Command): Uint8Array {
    return encodeBx5Frame({
      header: replyHeader(request, this.#address),
      data: encodeBx5Command(command, false),
    });
  }

  #apply(command: Bx5Command): Bx5Command | undefined {
    switch (command.kind) {
      case "ping":
        return { kind: "ack", of: { group: 0xa2, code: 0x00 } };
      case "setTime":
        this.stats.clock = { value: command.clock, setAt: new Date().toISOString() };
        this.memoryVersion++;
        return { kind: "ack", of: { group: 0xa2, code: 0x03 } };
      case "dynamicArea": {
        const a = command.area;
        if (a.x + a.width > this.panel.width || a.y + a.height > this.panel.height) {
          noteEvent(
            this.stats,
            `NAK: area ${a.areaId} ${a.width}×${a.height} at ${a.x},${a.y} is off the panel`,
          );
          return { kind: "nak", of: { group: 0xa7, code: 0x00 }, reason: BX5_NAK_REASONS.badArea };
        }
        this.#areas.set(a.areaId, a);
        noteEvent(this.stats, `area ${a.areaId}: ${a.bitmap.width}×${a.bitmap.height} ${a.mode}`);
        this.memoryVersion++;
        this.displayVersion++;
        return { kind: "ack", of: { group: 0xa7, code: 0x00 } };
      }
      case "ack":
      case "nak":
        return undefined;
      case "unknown":
        noteEvent(
          this.stats,
          `NAK: ${hexDigits(command.group, 2)} ${hexDigits(command.code, 2)} ${command.reason} [${toHex(command.payload.subarray(0, 16))}]`,
        );
        return {
          kind: "nak",
          of: { group: command.group, code: command.code },
          reason: BX5_NAK_REASONS.unsupported,
        };
    }
  }
}
