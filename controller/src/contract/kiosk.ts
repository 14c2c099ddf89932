/**
 * The kiosk's contract with the controller: REST answers, socket.io events and their payloads.
 * Imported by the hub (Node) and by the kiosk app (bundled by Vite), so it holds types and plain
 * constants only: no Node imports, no zod (the kiosk must not carry a validator it never uses).
 */
import type { Category, ItemKind, Lang, Localized } from "./content.js";

/** socket.io namespace the kiosks connect to; the default path `/socket.io` is kept. */
export const KIOSK_NAMESPACE = "/kiosk";
export const KIOSK_STATE_PATH = "/api/v1/kiosk/state";
export const KIOSKS_PATH = "/api/v1/kiosks";
/** Where a content-addressed media file is served; the service worker caches these for good. */
export const MEDIA_PATH = "/api/v1/media/";

/**
 * The categories a traveler browses, in the order the kiosk's grid shows them. `welcome` and `holiday`
 * items play in the loop but are not topics to look up.
 */
export const KIOSK_CATEGORIES = [
  "procedures",
  "customs",
  "hours",
  "emergency",
  "tourism",
  "investment",
  "news",
] as const satisfies readonly Category[];
export type KioskCategoryId = (typeof KIOSK_CATEGORIES)[number];

/** Limits the hub enforces on a proof batch; the kiosk sends batches no larger than these. */
export const PROOF_LIMITS = { plays: 500, sessions: 200, pagesPerSession: 100, skips: 200 } as const;

/** An item as a kiosk shows it: the gate's languages only, no LED-only fields it cannot use. */
export interface KioskItem {
  id: string;
  kind: ItemKind;
  title: Localized;
  /** Plain text, blank line = paragraph. Rendered as text, never as HTML. */
  body: Localized;
  ledText: Localized;
  categories: Category[];
  durationS: number;
  /** sha256 of the media file; the kiosk loads `MEDIA_PATH + mediaSha256`. */
  mediaSha256?: string;
  /**
   * The item's public web page (https, from the site file's `takeAway`), without `?lang=`: the
   * "take it with you" QR code carries it. Absent: the code carries the page's text (an older
   * controller never sends it, so the kiosk falls back to text).
   */
  publicUrl?: string;
}

/** One entry of the channel's loop, in play order, with its item inlined. */
export interface KioskEntry {
  itemId: string;
  scheduleId: string | null;
  item: KioskItem;
}

export interface KioskCategory {
  id: KioskCategoryId;
  /** In the order the kiosk lists them. */
  items: KioskItem[];
}

/** An active emergency notice: shown over everything, in every gate language. */
export interface KioskAlert {
  id: string;
  title: Localized;
  body: Localized;
  startsAt: string;
  expiresAt: string;
}

export interface KioskGate {
  id: string;
  name: Localized;
  /** In the order the kiosk offers them; Vietnamese first (the default). */
  languages: Lang[];
  /** The neighbouring country (ISO 3166 alpha-2): China-facing kiosks also show Beijing time. */
  neighbourCountry: "CN" | "LA" | "KH";
}

export interface KioskChannel {
  id: string;
  name: string;
  /** Seconds without a touch before the kiosk returns to its loop and Vietnamese. */
  idleTimeoutS: number;
}

/** Everything a kiosk needs to run on its own until the next state: first paint, loop, browsing, alert. */
export interface KioskState {
  gate: KioskGate;
  channel: KioskChannel;
  /** What the channel plays now (emergency entries are left out: `alert` carries the notice). */
  entries: KioskEntry[];
  /** Items to browse, valid today, not of kind `led`, by KIOSK_CATEGORIES; only topics that have items. */
  catalogue: KioskCategory[];
  alert: KioskAlert | null;
  /** Hash of everything above and nextChangeAt: equal versions mean equal states. */
  version: string;
  /** When what plays next changes (ISO-8601), or null. */
  nextChangeAt: string | null;
  /** The controller's clock when this state was made: lets the kiosk correct its own clock for expiries. */
  generatedAt: string;
}

/** What a kiosk is doing, as it reports it; shown to operators in `GET /api/v1/kiosks`. */
export interface KioskShowing {
  mode: "attract" | "browse" | "alert";
  language: Lang;
  /** The item on screen, when one is. */
  itemId?: string;
  /** The state version the kiosk runs. */
  version?: string;
}

/**
 * What a kiosk proves itself with, in socket.io's handshake (`auth`), on every connection. An enrolled
 * kiosk sends its id and token; one not yet enrolled sends its pairing secret (random, kept in the
 * browser) so a reconnect finds its pending pairing request again. Neither is ever in a URL the
 * controller logs.
 */
