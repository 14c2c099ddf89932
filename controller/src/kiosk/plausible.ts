/**
 * What a kiosk's proof can be: bounded by what can have happened. Pure: the store's evidence comes in
 * through `Evidence`, so the rules are tested without a database.
 *
 * A play lasts at most its item's time on screen (an alert at most its notice's lifetime), ended in
 * the past (with a small allowance for the kiosk's clock) and started within the retention window,
 * names an item that was in the gate's published content then (or an emergency notice that existed
 * then), and a kiosk shows one thing at a time: its plays may not overlap each other (nor its
 * sessions each other) by more than a cross-fade, in the batch or against what it stored before, so
 * no window can hold more play time than its length. A record that breaks a rule is refused with
 * the rule; the rest of the batch is stored.
 */
import type { ProofBatch, ProofPlay, ProofRefusal, ProofSession, ProofSkip } from "../contract/kiosk.js";

export const PLAUSIBILITY = {
  /** A kiosk's clock may be this far ahead of the controller's (kiosks correct theirs, roughly). */
  clockSkewMs: 5 * 60_000,
  /** A slide may stay this much longer than its item's time: timers on a busy PC, the cross-fade. */
  playSlackMs: 5_000,
  /** Two records of one kiosk may overlap this much (a cross-fade, an alert taking over). */
  overlapToleranceMs: 2_000,
  /** Loop plays of one kiosk start at least this far apart (a touch cuts a slide, never faster). */
  minPlaySpacingMs: 250,
  /** One traveler's use of a kiosk. */
  maxSessionMs: 12 * 3_600_000,
} as const;

/** A time the item was in the gate's published content, with its time on screen then. */
export interface ItemSpan {
  from: number;
  /** Infinity: still live. */
  to: number;
  durationMs: number;
}

export interface NoticeSpan {
  startsAt: number;
  /** The earlier of its expiry and its clearing. */
  endsAt: number;
}

export interface StoredInterval {
  startedAt: number;
  endMs: number;
  /** The record's key part besides the instant: the item id for plays, "" for sessions. */
  key: string;
}

/** What the store knows, for one kiosk. */
export interface Evidence {
  now: number;
  retentionMs: number;
  /** When the item was in published content; undefined: it never was. */
  itemSpans(itemId: string): readonly ItemSpan[] | undefined;
  notice(id: string): NoticeSpan | undefined;
  /** This kiosk's stored plays that may overlap [startMs, endMs). */
  storedPlays(startMs: number, endMs: number): readonly StoredInterval[];
  /** This kiosk's stored sessions that may overlap [startMs, endMs). */
  storedSessions(startMs: number, endMs: number): readonly StoredInterval[];
}

export interface CheckedBatch {
  plays: ProofPlay[];
  sessions: ProofSession[];
  skips: ProofSkip[];
  refused: ProofRefusal[];
}

interface Interval {
  startedAt: number;
  endMs: number;
  key: string;
  /** Subject to the loop's spacing rule. */
  loop: boolean;
}

const EMERGENCY = "emergency:";

function overlapMs(a: { startedAt: number; endMs: number }, b: { startedAt: number; endMs: number }): number {
  return Math.max(0, Math.min(a.endMs, b.endMs) - Math.max(a.startedAt, b.startedAt));
}

/** Why one play cannot be, on its own (before any overlap), or undefined. */
export function playProblem(play: ProofPlay, ev: Evidence): string | undefined {
  const { clockSkewMs, playSlackMs } = PLAUSIBILITY;
  const start = Date.parse(play.startedAt);
  const end = start + play.durationMs;
  if (!Number.isFinite(start)) return "not an instant";
  if (end > ev.now + clockSkewMs) return "ends in the future";
  if (start < ev.now - ev.retentionMs) return "older than the retention window";
  if (play.itemId.startsWith(EMERGENCY)) {
    const notice = ev.notice(play.itemId.slice(EMERGENCY.length));
    if (!notice) return "no such emergency notice";
    if (start < notice.startsAt - clockSkewMs || start > notice.endsAt + clockSkewMs) {
      return "outside the notice's lifetime";
    }
    if (end > notice.endsAt + clockSkewMs + playSlackMs) return "longer than the notice lasted";
    return undefined;
  }
  const spans = ev.itemSpans(play.itemId);
  if (!spans || spans.length === 0) return "no such item";
  const live = spans.filter((s) => start >= s.from - clockSkewMs && start <= s.to + clockSkewMs);
  if (live.length === 0) return "the item was not in the gate's content then";
  const longest = Math.max(...live.map((s) => s.durationMs));
  if (play.durationMs > longest + playSlackMs) return "longer than the item's time on screen";
  return undefined;
}

/** Why one skip cannot be, or undefined: a screen gave up on an item the gate had, in the past. */
export function skipProblem(skip: ProofSkip, ev: Evidence): string | undefined {
  const at = Date.parse(skip.at);
  if (!Number.isFinite(at)) return "not an instant";
  if (at > ev.now + PLAUSIBILITY.clockSkewMs) return "in the future";
  if (at < ev.now - ev.retentionMs) return "older than the retention window";
  const spans = ev.itemSpans(skip.itemId);
  if (!spans || spans.length === 0) return "no such item";
  const { clockSkewMs } = PLAUSIBILITY;
  if (!spans.some((s) => at >= s.from - clockSkewMs && at <= s.to + clockSkewMs)) {
    return "the item was not in the gate's content then";
  }
  return undefined;
}

