/**
 * The Alpha protocol as the driver sees it.
 *
 * Showing content: one memory configuration (TEXT file `A`, plus a SMALL DOTS file `P` for a picture), the
 * picture, then TEXT file `A` that calls it. The configuration comes first every time: it is what a sign
 * loses on power loss, and sending it again is harmless (it clears the files we are about to rewrite).
 * Alpha signs answer only read commands, so `verify` reads TEXT file `A` back and compares.
 */

import { isoWeekday, toHex } from "../bytes.js";
import type {
  Exchange,
  ShowEffect,
  ShowPlan,
  ShowRequest,
  SignProtocol,
  SignTarget,
  WallClock,
} from "../types.js";
import {
  type AlphaCommand,
  type AlphaMemoryRecord,
  type AlphaMode,
  type AlphaPosition,
  callPicture,
  decodeAlphaCommand,
  encodeAlphaCommands,
  isAlphaNativeText,
} from "./commands.js";
import { ALPHA_REPLY_TYPE, type AlphaTransmission, alphaAddress } from "./frame.js";
import { AlphaParser } from "./parser.js";

export interface AlphaProtocolOptions {
  /** Type code to address; default `Z` (all types). */
  readonly typeCode?: string;
  /** Send ETX and a checksum with every packet; default true. */
  readonly checksum?: boolean;
  /** Leading NULs; default 5. */
  readonly syncCount?: number;
  /** TEXT file that shows our content; default `A`. */
  readonly textLabel?: string;
  /** SMALL DOTS file holding our picture; default `P`. */
  readonly pictureLabel?: string;
}

const EFFECT_MODES: Record<ShowEffect, AlphaMode> = {
  hold: "hold",
  scrollLeft: "rotate",
  scrollUp: "scroll",
  flash: "flash",
};

/** Where our content goes: all lines of the sign. */
const POSITION: AlphaPosition = "fill";
/** Allowance for the sign to reorganise its memory after a configuration; tune on a real unit. */
const MEMORY_CONFIG_PAUSE_MS = 500;
/** Allowance to store a picture before the TEXT file that calls it arrives. */
const PICTURE_PAUSE_MS = 100;
const READ_TIMEOUT_MS = 2000;

export function createAlphaProtocol(options: AlphaProtocolOptions = {}): SignProtocol<AlphaTransmission> {
  const textLabel = options.textLabel ?? "A";
  const pictureLabel = options.pictureLabel ?? "P";

  const frame = (target: SignTarget, commands: readonly AlphaCommand[]): Uint8Array =>
    encodeAlphaCommands(commands, {
      typeCode: options.typeCode,
      checksum: options.checksum,
      syncCount: options.syncCount,
      address: alphaAddress(target.address),
    });

  /** Reads TEXT file `textLabel` and hands its decoded content to `judge`. */
  const readText = <R>(
    name: string,
    target: SignTarget,
    judge: (stored: Extract<AlphaCommand, { kind: "writeText" }>) => R,
  ): Exchange<AlphaTransmission, R> => {
    const address = alphaAddress(target.address);
    return {
      name,
      bytes: frame(target, [{ kind: "readText", label: textLabel }]),
      pauseAfterMs: 0,
      reply: {
        timeoutMs: READ_TIMEOUT_MS,
        match: (t) => {
          if (t.typeCode !== ALPHA_REPLY_TYPE) return undefined;
          if (address !== "00" && t.address !== address) return undefined;
          const first = t.packets[0];
          if (first === undefined || first.command !== "A") return undefined;
          const stored = decodeAlphaCommand(first);
          if (stored.kind !== "writeText" || stored.label !== textLabel) return undefined;
          return { ok: true, value: judge(stored) };
        },
      },
    };
  };

  return {
    name: "alpha",
    // The SMALL DOTS header gives 2 hex digits to each dimension.
    limits: { maxBitmapWidth: 0xff, maxBitmapHeight: 0xff },
    canShowText: isAlphaNativeText,
    createParser: () => new AlphaParser(),

    show(request: ShowRequest, target: SignTarget): ShowPlan<AlphaTransmission> {
      const mode = EFFECT_MODES[request.effect];
      const records: AlphaMemoryRecord[] = [];
      const writes: AlphaCommand[] = [];
      let text: string;
      if (request.content.kind === "text") {
        if (!isAlphaNativeText(request.content.text)) {
          throw new RangeError("text is not printable ASCII: render it to a bitmap for an Alpha sign");
        }
        text = request.content.text;
      } else {
        const { bitmap } = request.content;
        const maxColour = target.colours === 3 ? 3 : 1;
        for (const p of bitmap.pixels) {
          if (p > maxColour) throw new RangeError(`pixel value ${p} on a ${target.colours}-colour sign`);
        }
        records.push({
          type: "dots",
          label: pictureLabel,
          locked: false,
          width: bitmap.width,
          height: bitmap.height,
          colours: target.colours,
        });
        writes.push({ kind: "writeSmallDots", label: pictureLabel, ...bitmap });
        text = callPicture(pictureLabel);
      }
      const textFile = {
        kind: "writeText",
        label: textLabel,
        position: POSITION,
        mode,
        text,
      } as const;
      // TEXT file size: its content plus room for the ESC sequence, never under 64 bytes.
      records.unshift({
        type: "text",
        label: textLabel,
        locked: false,
        size: Math.max(64, text.length + 8),
        startTime: 0xff,
        stopTime: 0x00,
      });
      const exchanges: Exchange<AlphaTransmission>[] = [
        {
          name: "alpha memoryConfig",
          bytes: frame(target, [{ kind: "memoryConfig", records }]),
          pauseAfterMs: MEMORY_CONFIG_PAUSE_MS,
        },
        ...writes.map((w) => ({
          name: `alpha ${w.kind} ${pictureLabel}`,
          bytes: frame(target, [w]),
          pauseAfterMs: PICTURE_PAUSE_MS,
        })),
        { name: `alpha writeText ${textLabel}`, bytes: frame(target, [textFile]), pauseAfterMs: 0 },
      ];
      const verify = readText(
        `alpha readText ${textLabel}`,
        target,
        (stored) => stored.position === POSITION && stored.mode === mode && stored.text === text,
      );
      return { exchanges, verify };
    },

    setClock(clock: WallClock, target: SignTarget): Exchange<AlphaTransmission> {
      // Three nested packets in one transmission; the sign counts weekdays 1 = Sunday.
      const weekday = (isoWeekday(clock.year, clock.month, clock.day) % 7) + 1;
      return {
        name: "alpha setClock",
        bytes: frame(target, [
          { kind: "setTime", hour: clock.hour, minute: clock.minute },
          { kind: "setDate", year: clock.year, month: clock.month, day: clock.day },
          { kind: "setDayOfWeek", weekday },
        ]),
        pauseAfterMs: 0,
      };
    },

    // Alpha has no ping; reading our TEXT file is the cheapest command a sign answers.
    ping: (target) => readText(`alpha ping (readText ${textLabel})`, target, () => undefined),

    describeFrame: (t) =>
      `alpha type ${t.typeCode} address ${t.address}: ${t.packets
        .map(
          (p) =>
            `${p.command} [${toHex(p.data.subarray(0, 16))}${p.data.length > 16 ? " …" : ""}] ${p.checksum}`,
        )
        .join("; ")}`,
  };
}

export const alphaProtocol: SignProtocol<AlphaTransmission> = createAlphaProtocol();
