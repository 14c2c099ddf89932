/**
 * The resolver: given a snapshot and an instant, what every channel shows, why, and when that next changes.
 *
 * Pure and stateless: resolving at `t` and then at `t + 3 days` (an NTP jump forward on a PC without an RTC)
 * gives the answer for `t + 3 days` directly; nothing is replayed. Only caches (per snapshot object) are kept.
 *
 * Precedence, highest first:
 * 1. an active emergency notice (`startsAt ≤ t < min(expiresAt, clearedAt)`) interrupts EVERY channel: each
 *    channel gets one synthetic entry (`kind: "emergency"`, `itemId: "emergency:<id>"`, `scheduleId: null`)
 *    and `alert` is set. With several active notices, the one that started last is shown.
 * 2. interrupt schedules inside their slot, 3. holiday programs, 4. normal schedules, 5. default schedules;
 *    see evaluate.ts for priorities, rotation and the fall-through when the winner has nothing playable.
 *
 * `nextChangeAt` is exact, not a bound: candidate instants (daypart edges of the schedules that can play
 * that day, midnight, interrupt slot edges, emergency starts and ends) are resolved and skipped while nothing
 * differs. A difference in a reason counts (the operator console shows reasons). Looks 400 days ahead at
 * most; null when nothing changes in that time.
 */
import type { Instant } from "../instant.js";
import type { Snapshot } from "../types.js";
import {
  activeEmergency,
  type CompiledEmergency,
  type CompiledSnapshot,
  compiled,
  nextEmergencyBoundary,
} from "./compile.js";
import {
  type ChannelOutcome,
  channelNextChange,
  entriesOf,
  evalChannel,
  LOOKAHEAD_MS,
  nextCandidate,
  sameOutcome,
} from "./evaluate.js";
import type { ChannelResolution, Resolution } from "./types.js";

export type { ChannelResolution, Resolution, ResolvedEntry } from "./types.js";

function instantMs(at: Instant): Instant {
  if (!Number.isFinite(at)) throw new RangeError(`resolve: not an instant: ${String(at)}`);
  return at;
}

/** The first emergency boundary after `ms` at which the shown alert differs from `current`, or +∞. */
export function nextAlertChange(
  c: CompiledSnapshot,
  ms: Instant,
  current: CompiledEmergency | null,
): Instant {
  let t = ms;
  for (;;) {
    const b = nextEmergencyBoundary(c, t);
    if (b === Number.POSITIVE_INFINITY) return b;
    if (activeEmergency(c, b) !== current) return b;
    t = b;
  }
}

/**
 * The first instant in (ms, limit) at which some channel's outcome changes, or `limit`. The channels'
 * candidate instants are merged in time order, so the work stops at the first real change whichever
 * channel it is on.
 */
function nextScheduleChange(
  c: CompiledSnapshot,
  ms: Instant,
  outcomes: ChannelOutcome[],
  limit: Instant,
): Instant {
  const n = outcomes.length;
  const current = outcomes.slice();
  const candidates = outcomes.map((o) => nextCandidate(c, o, ms));
  for (;;) {
    let soonest = limit;
    for (let i = 0; i < n; i++) if ((candidates[i] as number) < soonest) soonest = candidates[i] as number;
    if (soonest >= limit) return limit;
    for (let i = 0; i < n; i++) {
      if (candidates[i] !== soonest) continue;
      const o = current[i] as ChannelOutcome;
      const outcome = evalChannel(c, o.channel, soonest);
      if (!sameOutcome(outcome, outcomes[i] as ChannelOutcome)) return soonest;
      current[i] = outcome;
      candidates[i] = nextCandidate(c, outcome, soonest);
    }
  }
}

/** Resolves every channel of the snapshot at an instant. Accepts a raw or a compiled snapshot. */
export function resolve(snapshot: Snapshot | CompiledSnapshot, at: Instant): Resolution {
  const c = compiled(snapshot);
  const ms = instantMs(at);
  const alert = activeEmergency(c, ms);
  const alertChange = nextAlertChange(c, ms, alert);
  let channels: ChannelResolution[];
  let next: number;
  if (alert) {
    // Nothing a schedule does shows while the notice is up: the next change is the alert's.
    channels = c.channels.map((ch) => ({ id: ch.id, kind: ch.kind, entries: alert.entries }));
    next = alertChange;
  } else {
    const outcomes: ChannelOutcome[] = c.channels.map((ch) => evalChannel(c, ch, ms));
    channels = c.channels.map((ch, i) => ({
      id: ch.id,
      kind: ch.kind,
      entries: entriesOf(c, outcomes[i] as ChannelOutcome),
    }));
    next = nextScheduleChange(c, ms, outcomes, Math.min(alertChange, ms + LOOKAHEAD_MS));
  }
  const nextChangeAt = next - ms >= LOOKAHEAD_MS || !Number.isFinite(next) ? null : next;
  const resolution: Resolution = { at: ms, gate: c.snapshot.gateId, channels, nextChangeAt };
  if (alert) resolution.alert = alert.notice;
  return resolution;
}

/** Resolves one channel (for a kiosk that asks only for itself). Throws a RangeError for an unknown channel. */
export function resolveChannel(
  snapshot: Snapshot | CompiledSnapshot,
  channelId: string,
  at: Instant,
): ChannelResolution & { alert?: Resolution["alert"]; nextChangeAt: Instant | null } {
  const c = compiled(snapshot);
  const ch = c.channelById.get(channelId);
  if (!ch) throw new RangeError(`unknown channel "${channelId}"`);
  const ms = instantMs(at);
  const alert = activeEmergency(c, ms);
  const alertChange = nextAlertChange(c, ms, alert);
  if (alert) {
    return {
      id: ch.id,
      kind: ch.kind,
      entries: alert.entries,
      alert: alert.notice,
      nextChangeAt: Number.isFinite(alertChange) ? alertChange : null,
    };
  }
  const outcome = evalChannel(c, ch, ms);
  const limit = Math.min(alertChange, ms + LOOKAHEAD_MS);
  const change = channelNextChange(c, ch, ms, outcome, limit)?.at ?? limit;
  return {
    id: ch.id,
    kind: ch.kind,
    entries: entriesOf(c, outcome),
    nextChangeAt: change - ms >= LOOKAHEAD_MS || !Number.isFinite(change) ? null : change,
  };
}