export interface KioskAuth {
  kioskId?: string;
  token?: string;
  pairing?: string;
}

/** A pairing code on an unenrolled kiosk's screen, waiting for an operator. */
export interface KioskPairingCode {
  /** 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L), shown as `ABCD-EFGH`. */
  code: string;
  expiresAt: string;
}

/** Sent to an unenrolled kiosk when an operator approved its code: keep the token, reconnect with it. */
export interface KioskEnrolled {
  kioskId: string;
  token: string;
  name: string;
  channel: string;
}

/** First message after every (re)connect. */
export interface KioskHello {
  kioskId: string;
  name: string;
  channel: string;
  showing?: KioskShowing;
}

/** One item shown by the loop (or an alert, itemId `emergency:<id>`). */
export interface ProofPlay {
  itemId: string;
  scheduleId: string | null;
  /** ISO-8601 instant; with itemId the record's identity, so a re-send is not counted twice. */
  startedAt: string;
  durationMs: number;
  /** The language the item was shown in; absent for an alert (every gate language at once). */
  language?: Lang;
}

/** A reason an item could not play, as the player reports it (proof batch `skips`). */
export const SKIP_REASONS = ["decode-error", "network", "unsupported", "stalled", "missing-media"] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/** One item the player skipped instead of freezing on it. */
export interface ProofSkip {
  itemId: string;
  scheduleId: string | null;
  /** ISO-8601: when it gave up; with itemId the record's identity. */
  at: string;
  reason: SkipReason;
  /** The browser's own words (MediaError message), trimmed. */
  detail?: string;
  language?: Lang;
}

/** One traveler's use, from the first touch to the return to the loop. */
export interface ProofSession {
  /** ISO-8601 instant; the record's identity for this kiosk. */
  startedAt: string;
  endedAt: string;
  /** The last language chosen. */
  language: Lang;
  /** Pages opened in order, e.g. `languages`, `category:customs`, `item:opening-hours`. */
  pages: string[];
}

export interface ProofBatch {
  plays: ProofPlay[];
  sessions: ProofSession[];
  /** Items a screen's player could not play (a broken or unsupported video) and skipped. */
  skips?: ProofSkip[];
  showing?: KioskShowing;
}

/** The one error shape, as in HTTP answers. */
export interface KioskError {
  error: { code: string; message: string; field?: string };
}

/**
 * `kiosk`: the enrolled identity (its name and group are the operator's, not the hello's), or null for
 * a kiosk that is not enrolled: it gets state to show but nothing it sends is stored. `pairing`: the
 * code to show (null when no code could be issued now: too many requests; the kiosk asks again later).
 * `tokenRefused`: the token sent is not (or no longer) valid: forget it and pair again.
 */
export type HelloAck =
  | {
      ok: true;
      kiosk: { kioskId: string; name: string; channel: string } | null;
      pairing?: KioskPairingCode | null;
      tokenRefused?: true;
    }
  | KioskError;

/** A record the hub refused as implausible; the kiosk drops it (it would never be taken). */
export interface ProofRefusal {
  /** `plays.3`, `sessions.0`. */
  record: string;
  reason: string;
}

/**
 * `stored` counts rows newly written; `duplicates` rows already there from an earlier send; `refused`
 * the implausible records (at most the first 20 listed), which are not stored and must not be re-sent.
 * Errors other than `invalid` are retryable: the kiosk keeps the batch (`rate-limited`,
 * `not-enrolled`, `disk-low`, `internal`).
 */
export type ProofAck =
  | { ok: true; stored: number; duplicates: number; refused?: ProofRefusal[] }
  | KioskError;

/** A row of `GET /api/v1/kiosks`. */
export interface KioskRecord {
  id: string;
  name: string;
  channel: string;
  firstSeen: string;
  lastSeen: string;
  userAgent: string | null;
  showing: KioskShowing | null;
  /** Connected to this controller right now. */
  connected: boolean;
  /** Holds a valid token (false: a row from before enrolment, or revoked). */
  enrolled: boolean;
  enrolledAt: string | null;
  enrolledBy: string | null;
  revokedAt: string | null;
}

/** A pending pairing request, as operators see it (`GET /api/v1/kiosks/pairings`). */
export interface KioskPairingRequest {
  code: string;
  /** The id, name and group the kiosk's own URL asked for; the operator may change name and group. */
  kioskId: string;
  name: string;
  channel: string;
  address: string | null;
  userAgent: string | null;
  requestedAt: string;
  expiresAt: string;
  /** Its kiosk is connected now (it gets the token at once) or will ask again (it gets it then). */
  connected: boolean;
}
