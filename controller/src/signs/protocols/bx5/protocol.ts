/**
 * The BX-5 protocol as the driver sees it. BX-5 font areas take GB2312 only, so everything we show goes
 * as a bitmap in dynamic area 0 covering the whole panel; every request is answered with ACK or NAK.
 * The dynamic area cannot be read back, so there is no `verify`: the driver re-sends on its own schedule.
 *
 * The dynamic area holds one picture with one display mode, so a request of several slides is merged
 * into one: pages (held or scrolled-up slides no wider than the panel) one under the other, moving up;
 * anything that scrolls sideways makes it one ticker, every page side by side. `maxSlides` is 1: the
 * driver rotates slides that should keep their own modes.
 */

import { hexDigits, toHex } from "../bytes.js";
import {
  type Bitmap,
  type Exchange,
  type ReplyMatcher,
  type ShowEffect,
  type ShowPlan,
  type ShowRequest,
  type ShowSlide,
  type SignProtocol,
  type SignTarget,
  slidesOf,
  type WallClock,
} from "../types.js";
import {
  BX5_COMMANDS,
  type Bx5Command,
  type Bx5DisplayMode,
  decodeBx5Command,
  encodeBx5Command,
} from "./commands.js";
import {
  BX5_BROADCAST_ADDRESS,
  BX5_PC_ADDRESS,
  type Bx5Frame,
  encodeBx5Frame,
  requestHeader,
} from "./frame.js";
import { Bx5Parser } from "./parser.js";

const EFFECT_MODES: Record<ShowEffect, Bx5DisplayMode> = {
  hold: "static",
  scrollLeft: "continuousLeft",
  scrollUp: "moveUp",
  flash: "flash",
};
const DEFAULT_SPEED = 4;
const DEFAULT_STAY_SECONDS = 3;
const ACK_TIMEOUT_MS = 2000;
/** A large bitmap takes the controller card a while to take in before it answers. */
const AREA_ACK_TIMEOUT_MS = 5000;

/** Matches the ACK or NAK a sign sends for `command` sent to `target`. */
function ackMatcher(
  name: string,
  command: Bx5Command,
  target: SignTarget,
  timeoutMs: number,
): ReplyMatcher<Bx5Frame, void> {
  const id =
    command.kind === "unknown" ? { group: command.group, code: command.code } : BX5_COMMANDS[command.kind];
  const from = target.address ?? BX5_BROADCAST_ADDRESS;
  return {
    timeoutMs,
    match: (frame) => {
      if (frame.header.destination !== BX5_PC_ADDRESS) return undefined;
      if (from !== BX5_BROADCAST_ADDRESS && frame.header.source !== from) return undefined;
      const answer = decodeBx5Command(frame.data).command;
      if (answer.kind !== "ack" && answer.kind !== "nak") return undefined;
      // An answer that names its command must name ours; one that names none answers the pending request.
      if (answer.of !== undefined && (answer.of.group !== id.group || answer.of.code !== id.code))
        return undefined;
      if (answer.kind === "ack") return { ok: true, value: undefined };
      const reason = answer.reason === undefined ? "" : `, reason 0x${hexDigits(answer.reason, 2)}`;
      return { ok: false, error: `sign refused ${name} (NAK${reason})` };
    },
  };
}

function request(
  name: string,
  command: Bx5Command,
  target: SignTarget,
  timeoutMs = ACK_TIMEOUT_MS,
): Exchange<Bx5Frame> {
  return {
    name,
    bytes: encodeBx5Frame({ header: requestHeader(target.address), data: encodeBx5Command(command) }),
    pauseAfterMs: 0,
    reply: ackMatcher(name, command, target, timeoutMs),
  };
}

const MAX_SIDE = 0xffff;

/** Copies `src` into `dst` at (x, y), clipped to `dst`. */
function blit(dst: Bitmap, src: Bitmap, x: number, y: number, rows = src.height, fromRow = 0): void {
  const w = Math.max(0, Math.min(src.width, dst.width - x));
  for (let row = 0; row < rows; row++) {
    const sy = fromRow + row;
    const dy = y + row;
    if (sy >= src.height || dy < 0 || dy >= dst.height) continue;
    dst.pixels.set(src.pixels.subarray(sy * src.width, sy * src.width + w), dy * dst.width + x);
  }
}

/** The panel-sized pages of a slide that pages (a held or scrolled-up picture no wider than the panel). */
function pagesOf(slide: ShowSlide & { content: { kind: "bitmap" } }, panelHeight: number): number {
  return Math.max(1, Math.ceil(slide.content.bitmap.height / panelHeight));
}

