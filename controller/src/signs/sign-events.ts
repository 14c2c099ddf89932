/**
 * What a sign did, as events for the reports: it answers (online) or not (offline, with why), and what
 * it holds (showing: its frames, each with its share of the sign's time). Pure: the sign extension
 * samples every driver's status and writes the events this returns.
 *
 * An event is written on change only. What the sign holds is keyed by its frames (item, language,
 * share), not by the driver's content key: a clock redrawn every minute is a new upload each minute
 * but the same thing shown, and must not add 1,440 rows a day.
 */
import type { SignDriverStatus } from "./driver/driver-status.js";

export type SignEventKind = "online" | "offline" | "showing" | "stopped";

export interface ShownFrame {
  itemId: string;
  language: string;
  /** Its part of the sign's time, 0–1: the slide's dwell share, split between the slide's frames. */
  share: number;
  /** items.origin of the item when the event was written. */
  origin: string | null;
}

export interface SignEventDraft {
  signId: string;
  at: string;
  kind: SignEventKind;
  detail: { reason?: string; frames?: ShownFrame[] };
}

/** What one sample of a sign says; `online: null` while it is still connecting after a start. */
export interface SignObservation {
  online: boolean | null;
  reason: string | null;
  frames: ShownFrame[] | null;
  framesKey: string | null;
}

/** How long after the controller starts a sign that has not connected yet is not yet called offline. */
export const CONNECT_GRACE_MS = 30_000;

/** The frames of what the sign holds, with their shares of its time. */
export function shownFrames(
  showing: SignDriverStatus["showing"],
  originOf: (itemId: string) => string | null,
): ShownFrame[] | null {
  if (!showing) return null;
  const slides = showing.slides.map((s, index) => ({ index, dwellMs: s.notShown ? 0 : s.dwellMs }));
  const total = slides.reduce((t, s) => t + s.dwellMs, 0);
  const frames: ShownFrame[] = [];
  for (const slide of slides) {
    if (slide.dwellMs <= 0 || total <= 0) continue;
    const inSlide = showing.frames.filter((f) => f.slide === slide.index);
    for (const f of inSlide) {
      frames.push({
        itemId: f.itemId,
        language: f.language,
        share: slide.dwellMs / total / inSlide.length,
        origin: originOf(f.itemId),
      });
    }
  }
  // One slide with every frame (the sign scrolls them) and no dwell figures still holds them.
  if (frames.length === 0 && showing.frames.length > 0) {
    const share = 1 / showing.frames.length;
    for (const f of showing.frames) {
      frames.push({ itemId: f.itemId, language: f.language, share, origin: originOf(f.itemId) });
    }
  }
  return frames;
}

export function framesKey(frames: readonly ShownFrame[] | null): string | null {
  if (!frames) return null;
  return frames.map((f) => `${f.itemId}/${f.language}/${f.share.toFixed(4)}`).join(",");
}

/**
 * One sample: `status` is the driver's (undefined when the sign could not start, `failed` says why);
 * `sinceStartMs` is how long the controller has run.
 */
export function observeSign(
  status: SignDriverStatus | undefined,
  failed: string | undefined,
  sinceStartMs: number,
  originOf: (itemId: string) => string | null,
): SignObservation {
  if (!status || failed) {
    return { online: false, reason: failed ?? "the sign did not start", frames: null, framesKey: null };
  }
  const frames = shownFrames(status.showing, originOf);
  const key = framesKey(frames);
  if (status.state === "connected" && status.responding !== false) {
    return { online: true, reason: null, frames, framesKey: key };
  }
  if (status.state === "connecting" && status.connectedAt === null && sinceStartMs < CONNECT_GRACE_MS) {
    return { online: null, reason: null, frames, framesKey: key };
  }
  const reason =
    status.state === "connected"
      ? `not answering${status.lastError ? `: ${status.lastError.message}` : ""}`
      : (status.lastError?.message ?? (status.state === "connecting" ? "never connected" : "disconnected"));
  return { online: false, reason, frames, framesKey: key };
}

/**
 * The events between two samples. Coming back online repeats what the sign holds, so a report knows
 * what it showed after an outage without looking back past it.
 */
export function signTransitions(
  signId: string,
  previous: SignObservation | undefined,
  next: SignObservation,
  at: string,
): SignEventDraft[] {
  if (next.online === null) return [];
  const events: SignEventDraft[] = [];
  const cameOnline = next.online && previous?.online !== true;
  if (next.online !== previous?.online) {
    events.push(
      next.online
        ? { signId, at, kind: "online", detail: {} }
        : { signId, at, kind: "offline", detail: { reason: next.reason ?? "offline" } },
    );
  } else if (!next.online && next.reason !== previous?.reason) {
    // Still out, for another reason: one outage, but the log says what changed.
    events.push({ signId, at, kind: "offline", detail: { reason: next.reason ?? "offline" } });
  }
  const changed = cameOnline ? next.frames !== null : next.framesKey !== previous?.framesKey;
  if (next.online && changed) {
    events.push({ signId, at, kind: "showing", detail: { frames: next.frames ?? [] } });
  }
  return events;
}
