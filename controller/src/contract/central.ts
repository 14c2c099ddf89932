/**
 * The central office and a gate's link to it, as the console sees them: programs composed and signed
 * at the central (`/central/programs`), the fleet with its heartbeats (`/central/fleet`), and at a
 * gate the programs held, the bundles seen and the last upload of proof of play (`/sync`). See
 * docs/central.md.
 */
import type { ContentItem, HolidayOverride, Playlist, Schedule } from "./content.js";

/** Why a gate refuses a bundle: a stable code and a sentence for the log, the audit and the status. */
export type RefusalCode =
  | "malformed"
  | "untrusted-key"
  | "revoked-key"
  | "key-not-valid"
  | "bad-signature"
  | "not-for-this-gate"
  | "expired"
  | "replay"
  | "missing-file"
  | "truncated"
  | "tampered"
  | "invalid-content"
  | "disk-full"
  | "write-failed"
  | "conflict"
  | "media-budget";

/**
 * Which refusals a gate tries again at the next poll; the console says so beside them. The next
 * download may be whole. `tampered` too: a proxy or a CDN edge can hand out one corrupt copy, and a
 * hostile server gains nothing by it but another refused (and audited) download. The others are not
 * retried for the same bytes.
 */
export const RETRYABLE_REFUSALS: ReadonlySet<RefusalCode> = new Set<RefusalCode>([
  "truncated",
  "tampered",
  "missing-file",
  "disk-full",
  "write-failed",
  "media-budget",
]);

/** One file a manifest lists: `content.json` or `media/<sha256>`. */
export interface ManifestFile {
  path: string;
  sha256: string;
  size: number;
}

/** The signed description of a bundle (central/manifest.ts checks it against this shape). */
export interface Manifest {
  format: 1;
  programId: string;
  version: number;
  createdAt: string;
  validUntil: string;
  /** Gate ids, or `"*"` for every gate. */
  targets: string[];
  files: ManifestFile[];
  keyId: string;
}

/** A program as composed at the central office, with its own (un-prefixed) ids. */
export interface Program {
  id: string;
  /** The program's name for people (reports, the console); not an identity. */
  name: string;
  /** Gate ids, or `["*"]` for every gate. */
  targets: string[];
  /** After this instant gates refuse the bundle (they keep a version imported before). */
  validUntil: string;
  items: ContentItem[];
  playlists: Playlist[];
  schedules: Schedule[];
  holidayOverrides: HolidayOverride[];
}

/** A program as listed: the document as composed, and the newest version signed (null: never). */
export type ProgramRow = Program & { latestVersion: number | null };

/** A sign as a gate reports it; only `id` is sure to be there (the rest came later). */
export interface HeartbeatSign {
  id: string;
  name?: string;
  state?: string;
  online?: boolean;
  responding?: boolean | null;
  lastError?: string | null;
  showing?: string[];
}

/**
 * A channel in a heartbeat: its id and the ids of what it shows, in play order. Gates since #14 add
 * the channel's name and each item's title in the gate's first language (Vietnamese), `titles[i]`
 * for `items[i]` (null: none known), so the office reads names; older gates send neither.
 */
export interface HeartbeatChannel {
  id: string;
  name?: string;
  items: (string | null)[];
  titles?: (string | null)[];
}

/**
 * A program the gate is still downloading (#15): its bytes, the rate now and the time left, and
 * whether it will be whole before the first day it plays. In `GET /sync/status` and the heartbeat.
 */
export interface DownloadProgress {
  programId: string;
  version: number;
  name: string | null;
  /** Every file of the bundle together, as signed. */
  bytesTotal: number;
  /** What the gate holds of them (whole files, and partial downloads kept for resuming). */
  bytesHave: number;
  /** Over the last seconds of transfer; null when nothing is arriving (the link is down, or between polls). */
  bytesPerS: number | null;
  /** Seconds left at the rate now, else at the last rate measured; null: no rate known yet. */
  etaS: number | null;
  /** The gate-local day it first plays (YYYY-MM-DD), when known. */
  firstDay: string | null;
  /** It will not be whole before its first day at this rate (or that day has come). */
  late: boolean;
  /** The bandwidth cap in force (bytes/s), null: uncapped. */
  capBytesPerS: number | null;
  /** Why the last attempt stopped (a cut link, the media budget), null while it runs. */
  lastError: string | null;
  updatedAt: string;
}

