/**
 * The contract between a sign protocol (pure: values in, bytes out, and back) and the serial driver
 * (I/O: port, queue, timeouts, retries). A protocol never touches a port or a timer; it tells the
 * driver what to write, how long to pause, and how to recognise the answer.
 *
 * A new protocol is one more folder next to `alpha/` and `bx5/` whose `definition.ts` supplies a
 * `SignProtocol<ItsFrame>` with the rest of its `ProtocolDefinition`, plus one line in `index.ts`.
 */

/** Pixel colour index: 0 off, 1 red, 2 green, 3 amber (red and green together). */
export type ColourIndex = 0 | 1 | 2 | 3;

/** A picture for a sign: row-major, one byte per pixel holding a `ColourIndex`. */
export interface Bitmap {
  readonly width: number;
  readonly height: number;
  /** `width * height` bytes, row by row from the top-left pixel. */
  readonly pixels: Uint8Array;
}

/** Outcome of a decoder or a reply match. Decoders report problems with `ok: false`, they never throw. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * What a stream parser produces. `raw` is the bytes of the frame as received (for logs and for the
 * emulator's traces); noise between frames is skipped silently.
 */
export type ParseEvent<F> =
  | { ok: true; frame: F; raw: Uint8Array }
  | { ok: false; error: string; raw: Uint8Array };

/**
 * Feed it chunks as the port delivers them, in any size; it returns every frame completed by the chunk,
 * in order, and keeps the tail of an unfinished frame for the next call.
 */
export interface FrameParser<F> {
  push(chunk: Uint8Array): ParseEvent<F>[];
  /** Forget a half-received frame (after a reconnect, say). */
  reset(): void;
}

/** Which sign on the line, and what it can show. Comes from the sign's profile. */
export interface SignTarget {
  /** Protocol address of the sign; absent means broadcast (Alpha `00`, BX-5 `0xFFFE`). */
  readonly address?: number;
  /** 1 for a red-only panel (pixels 0/1), 3 for red/green/amber. */
  readonly colours: 1 | 3;
  /** Panel size in pixels: the window a bitmap shows in (a wider bitmap scrolls through it). */
  readonly panel: { readonly width: number; readonly height: number };
  /**
   * The sign's file memory (the profile's `memory`), where the protocol stores several pictures (Alpha).
   * Absent: only the protocol's own limits apply.
   */
  readonly memory?: SignMemory;
}

/** What a sign can hold in its file memory. */
export interface SignMemory {
  readonly textFiles?: number;
  readonly pictureFiles?: number;
  /** Bytes for all files together. */
  readonly bytes?: number;
}

/** Effects every protocol here can render; each maps them to its own modes. */
export type ShowEffect = "hold" | "scrollLeft" | "scrollUp" | "flash";

/** Text only when `canShowText(text)` is true; otherwise render the text to a bitmap first. */
export type ShowContent =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "bitmap"; readonly bitmap: Bitmap };

/** One picture (or text) and how the sign plays it. */
export interface ShowSlide {
  readonly content: ShowContent;
  readonly effect: ShowEffect;
  /** How long the content stays still between passes, where the protocol carries it (BX-5). */
  readonly holdSeconds?: number;
}

/**
 * What to show: one slide (`{content, effect}`), or several (`{slides}`) that the sign plays in turn by
 * itself, with no traffic on the line, as far as the protocol can (`SignProtocol.maxSlides`).
 */
export type ShowRequest = ShowSlide | { readonly slides: readonly ShowSlide[] };

/** The slides of a request, whichever form it has. */
export function slidesOf(request: ShowRequest): readonly ShowSlide[] {
  return "slides" in request ? request.slides : [request];
}

/** Gate-local wall-clock time: the sign shows exactly these fields. */
export interface WallClock {
  readonly year: number;
  /** 1–12 */
  readonly month: number;
  /** 1–31 */
  readonly day: number;
  /** 0–23 */
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

/** How to recognise the sign's answer to one exchange. */
export interface ReplyMatcher<F, R> {
  /** Counted from the moment the request bytes have drained to the port. */
  readonly timeoutMs: number;
  /**
   * `undefined`: this frame is not the answer (leave it for someone else, or log it);
   * otherwise the exchange is over, successfully or not (a NAK is `ok: false`).
   */
  readonly match: (frame: F) => Result<R> | undefined;
}

/** One write to the sign and what follows it. */
export interface Exchange<F, R = void> {
  /** Names the command in logs and in timeout errors, e.g. `bx5 dynamicArea 0`. */
  readonly name: string;
  readonly bytes: Uint8Array;
  /** Quiet time after the write (or after the reply) before the next exchange, e.g. memory reconfiguration. */
  readonly pauseAfterMs: number;
  /** Absent: the sign does not answer this command; the exchange is done once written and paused. */
  readonly reply?: ReplyMatcher<F, R>;
  /**
   * The sign file this exchange overwrites, whole (e.g. `dots P`). Within a memory layout the sign still
   * holds (see `ShowPlan.layout`), a driver may skip writing a file again with the very same bytes.
   */
  readonly writes?: string;
}

export interface ShowPlan<F> {
  /** Run in order; stop at the first failure. Sending the whole plan again is always safe. */
  readonly exchanges: readonly Exchange<F>[];
  /**
   * Reads back from the sign and answers whether it still holds what `exchanges` wrote (signs lose RAM
   * files on power loss: on `false`, send the plan again). Absent when the protocol cannot read back.
   */
  readonly verify?: Exchange<F, boolean>;
  /**
   * Where the plan starts with exchanges that (re)build the sign's memory layout (and so clear its files
   * and blank it): how many they are, and a key naming that layout (equal keys, equal layouts). A driver
   * that knows the sign still holds layout `key` (it built it, and a read-back since says no power cut
   * wiped it) may start after them: the rest rewrites the files in place, and the sign never goes dark.
   */
  readonly layout?: { readonly key: string; readonly exchanges: number };
  /**
   * Slides of the request this plan leaves out (they do not fit the sign's memory), each with why, e.g.
   * `the sign holds 8 pictures` (index into the request's slides).
   */
  readonly notShown?: readonly { readonly slide: number; readonly reason: string }[];
}

export interface SignProtocol<F> {
  /** The protocol's registry key (`ProtocolName` lives with the registry, which imports this file). */
  readonly name: string;
  readonly limits: { readonly maxBitmapWidth: number; readonly maxBitmapHeight: number };
  /** True if the sign can show this text natively (its own font); else the renderer makes a bitmap. */
  readonly canShowText: (text: string) => boolean;
  readonly createParser: () => FrameParser<F>;
  /** Throws RangeError for content the protocol cannot carry (text where `canShowText` is false, a bitmap over `limits`). */
  readonly show: (request: ShowRequest, target: SignTarget) => ShowPlan<F>;
  /**
   * How many slides one `show` plan can hold with the sign playing them in turn by itself (Alpha: SMALL
   * DOTS pictures called one after the other from a TEXT file). Absent or 1: the sign holds one picture at
   * a time, and the driver rotates slides by sending each in turn. The plan may still leave slides out
   * (`notShown`) when their sizes exceed the sign's memory.
   */
  readonly maxSlides?: (target: SignTarget) => number;
  readonly setClock: (clock: WallClock, target: SignTarget) => Exchange<F>;
  /** A cheap exchange the sign answers: is it there at all? */
  readonly ping: (target: SignTarget) => Exchange<F>;
  /** One line for logs. */
  readonly describeFrame: (frame: F) => string;
}
