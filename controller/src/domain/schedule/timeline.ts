/**
 * The sequence of distinct resolutions of one channel over a range: the console's calendar view, and the
 * answer to "what will this sign show over Tết". Consecutive instants with equal entries (items and reasons)
 * form one segment; segments are contiguous, cover exactly `[from, to)`, and two neighbours always differ.
 */
import type { Instant } from "../instant.js";
import type { Snapshot } from "../types.js";
import { activeEmergency, type CompiledSnapshot, compiled } from "./compile.js";
import { type ChannelOutcome, channelNextChange, entriesOf, evalChannel } from "./evaluate.js";
import { nextAlertChange } from "./resolve.js";
import type { ResolvedEntry, TimelineSegment } from "./types.js";

function sameEntries(a: readonly ResolvedEntry[], b: readonly ResolvedEntry[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as ResolvedEntry;
    const y = b[i] as ResolvedEntry;
    if (
      x.itemId !== y.itemId ||
      x.scheduleId !== y.scheduleId ||
      x.kind !== y.kind ||
      x.priority !== y.priority ||
      x.holiday !== y.holiday ||
      x.reason !== y.reason
    ) {
      return false;
    }
  }
  return true;
}

/**
 * Distinct resolutions of channel `channelId` over `[from, to)`. Throws a RangeError for an unknown channel
 * or an unreadable instant; returns [] when `to ≤ from`.
 */
export function timeline(
  snapshot: Snapshot | CompiledSnapshot,
  channelId: string,
  from: Instant,
  to: Instant,
): TimelineSegment[] {
  const c = compiled(snapshot);
  const ch = c.channelById.get(channelId);
  if (!ch) throw new RangeError(`timeline: unknown channel "${channelId}"`);
  const start = from;
  const end = to;
  if (!Number.isFinite(start) || !Number.isFinite(end))
    throw new RangeError("timeline: from/to must be instants");

  const segments: TimelineSegment[] = [];
  let t = start;
  /** The channel's outcome at `t` when already known (found by the previous step). */
  let known: ChannelOutcome | null = null;
  /** Equal outcomes share one entries array (a day's pattern repeats day after day). */
  const memo = new Map<string, readonly ResolvedEntry[]>();
  while (t < end) {
    const alert = activeEmergency(c, t);
    const alertChange = Math.min(nextAlertChange(c, t, alert), end);
    let next: number;
    let entries: readonly ResolvedEntry[];
    if (alert) {
      entries = alert.entries;
      next = alertChange;
      known = null;
    } else {
      const outcome = known ?? evalChannel(c, ch, t);
      entries = entriesOf(c, outcome, memo);
      const change = channelNextChange(c, ch, t, outcome, alertChange);
      next = change ? change.at : alertChange;
      known = change ? change.outcome : null;
    }
    const last = segments[segments.length - 1];
    if (last && sameEntries(last.entries, entries)) last.to = next;
    else segments.push({ from: t, to: next, entries });
    t = next;
  }
  return segments;
}
