/**
 * LED signs as `GET /signs` lists them, what a preview (`POST /signs/:id/render`) is asked, and its
 * answer with `?format=json`.
 */
import type { Localized } from "./content.js";

/** What the sign shows, for status pages: which items, which language frames, in which slides. */
export interface ShowingSummary {
  readonly itemIds: readonly string[];
  readonly frames: readonly {
    readonly itemId: string;
    readonly language: string;
    readonly width: number;
    readonly height: number;
    readonly scroll: boolean;
    /** Index of the slide it is in. */
    readonly slide: number;
  }[];
  /** The slides, in play order: the sign plays them in turn by itself, or the driver rotates them (`rotation`). */
  readonly slides: readonly {
    readonly layout: string;
    readonly effect: string;
    readonly width: number;
    readonly height: number;
    readonly dwellMs: number;
    /** Why the slide is not on the sign (it does not fit the sign's memory); absent when it is. */
    readonly notShown?: string;
  }[];
  /**
   * Who turns the slides: `sign` (all of them are on the sign, which plays them in turn with no traffic on
   * the line), `driver` (sent one at a time), `none` (one slide). Absent: not said.
   */
  readonly rotation?: "sign" | "driver" | "none";
  /** Languages or items left out, with why. */
  readonly problems: readonly string[];
}

export type DriverState = "connecting" | "connected" | "disconnected" | "stopped";

export interface SignDriverStatus {
  state: DriverState;
  connected: boolean;
  /** Did the last exchange that expects an answer get one? null before any. */
  responding: boolean | null;
  port: string;
  serial: string;
  connectedAt: string | null;
  reconnects: number;
  lastReplyAt: string | null;
  lastError: { at: string; message: string } | null;
  errors: number;
  timeouts: number;
  refusals: number;
  badFrames: number;
  unsolicited: number;
  retries: number;
  bytesSent: number;
  bytesReceived: number;
  /**
   * What the sign holds as far as we know (sent, and read back where the protocol can): the content's
   * summary, and which of its slides is on the sign now (1-based) and since when.
   */
  showing: (ShowingSummary & { key: string; slide: number; sentAt: string }) | null;
  /** True while the desired content is not yet on the sign. */
  pending: boolean;
  lastSentAt: string | null;
  lastRefreshAt: string | null;
  /** Read-backs that found the sign had lost its content (power cut), each followed by a re-send. */
  contentLost: number;
  lastClockSetAt: string | null;
  /**
   * The last send: whether it rebuilt the sign's memory layout (Alpha: a memory configuration, which blanks
   * the sign), how many exchanges it wrote and skipped (files the sign already held), and its bytes.
   */
  lastUpload: { at: string; layout: boolean; written: number; skipped: number; bytes: number } | null;
}

/**
 * A sign as `GET /signs` lists it and `GET /signs/:id` answers: its configuration, and the driver's
 * status when it runs (absent fields: the sign has no running driver).
 */
export interface SignStatus extends Partial<SignDriverStatus> {
  id: string;
  name: string;
  profile: string;
  protocol: string;
  model: string;
  panel: { width: number; height: number };
  colors: number;
  address: string;
  /** `pty` or `in-process` for a virtual sign; null for real hardware. */
  virtual: "pty" | "in-process" | null;
  /** Where a virtual sign shows what it displays. */
  outDir: string | null;
  /** The sign could not be started (bad address, …); nothing else works for it. */
  failed?: string;
}

/** A preview of free text, or of an item's LED text (`messageId` is its item id). */
export type RenderRequest =
  | { text: Localized }
  | { itemId: string }
  /** @deprecated the name before `itemId`; still taken for one release. */
  | { messageId: string };

/** How a language's frame was laid out: by which script rule, on how many lines, at which size. */
export interface SignFrameLayout {
  /** `khmer-16`, `lao-16`, `chinese-16`, `latin-16`, … (`+profile` when the sign profile overrides it), or `dual-clock`. */
  rule: string;
  /** `fill-height`: one line as tall as the panel, scrolling when wider; `fit-panel`: the largest size that fits the panel (scrolling only when too wide even at the smallest). */
  size: "fill-height" | "fit-panel";
  lines: number;
  scroll: boolean;
  /** CSS px of the em. */
  glyphPx: number;
  /** Rows from the highest lit pixel to the lowest. */
  inkRows: number;
}

/**
 * The same layouts on a PNG preview, in the `X-Sign-Layout` header: per frame
 * `language:rule:size:lines:scroll|hold:glyphPx:inkRows`, comma-separated, in frame order.
 */
export const SIGN_LAYOUT_HEADER = "x-sign-layout";

export function formatSignLayouts(frames: readonly ({ language: string } & SignFrameLayout)[]): string {
  return frames
    .map(
      (f) =>
        `${f.language}:${f.rule}:${f.size}:${f.lines}:${f.scroll ? "scroll" : "hold"}:${f.glyphPx}:${f.inkRows}`,
    )
    .join(",");
}

export function parseSignLayouts(header: string | null): ({ language: string } & SignFrameLayout)[] {
  if (!header) return [];
  return header.split(",").flatMap((part) => {
    const [language, rule, size, lines, scroll, glyphPx, inkRows] = part.split(":");
    if (!language || !rule || scroll === undefined) return [];
    return [
      {
        language,
        rule,
        size: size === "fill-height" ? ("fill-height" as const) : ("fit-panel" as const),
        lines: Number(lines),
        scroll: scroll === "scroll",
        glyphPx: Number(glyphPx),
        inkRows: Number(inkRows),
      },
    ];
  });
}

/** A preview as `POST /signs/:id/render?format=json` answers it: a row is a string, a character a pixel (`0` off, `1` red, `2` green, `3` amber). */
export interface SignRender {
  sign: string;
  width: number;
  height: number;
  languages: string[];
  scroll: boolean;
  /** Each language's frame, as rendered before it is laid into slides. */
  frames: string[][];
  details: {
    language: string;
    width: number;
    height: number;
    fontSize: number;
    fontFamily: string;
    lines: readonly string[];
    scroll: boolean;
    /** The script rule that laid the frame out (docs/signs-rendering.md), and what came of it. */
    layout: SignFrameLayout;
  }[];
  /** The slides the sign plays, in order. */
  slides: {
    layout: string;
    effect: string;
    dwellMs: number;
    languages: string[];
    width: number;
    height: number;
    rows: string[];
    /** Why the sign would not get this slide (its memory cannot hold it); absent when it would. */
    notShown?: string;
  }[];
}