/** What a gate sent last (after each poll of the central). */
export interface Heartbeat {
  gate: string;
  version: string;
  now?: { at: string; channels: HeartbeatChannel[] };
  signs?: HeartbeatSign[];
  lastSync?: string | null;
  freeDiskBytes?: number | null;
  /** Low-disk mode: the gate refuses new records (content keeps playing) until space is freed. */
  disk?: { state: "ok" | "low" | "unknown"; freeBytes: number | null; floorBytes: number; since: string };
  programs?: { programId: string; version: number }[];
  /** The gate's last upload of proof of play, as it saw it (an error: why it stopped). */
  uploads?: { at: string; batches: number; rows: number; more: boolean; error: string | null } | null;
  /** Programs still downloading (#15); older gates send none. */
  downloads?: DownloadProgress[];
}

/** A row of `GET /central/fleet`. */
export interface FleetGate {
  id: string;
  name: string;
  lastHeartbeatAt: string | null;
  /** Silent for 3 poll intervals, or never heard from. */
  stale: boolean;
  heartbeat: Heartbeat | null;
  /** What the office holds of the gate's proof of play (the reports' source); null: nothing yet. */
  uploads?: { lastAt: string; plays: number; sessions: number; signEvents: number } | null;
}

/** A program version a gate holds. */
export interface HeldProgram {
  programId: string;
  version: number;
  keyId: string;
  createdAt: string;
  validUntil: string;
  manifestSha256: string;
  entities: { item: string[]; playlist: string[]; schedule: string[] };
  importedAt: string;
  source: string;
  /** The program's name as its bundle said; null for bundles made before names travelled. */
  name: string | null;
}

/** What happened to one bundle a gate saw; `source` is `central <host>` or `usb <path>`. */
export interface SyncLogRow {
  id: number;
  at: string;
  source: string;
  programId: string | null;
  version: number | null;
  outcome: "imported" | "refused" | "error";
  code: string | null;
  reason: string | null;
  /** How many times this refusal was seen (migration 10): a refusal repeated by every poll is one row. */
  count: number;
  /** When it was last seen (the latest reason is kept); `at` is the first time. */
  lastAt: string;
}

/** `GET /sync/status`. */
export interface SyncStatus {
  enabled: boolean;
  url: string | null;
  pollIntervalS: number;
  lastAttemptAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  /** What the last poll ignored of the central's list (malformed entries, refusals past the budget). */
  lastWarning: string | null;
  held: HeldProgram[];
  recent: SyncLogRow[];
  /** Programs still downloading, with their progress (#15). */
  downloads: DownloadProgress[];
}

/** One cycle of uploading proof of play to the central. */
export interface UploadOutcome {
  batches: number;
  rows: number;
  /** Rows still waiting after this cycle (the cap was reached, or the central refused). */
  more: boolean;
  error: string | null;
}

/** The last upload of proof of play, as the gate saw it; `at` is when the cycle ended. */
export type Upload = UploadOutcome & { at: string };

/** One bundle of a poll, as `POST /sync` answers it (the import's details are left out). */
export type BundleOutcomeView =
  | {
      outcome: "imported";
      programId: string;
      version: number;
      result?: { skippedSchedules?: string[] };
    }
  | { outcome: "refused"; programId?: string; version?: number; code: RefusalCode; reason: string }
  | { outcome: "skipped"; programId: string; version: number; reason: string };

/** `POST /sync`. */
export interface SyncAnswer {
  outcomes: BundleOutcomeView[];
  /** null: the gate has no token for the central, so nothing was sent. */
  upload: Upload | null;
  status: SyncStatus;
}
