/**
 * Hard bounds on everything a central (or whoever sits between it and the gate) or a USB stick can
 * hand a gate. Each is far above what a real program needs and far below what would hurt a gate PC:
 * a hostile answer costs the gate a bounded amount of memory, disk, time and log rows, then a refusal.
 */

/** The bundle list (`GET /central/bundles`) is read as a stream and dropped past this many bytes. */
export const MAX_LIST_BYTES = 8 * 1024 * 1024;
/** Programs a gate follows at once; a longer list is refused whole (a real one holds a few dozen). */
export const MAX_LIST_ENTRIES = 1000;
/** manifest.json, signed bytes. 2,001 file entries take about 300 KB. */
export const MAX_MANIFEST_BYTES = 1024 * 1024;
/** Files in one bundle: content.json and up to one media file per item (2,000 items at most). */
export const MAX_MANIFEST_FILES = 2001;
/** One file of a bundle (a video at most). */
export const MAX_FILE_BYTES = 512 * 1024 * 1024;
/** Every file of a bundle together, as its manifest states them. */
export const MAX_BUNDLE_BYTES = 1024 * 1024 * 1024;
/** content.json is parsed whole, so it is bounded before it is read. */
export const MAX_CONTENT_JSON_BYTES = 8 * 1024 * 1024;
/** manifest.sig: base64 of a 64-byte signature, with room for a newline or two. */
export const MAX_SIG_BYTES = 1024;
/** Members of a USB bundle (tar or single file) beyond the files a manifest may list. */
export const MAX_CONTAINER_MEMBERS = MAX_MANIFEST_FILES + 16;
/** New refusal rows one poll may add; more refusals in that poll are summed into one row. */
export const MAX_NEW_REFUSAL_ROWS_PER_POLL = 20;
/** Bundles remembered as refused for good (not retried); forgotten all at once past this. */
export const MAX_REMEMBERED_REFUSALS = 10_000;
/** The sync log keeps this many rows (imports and refusals with their counts). */
export const MAX_SYNC_LOG_ROWS = 2000;

/** How long a download may take: no byte for `idleMs`, or longer than `graceMs + size / minBytesPerS`. */
export interface DownloadLimits {
  idleMs: number;
  graceMs: number;
  minBytesPerS: number;
}

export const DEFAULT_DOWNLOAD_LIMITS: DownloadLimits = {
  idleMs: 60_000,
  graceMs: 120_000,
  minBytesPerS: 16 * 1024,
};

/** The deadline of one file's download, by its signed size. */
export function downloadDeadlineMs(limits: DownloadLimits, size: number): number {
  return limits.graceMs + Math.ceil((size / limits.minBytesPerS) * 1000);
}
