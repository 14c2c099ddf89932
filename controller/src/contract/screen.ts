/**
 * The big LED screen's contract with the controller. A screen (an LED wall behind an HDMI sending card,
 * or a large TV) runs the player at `/screen/?id=<screen id>`: it connects to the same socket.io
 * namespace as the kiosks (KIOSK_NAMESPACE: enrolment, hello and proof of play are the kiosk's), and the
 * `state` event it gets for a screen channel is a ScreenState (`channel.kind === "screen"`).
 * Types and plain constants only: the player bundles this file.
 */
import type { ItemKind, Lang, Localized } from "./content.js";
import type { KioskAlert, KioskGate } from "./kiosk.js";

export const SCREEN_STATE_PATH = "/api/v1/screen/state";

/** A clock time `HH:MM` in gate time. */
export type GateClock = string;

export interface ScreenSound {
  enabled: boolean;
  /** 0–100. */
  volume: number;
  /** Gate-time spans when the screen stays silent whatever `enabled` says (end ≤ start wraps midnight). */
  quietHours: { start: GateClock; end: GateClock }[];
}

export interface ScreenChannel {
  kind: "screen";
  id: string;
  name: string;
  /** The screen's exact pixel size: the player lays text out for it. */
  width: number;
  height: number;
  orientation: "landscape" | "portrait";
  sound: ScreenSound;
  /**
   * The languages it rotates through, in order (a subset of the gate's): each item plays in the next one
   * (a video's subtitles, a slide's text).
   */
  languages: Lang[];
  /** Seconds a text slide stays in each language before the next (a slide shows all its languages in turn). */
  slideLanguageS: number;
}

/** What the player needs of a media file: it checks nothing itself, the controller probed it on upload. */
export interface ScreenMedia {
  sha256: string;
  mime: string;
  /** Video: its length; the player still ends a video on `ended`, this bounds a stall. */
  durationMs?: number;
  width?: number;
  height?: number;
  /** sha256 of a still frame (JPEG), shown while the video loads and in the console. */
  posterSha256?: string;
}

export interface ScreenItem {
  id: string;
  kind: ItemKind;
  title: Localized;
  body: Localized;
  durationS: number;
  media?: ScreenMedia;
  /** WebVTT files (sha256 in the media store) per language. */
  subtitles: Partial<Record<Lang, string>>;
}

export interface ScreenEntry {
  itemId: string;
  scheduleId: string | null;
  item: ScreenItem;
}

export interface ScreenState {
  gate: KioskGate;
  channel: ScreenChannel;
  /** What the screen plays now, in order (an emergency is `alert`, not an entry). */
  entries: ScreenEntry[];
  /** Interrupts everything while it lasts: full screen, then the ticker repeats it. */
  alert: KioskAlert | null;
  /** The standing notice line along the bottom, per language (empty: no ticker unless an alert). */
  ticker: Localized;
  version: string;
  nextChangeAt: string | null;
  generatedAt: string;
}
