/**
 * How a screen is set up: by its URL, `/screen/?id=<screen id>&kiosk=<device id>&name=<display name>`
 * (the screen id is the site file's `screens[].id`; the device id and the enrolment are a kiosk's, see
 * docs/screen.md). `dwell=<0.01–1>` shortens images and text slides, for tests and the bench only.
 * `/screen/?preview=1&id=<screen>&at=<ISO-8601>[&draft=1]` is the console's preview: that screen at
 * that instant, with drafts; no device, no socket, no proof, silent.
 */
import { deviceId, INSTANT, type KioskPreview } from "../kiosk/params.js";
import type { KeyValueStore } from "../shared/proof-queue.js";

export interface ScreenParams {
  /** The screen channel; undefined when the URL names none (the player says so on screen). */
  screenId: string | undefined;
  deviceId: string;
  name: string;
  dwellScale: number;
  /** Set for the console's preview. */
  preview: KioskPreview | undefined;
}

const CHANNEL_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** `enrolledId`: the id this browser was enrolled under, which wins over the URL's and a generated one. */
export function readScreenParams(search: string, store: KeyValueStore, enrolledId?: string): ScreenParams {
  const q = new URLSearchParams(search);
  const id = q.get("id");
  const dwell = Number(q.get("dwell"));
  const at = q.get("at");
  const preview: KioskPreview | undefined =
    q.get("preview") === "1"
      ? { at: at && INSTANT.test(at) ? at : undefined, draft: q.get("draft") === "1" }
      : undefined;
  // A preview is no device: it must not take (or make) the id of the screen this browser may be.
  const device = preview ? "preview" : (enrolledId ?? deviceId(q.get("kiosk"), store));
  return {
    screenId: id && CHANNEL_ID.test(id) ? id : undefined,
    deviceId: device,
    name: (q.get("name") ?? "").trim().slice(0, 100) || device,
    dwellScale: Number.isFinite(dwell) && dwell >= 0.01 && dwell <= 1 ? dwell : 1,
    preview,
  };
}