/** One slide for the dynamic area out of several (see the file comment). */
export function mergeBx5Slides(slides: readonly ShowSlide[], panel: SignTarget["panel"]): ShowSlide {
  const bitmaps = slides.map((s) => {
    if (s.content.kind !== "bitmap") throw new RangeError("BX-5 shows bitmaps only: render the text first");
    return { ...s, content: s.content };
  });
  const [only] = bitmaps;
  if (only === undefined) throw new RangeError("nothing to show: a request needs at least one slide");
  if (bitmaps.length === 1) return only;
  const holds = bitmaps.flatMap((s) => (s.holdSeconds === undefined ? [] : [s.holdSeconds]));
  const holdSeconds = holds.length > 0 ? { holdSeconds: Math.max(...holds) } : {};
  const paged = (s: (typeof bitmaps)[number]) =>
    s.effect !== "scrollLeft" && s.content.bitmap.width <= panel.width;
  const make = (width: number, height: number): Bitmap => {
    if (width > MAX_SIDE || height > MAX_SIDE) {
      throw new RangeError(`the slides together make a ${width}×${height} picture, over ${MAX_SIDE}`);
    }
    return { width, height, pixels: new Uint8Array(width * height) };
  };
  if (bitmaps.every(paged)) {
    const pages = bitmaps.reduce((n, s) => n + pagesOf(s, panel.height), 0);
    const bitmap = make(panel.width, pages * panel.height);
    let y = 0;
    for (const s of bitmaps) {
      blit(bitmap, s.content.bitmap, 0, y);
      y += pagesOf(s, panel.height) * panel.height;
    }
    return { content: { kind: "bitmap", bitmap }, effect: "scrollUp", ...holdSeconds };
  }
  // A ticker: every page of a paged slide padded to the panel's width, wide slides as they are.
  const pieces = bitmaps.flatMap((s) =>
    paged(s)
      ? Array.from({ length: pagesOf(s, panel.height) }, (_, k) => ({
          bitmap: s.content.bitmap,
          fromRow: k * panel.height,
          width: panel.width,
        }))
      : [{ bitmap: s.content.bitmap, fromRow: 0, width: Math.max(panel.width, s.content.bitmap.width) }],
  );
  const bitmap = make(
    pieces.reduce((w, p) => w + p.width, 0),
    panel.height,
  );
  let x = 0;
  for (const p of pieces) {
    blit(bitmap, p.bitmap, x, 0, panel.height, p.fromRow);
    x += p.width;
  }
  return { content: { kind: "bitmap", bitmap }, effect: "scrollLeft", ...holdSeconds };
}

export const bx5Protocol: SignProtocol<Bx5Frame> = {
  name: "bx5",
  limits: { maxBitmapWidth: 0xffff, maxBitmapHeight: 0xffff },
  canShowText: () => false,
  createParser: () => new Bx5Parser(),

  maxSlides: () => 1,

  show(wanted: ShowRequest, target: SignTarget): ShowPlan<Bx5Frame> {
    const req = mergeBx5Slides(slidesOf(wanted), target.panel);
    if (req.content.kind !== "bitmap") {
      throw new RangeError("BX-5 shows bitmaps only: render the text first");
    }
    const command: Bx5Command = {
      kind: "dynamicArea",
      area: {
        areaId: 0,
        x: 0,
        y: 0,
        width: target.panel.width,
        height: target.panel.height,
        mode: EFFECT_MODES[req.effect],
        speed: DEFAULT_SPEED,
        staySeconds: req.holdSeconds ?? DEFAULT_STAY_SECONDS,
        planes: target.colours === 3 ? 2 : 1,
        bitmap: req.content.bitmap,
      },
    };
    return { exchanges: [request("bx5 dynamicArea 0", command, target, AREA_ACK_TIMEOUT_MS)] };
  },

  setClock: (clock: WallClock, target: SignTarget) =>
    request("bx5 setTime", { kind: "setTime", clock }, target),

  ping: (target: SignTarget) => request("bx5 ping", { kind: "ping" }, target),

  describeFrame(frame: Bx5Frame): string {
    const { header, data } = frame;
    const { replyWanted, command } = decodeBx5Command(data);
    const what =
      command.kind === "unknown"
        ? `unknown ${hexDigits(command.group, 2)} ${hexDigits(command.code, 2)} (${command.reason}) [${toHex(data.subarray(0, 16))}]`
        : command.kind;
    return `bx5 ${hexDigits(header.source, 4)}→${hexDigits(header.destination, 4)} ${what}${replyWanted ? " (reply wanted)" : ""}`;
  },
};