/** Why one session cannot be, on its own, or undefined. */
export function sessionProblem(session: ProofSession, ev: Evidence): string | undefined {
  const start = Date.parse(session.startedAt);
  const end = Date.parse(session.endedAt);
  if (!Number.isFinite(start) || !Number.isFinite(end)) return "not an instant";
  if (end < start) return "ends before it starts";
  if (end > ev.now + PLAUSIBILITY.clockSkewMs) return "ends in the future";
  if (start < ev.now - ev.retentionMs) return "older than the retention window";
  if (end - start > PLAUSIBILITY.maxSessionMs) return "longer than a traveler's use";
  return undefined;
}

/**
 * Checks candidate intervals (in start order) against each other and the stored ones. Returns the
 * indexes refused, with the reason. An interval equal to a stored one (same instant and key) is a
 * re-send: neither checked nor counted.
 */
function overlapProblems(
  candidates: (Interval & { index: number })[],
  stored: (startMs: number, endMs: number) => readonly StoredInterval[],
  loopSpacing: boolean,
): Map<number, string> {
  const refused = new Map<number, string>();
  const accepted: Interval[] = [];
  const sorted = [...candidates].sort((a, b) => a.startedAt - b.startedAt);
  for (const c of sorted) {
    const near = stored(c.startedAt, c.endMs);
    if (near.some((s) => s.startedAt === c.startedAt && s.key === c.key)) continue;
    const others: Interval[] = [
      ...near.map((s) => ({ ...s, loop: !s.key.startsWith(EMERGENCY) })),
      ...accepted,
    ];
    let overlap = 0;
    let tooClose = false;
    for (const o of others) {
      overlap += overlapMs(c, o);
      if (
        loopSpacing &&
        c.loop &&
        o.loop &&
        Math.abs(o.startedAt - c.startedAt) < PLAUSIBILITY.minPlaySpacingMs
      ) {
        tooClose = true;
      }
    }
    if (overlap > PLAUSIBILITY.overlapToleranceMs) {
      refused.set(c.index, "overlaps other records of this kiosk (it shows one thing at a time)");
    } else if (tooClose) {
      refused.set(c.index, "starts too soon after another play of this kiosk");
    } else {
      accepted.push(c);
    }
  }
  return refused;
}

/** Splits a batch into what may be stored and what is refused (with the rule each broke). */
export function checkBatch(batch: ProofBatch, ev: Evidence): CheckedBatch {
  const refused: ProofRefusal[] = [];
  const playReasons = new Map<number, string>();
  const sessionReasons = new Map<number, string>();

  const playCandidates: (Interval & { index: number })[] = [];
  const seenPlays = new Set<string>();
  for (const [index, play] of batch.plays.entries()) {
    const problem = playProblem(play, ev);
    if (problem) {
      playReasons.set(index, problem);
      continue;
    }
    const startedAt = Date.parse(play.startedAt);
    const key = `${startedAt}|${play.itemId}`;
    // The same record twice in one batch: the second is a duplicate, not an overlap.
    if (seenPlays.has(key)) continue;
    seenPlays.add(key);
    playCandidates.push({
      index,
      startedAt,
      endMs: startedAt + play.durationMs,
      key: play.itemId,
      loop: !play.itemId.startsWith(EMERGENCY),
    });
  }
  for (const [index, reason] of overlapProblems(playCandidates, ev.storedPlays, true)) {
    playReasons.set(index, reason);
  }

  const sessionCandidates: (Interval & { index: number })[] = [];
  const seenSessions = new Set<number>();
  for (const [index, session] of batch.sessions.entries()) {
    const problem = sessionProblem(session, ev);
    if (problem) {
      sessionReasons.set(index, problem);
      continue;
    }
    const startedAt = Date.parse(session.startedAt);
    if (seenSessions.has(startedAt)) continue;
    seenSessions.add(startedAt);
    sessionCandidates.push({ index, startedAt, endMs: Date.parse(session.endedAt), key: "", loop: false });
  }
  for (const [index, reason] of overlapProblems(sessionCandidates, ev.storedSessions, false)) {
    sessionReasons.set(index, reason);
  }

  for (const [index, reason] of [...playReasons].sort((a, b) => a[0] - b[0])) {
    refused.push({ record: `plays.${index}`, reason });
  }
  for (const [index, reason] of [...sessionReasons].sort((a, b) => a[0] - b[0])) {
    refused.push({ record: `sessions.${index}`, reason });
  }
  const skips: ProofSkip[] = [];
  for (const [index, skip] of (batch.skips ?? []).entries()) {
    const reason = skipProblem(skip, ev);
    if (reason) refused.push({ record: `skips.${index}`, reason });
    else skips.push(skip);
  }
  return {
    plays: batch.plays.filter((_, i) => !playReasons.has(i)),
    sessions: batch.sessions.filter((_, i) => !sessionReasons.has(i)),
    skips,
    refused,
  };
}
