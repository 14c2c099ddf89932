/**
 * How a kiosk is set up: by its URL, `/kiosk/?channel=hall&kiosk=<device-id>&name=<display name>`,
 * so a kiosk PC needs nothing but a browser pointed at the controller (and, to store proof of play,
 * an operator's approval of its pairing code, or a `#token=` the provisioning script wrote).
 *
 * `/kiosk/?preview=1&at=<ISO-8601>&channel=hall[&draft=1]` is the console's preview: the state of that
 * instant (with the drafts laid over live content for `draft=1`), no live link, no proof of play, no
 * idle return, and nothing kept in the browser.
 */
import type { KeyValueStore } from "../shared/proof-queue.js";

export interface KioskParams {
  /** The kiosk group; undefined means the gate's first one. */
  channel: string | undefined;
  kioskId: string;
  name: string;
  /** Overrides the site's idle timeout (seconds), for tests and demonstrations. */
  idleS: number | undefined;
  /** Set for the console's preview. */
  preview: KioskPreview | undefined;
}

export interface KioskPreview {
  /** The instant shown (ISO-8601 with an offset); undefined: now. */
  at: string | undefined;
  /** Show the drafts laid over live content (needs an operator's session, sent as its cookie). */
  draft: boolean;
}

/** The form the controller accepts: an ISO-8601 instant with an offset. */
export const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

const DEVICE_KEY = "gatecast:kiosk:device-id";
const DEVICE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const CHANNEL_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** The device id from the URL, else the one this browser generated once and kept. */
export function deviceId(fromUrl: string | null, store: KeyValueStore): string {
  if (fromUrl && DEVICE_ID.test(fromUrl)) return fromUrl;
  const kept = store.getItem(DEVICE_KEY);
  if (kept && DEVICE_ID.test(kept)) return kept;
  // getRandomValues, not randomUUID: the latter exists only in secure contexts, and a kiosk on the
  // gate LAN may load the controller over plain http.
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  const made = `kiosk-${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
  try {
    store.setItem(DEVICE_KEY, made);
  } catch {
    // No storage: a new id per load is the best that can be done.
  }
  return made;
}

/** The `kiosk` parameter of a URL, when it is a valid device id. */
export function kioskIdInUrl(search: string): string | undefined {
  const id = new URLSearchParams(search).get("kiosk");
  return id && DEVICE_ID.test(id) ? id : undefined;
}

/** `enrolledId`: the id this browser was enrolled under, which wins over the URL's and a generated one. */
export function readParams(search: string, store: KeyValueStore, enrolledId?: string): KioskParams {
  const q = new URLSearchParams(search);
  const channel = q.get("channel");
  const idle = Number(q.get("idle"));
  const at = q.get("at");
  const preview: KioskPreview | undefined =
    q.get("preview") === "1"
      ? { at: at && INSTANT.test(at) ? at : undefined, draft: q.get("draft") === "1" }
      : undefined;
  // A preview is no device: it must not take (or make) the id of the kiosk this browser may be.
  const kioskId = preview ? "preview" : (enrolledId ?? deviceId(q.get("kiosk"), store));
  return {
    channel: channel && CHANNEL_ID.test(channel) ? channel : undefined,
    kioskId,
    name: (q.get("name") ?? "").trim().slice(0, 100) || kioskId,
    idleS: Number.isInteger(idle) && idle >= 1 && idle <= 3600 ? idle : undefined,
    preview,
  };
}
