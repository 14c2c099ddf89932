/**
 * The Alpha protocol as the driver sees it.
 *
 * Showing content: one memory configuration (TEXT file `A`, plus one SMALL DOTS file per picture), the
 * pictures, then TEXT file `A`, one page per slide: a mode field (hold, scroll, rotate …) and the call of
 * that slide's picture. (With several pictures, a provisional one-page TEXT `A` calling the smallest goes
 * right after the configuration and that picture first, so the sign is dark only until it is in.) The sign plays the pages in turn by itself, for as long as it has power: the line
 * is quiet until the content changes. The configuration comes first: it is what a sign loses on power
 * loss, and sending it again is harmless (it clears the files we are about to rewrite) — but it blanks
 * the sign, so the plan names it (`layout`) and a driver that knows the sign still holds the same layout
 * starts after it, rewriting the pictures and TEXT `A` in place.
 *
 * The pictures have to fit the sign's memory (`SignTarget.memory`: picture files and bytes); slides that
 * do not are left out of the plan, each with why (`notShown`).
 *
 * Alpha signs answer only read commands, so `verify` reads TEXT file `A` back and compares all of it.
 */

import { isoWeekday, toHex } from "../bytes.js";
import {
  type Bitmap,
  type Exchange,
  type ShowEffect,
  type ShowPlan,
  type ShowRequest,
  type SignProtocol,
  type SignTarget,
  slidesOf,
  type WallClock,
} from "../types.js";
import {
  ALPHA_PICTURE_LABELS,
  type AlphaCommand,
  type AlphaMemoryRecord,
  type AlphaMode,
  type AlphaPosition,
  alphaDotsBytes,
  callPicture,
  decodeAlphaCommand,
  encodeAlphaCommands,
  isAlphaNativeText,
  modeField,
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
  /**
   * SMALL DOTS file of the first picture; default `P`. The others take the labels after it in
   * `ALPHA_PICTURE_LABELS` (and then those before it).
   */
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
/** A TEXT file is given room for its content plus this, and never less than `MIN_TEXT_SIZE`. */
const TEXT_SLACK = 8;
const MIN_TEXT_SIZE = 64;

const textFileSize = (text: string) => Math.max(MIN_TEXT_SIZE, text.length + TEXT_SLACK);

/** The picture labels in the order they are taken: from `first` on, then the ones before it. */
function pictureLabels(first: string, textLabel: string): string[] {
  const pool = ALPHA_PICTURE_LABELS.includes(first)
    ? ALPHA_PICTURE_LABELS.slice(ALPHA_PICTURE_LABELS.indexOf(first)) +
      ALPHA_PICTURE_LABELS.slice(0, ALPHA_PICTURE_LABELS.indexOf(first))
    : first + ALPHA_PICTURE_LABELS;
  return [...new Set(pool)].filter((l) => l !== textLabel);
}

export function createAlphaProtocol(options: AlphaProtocolOptions = {}): SignProtocol<AlphaTransmission> {
  const textLabel = options.textLabel ?? "A";
  const labels = pictureLabels(options.pictureLabel ?? "P", textLabel);

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

    maxSlides: (target) => Math.max(1, Math.min(labels.length, target.memory?.pictureFiles ?? labels.length)),

    show(request: ShowRequest, target: SignTarget): ShowPlan<AlphaTransmission> {
      const slides = slidesOf(request);
      if (slides.length === 0) throw new RangeError("nothing to show: a request needs at least one slide");
      const maxColour = target.colours === 3 ? 3 : 1;
      const maxPictures = Math.min(labels.length, target.memory?.pictureFiles ?? labels.length);
      const budget = target.memory?.bytes ?? Number.POSITIVE_INFINITY;
      const of = (i: number) => `slide ${i + 1} of ${slides.length}`;

      // Check everything first: content the protocol cannot carry is an error, whatever fits.
      for (const [i, slide] of slides.entries()) {
        if (slide.content.kind === "text") {
          if (!isAlphaNativeText(slide.content.text)) {
            throw new RangeError(
              `${slides.length > 1 ? `${of(i)}: ` : ""}text is not printable ASCII: render it to a bitmap for an Alpha sign`,
            );
          }
          continue;
        }
        const { bitmap } = slide.content;
        if (bitmap.width > 0xff || bitmap.height > 0xff) {
          throw new RangeError(`a ${bitmap.width}×${bitmap.height} picture is over 255×255`);
        }
        for (const p of bitmap.pixels) {
          if (p > maxColour) throw new RangeError(`pixel value ${p} on a ${target.colours}-colour sign`);
        }
      }

      // Then take the slides in play order while they fit the sign's memory; the rest are reported.
      const pages: { mode: AlphaMode; content: string }[] = [];
      const pictures: { label: string; bitmap: Bitmap; mode: AlphaMode }[] = [];
      const notShown: { slide: number; reason: string }[] = [];
      let dotsBytes = 0;
      /** TEXT file size with `extra` pages more. */
      const textSize = (...extra: { mode: AlphaMode; content: string }[]) =>
        textFileSize(textOf([...pages, ...extra]).text);
      for (const [i, slide] of slides.entries()) {
        const mode = EFFECT_MODES[slide.effect];
        if (slide.content.kind === "text") {
          const page = { mode, content: slide.content.text };
          if (dotsBytes + textSize(page) > budget) {
            notShown.push({ slide: i, reason: `the sign's ${budget} bytes are full` });
          } else {
            pages.push(page);
          }
          continue;
        }
        const { bitmap } = slide.content;
        const label = labels[pictures.length];
        if (pictures.length >= maxPictures || label === undefined) {
          notShown.push({
            slide: i,
            reason: `the sign holds ${maxPictures} picture${maxPictures === 1 ? "" : "s"}`,
          });
          continue;
        }
        const page = { mode, content: callPicture(label) };
        const size = alphaDotsBytes(bitmap.width, bitmap.height);
        if (dotsBytes + size + textSize(page) > budget) {
          const free = Math.max(0, budget - dotsBytes - textSize());
          notShown.push({
            slide: i,
            reason: `its ${bitmap.width}×${bitmap.height} picture takes ${size} bytes, ${free} of the sign's ${budget} are free`,
          });
          continue;
        }
        dotsBytes += size;
        pictures.push({ label, bitmap, mode });
        pages.push(page);
      }

      const { mode, text } = textOf(pages);
      const textFile = { kind: "writeText", label: textLabel, position: POSITION, mode, text } as const;

      const records: AlphaMemoryRecord[] = [
        {
          type: "text",
          label: textLabel,
          locked: false,
          size: textFileSize(text),
          startTime: 0xff,
          stopTime: 0x00,
        },
        ...pictures.map(
          (p): AlphaMemoryRecord => ({
            type: "dots",
            label: p.label,
            locked: false,
            width: p.bitmap.width,
            height: p.bitmap.height,
            colours: target.colours,
          }),
        ),
      ];
      // The configuration blanks the sign until TEXT A calls a picture it holds. With several pictures, a
      // provisional TEXT A of one page calling the smallest (the quickest to send) lights it again as soon
      // as that one is in; the others follow while it shows, then TEXT A with every page.
      const quickest =
        pictures.length > 1
          ? pictures.reduce((a, b) =>
              b.bitmap.width * b.bitmap.height < a.bitmap.width * a.bitmap.height ? b : a,
            )
          : undefined;
      const provisional: Exchange<AlphaTransmission>[] = quickest
        ? [
            {
              name: `alpha writeText ${textLabel} (provisional)`,
              bytes: frame(target, [
                {
                  kind: "writeText",
                  label: textLabel,
                  position: POSITION,
                  mode: quickest.mode,
                  text: callPicture(quickest.label),
                },
              ]),
              pauseAfterMs: 0,
            },
          ]
        : [];
      const order = quickest ? [quickest, ...pictures.filter((p) => p !== quickest)] : pictures;
      const exchanges: Exchange<AlphaTransmission>[] = [
        {
          name: "alpha memoryConfig",
          bytes: frame(target, [{ kind: "memoryConfig", records }]),
          pauseAfterMs: MEMORY_CONFIG_PAUSE_MS,
        },
        ...provisional,
        ...order.map((p) => ({
          name: `alpha writeSmallDots ${p.label}`,
          bytes: frame(target, [{ kind: "writeSmallDots", label: p.label, ...p.bitmap }]),
          pauseAfterMs: PICTURE_PAUSE_MS,
          writes: `dots ${p.label}`,
        })),
        {
          name: `alpha writeText ${textLabel}`,
          bytes: frame(target, [textFile]),
          pauseAfterMs: 0,
          writes: `text ${textLabel}`,
        },
      ];
      const verify = readText(
        `alpha readText ${textLabel}`,
        target,
        (stored) =>
          stored.position === POSITION &&
          stored.mode === mode &&
          stored.special === undefined &&
          stored.text === text,
      );
      // Equal records, equal layout: the files can be rewritten in place without a new configuration (nor
      // the provisional TEXT A, which only shortens the dark after one).
      const layout = { key: JSON.stringify(records), exchanges: 1 + provisional.length };
      return { exchanges, verify, layout, ...(notShown.length > 0 ? { notShown } : {}) };
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

/**
 * TEXT file content for pages played in turn: the first page's mode goes in the command's mode field, each
 * further page starts with its own. No page at all: an empty file, held (a dark panel).
 */
function textOf(pages: readonly { mode: AlphaMode; content: string }[]): { mode: AlphaMode; text: string } {
  const [first, ...rest] = pages;
  if (!first) return { mode: "hold", text: "" };
  return {
    mode: first.mode,
    text: first.content + rest.map((p) => `${modeField(POSITION, p.mode)}${p.content}`).join(""),
  };
}

export const alphaProtocol: SignProtocol<AlphaTransmission> = createAlphaProtocol();
