/**
 * The core of the resolver: what one channel shows at one instant (ignoring emergencies), and the first
 * later instant at which that changes.
 *
 * Ranking on a channel, strongest first: interrupt (only inside its slot) → holiday → normal → default;
 * within a kind, higher priority first. The strongest (kind, priority) group with at least one playable
 * item wins, and all its schedules rotate together (items concatenated in schedule-id order, then playlist
 * order). A group whose schedules have NOTHING playable on the channel (a kiosk-only playlist on a sign,
 * items all out of validity) does not blank the channel: the next group down wins instead, and the reason
 * says what was skipped. This also holds between priorities of the same kind: a priority-60 holiday program
 * with nothing for a sign lets a priority-40 holiday program (not a normal one) win there.
 */
import { gateEpochDay, instantOfEpochDay, MS_PER_DAY, MS_PER_MINUTE } from "../gate-time.js";
import type { Instant } from "../instant.js";
import {
  type CompiledChannel,
  type CompiledSchedule,
  type CompiledSnapshot,
  dayFlags,
  MOMENT_TIMED,
  playableItems,
  ruleOn,
} from "./compile.js";
import { coversOwnDay, inInterruptSlot, nextSlotBoundary } from "./dayparts.js";
import type { EntryWhy, ReasonSchedule, ResolvedEntry } from "./types.js";

export interface ChannelOutcome {
  readonly channel: CompiledChannel;
  readonly epochDay: number;
  /** The winning group, in schedule-id order; empty when nothing plays. */
  readonly winners: readonly CompiledSchedule[];
  /** Playable items of each winner (same index). */
  readonly items: readonly (readonly string[])[];
  /** The strongest active schedule below the winning group, for the reason. */
  readonly runnerUp: CompiledSchedule | null;
  /** Active schedules of stronger groups that had nothing playable here. */
  readonly skipped: readonly CompiledSchedule[];
  /**
   * How far down the ranked list the scan went (index of the runner-up + 1, or the list length). Only these
   * schedules decide the outcome: while none of them changes state, the outcome stays the same.
   */
  readonly scanned: number;
}

const NONE: readonly CompiledSchedule[] = Object.freeze([]);

/** A limit on how far ahead the resolver looks for the next change. */
export const LOOKAHEAD_MS = 400 * MS_PER_DAY;

export function evalChannel(c: CompiledSnapshot, channel: CompiledChannel, ms: Instant): ChannelOutcome {
  const epochDay = gateEpochDay(ms);
  const minute = Math.floor((ms - instantOfEpochDay(epochDay)) / MS_PER_MINUTE);
  const list = channel.schedules;
  const own = channel.own;
  const wrapEnd = channel.wrapEnd;
  const ruleOf = channel.rule;
  const today = dayFlags(c, epochDay);
  let yesterday: Uint8Array | null = null;
  const winners: CompiledSchedule[] = [];
  const items: (readonly string[])[] = [];
  const skipped: CompiledSchedule[] = [];
  let runnerUp: CompiledSchedule | null = null;
  let level = -1;
  let priority = 0;
  let i = 0;
  for (; i < list.length; i++) {
    // Date rules and dayparts (see dayparts.ts), on the packed arrays; the object only when active.
    const j = 4 * i;
    const a0 = own[j] as number;
    let active = false;
    if (a0 < 0) {
      const s = list[i] as CompiledSchedule;
      // Timed from a holiday's moment: its window of instants; otherwise more than two dayparts.
      active =
        a0 === MOMENT_TIMED
          ? s.moment !== null && s.moment.windowAt(ms) !== null
          : coversOwnDay(s.parts, minute);
    } else {
      active =
        (minute >= a0 && minute < (own[j + 1] as number)) ||
        (minute >= (own[j + 2] as number) && minute < (own[j + 3] as number));
    }
    if (active) active = ruleOn(c, today, ruleOf[i] as number, epochDay);
    if (!active && minute < (wrapEnd[i] as number)) {
      yesterday ??= dayFlags(c, epochDay - 1);
      active = ruleOn(c, yesterday, ruleOf[i] as number, epochDay - 1);
    }
    if (!active) continue;
    const s = list[i] as CompiledSchedule;
    if (s.share !== null && !inInterruptSlot(s.share, ms)) continue;
    if (winners.length === 0) {
      const playable = playableItems(s.target, channel.kind, epochDay);
      if (playable.length === 0) {
        skipped.push(s);
        continue;
      }
      winners.push(s);
      items.push(playable);
      level = s.level;
      priority = s.priority;
    } else if (s.level === level && s.priority === priority) {
      const playable = playableItems(s.target, channel.kind, epochDay);
      if (playable.length > 0) {
        winners.push(s);
        items.push(playable);
      }
    } else {
      runnerUp = s;
      i++;
      break;
    }
  }
  // A schedule of the winning group that sorted before the first playable one is not "skipped": it is in the
  // group, it just has nothing to add.
  const realSkipped =
    skipped.length === 0
      ? NONE
      : winners.length === 0
        ? skipped
        : skipped.filter((s) => !(s.level === level && s.priority === priority));
  return { channel, epochDay, winners, items, runnerUp, skipped: realSkipped, scanned: i };
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameSchedules(a: readonly CompiledSchedule[], b: readonly CompiledSchedule[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Do two outcomes produce the same entries (same items, same reasons)? */
export function sameOutcome(a: ChannelOutcome, b: ChannelOutcome): boolean {
  if (a.runnerUp !== b.runnerUp) return false;
  if (!sameSchedules(a.winners, b.winners) || !sameSchedules(a.skipped, b.skipped)) return false;
  for (let i = 0; i < a.items.length; i++)
    if (!sameList(a.items[i] as readonly string[], b.items[i] as readonly string[])) return false;
  return true;
}

const MAX_NAMED = 3;

/** `'a', 'b', 'c' and 2 more`, leaving out `except`. */
function names(list: readonly CompiledSchedule[], except: CompiledSchedule | null = null): string {
  let out = "";
  let shown = 0;
  let total = 0;
  for (const s of list) {
    if (s === except) continue;
    total++;
    if (shown < MAX_NAMED) {
      out += shown === 0 ? `'${s.id}'` : `, '${s.id}'`;
      shown++;
    }
  }
  return total > shown ? `${out} and ${total - shown} more` : out;
}

/** The part of the reason that is the same for every winner of an outcome. */
function reasonTail(o: ChannelOutcome): string {
  let tail = "";
  if (o.runnerUp) tail += ` outranks ${o.runnerUp.label}`;
  if (o.skipped.length) {
    const what = o.skipped.length > MAX_NAMED ? names(o.skipped) : o.skipped.map((k) => k.label).join(", ");
    tail += `; skipped ${what}: nothing playable on this ${o.channel.kind}`;
  }
  return tail;
}

/** Is the moment of a timed schedule's window on the outcome's day known (no override moved the day)? */
function momentKnown(s: CompiledSchedule, epochDay: number): boolean {
  return s.moment?.windowOn(epochDay)?.known !== false;
}

function reasonFor(o: ChannelOutcome, s: CompiledSchedule, tail: string): string {
  const label = s.moment !== null && !momentKnown(s, o.epochDay) ? s.labelUnknownMoment : s.label;
  if (o.winners.length > 1) return `${label}, rotating with ${names(o.winners, s)} (equal priority)${tail}`;
  return label + tail;
}

type ScheduleWhy = Exclude<EntryWhy, { level: "emergency" }>;
type WhyParts = { -readonly [K in keyof ScheduleWhy]: ScheduleWhy[K] };

/**
 * The structured reason of one winner. `rotation` and `skipped` are built once per outcome and shared.
 * Alone, over nothing, with no share to tell: the schedule's own frozen reference is the whole reason.
 */
function whyFor(
  s: CompiledSchedule,
  epochDay: number,
  over: CompiledSchedule | null,
  rotation: readonly string[] | undefined,
  skipped: readonly ReasonSchedule[] | undefined,
): EntryWhy {
  if (
    over === null &&
    rotation === undefined &&
    skipped === undefined &&
    s.share === null &&
    s.moment === null
  )
    return s.ref;
  const why: WhyParts = { level: s.kind, scheduleId: s.id, priority: s.priority };
  if (s.holidayId !== undefined) why.holiday = s.holidayId;
  if (s.moment !== null) why.fromMoment = { hours: s.moment.hours, known: momentKnown(s, epochDay) };
  if (s.share !== null) why.share = s.share;
  if (rotation !== undefined) why.rotation = rotation;
  if (over !== null) why.over = over.ref;
  if (skipped !== undefined) why.skipped = skipped;
  return why;
}

const NO_ENTRIES: readonly ResolvedEntry[] = Object.freeze([]);

/** A signature of what `entriesOf` returns for an outcome: equal signatures, equal entries. */
function signature(c: CompiledSnapshot, o: ChannelOutcome): string {
  let key = `${o.channel.kind === "sign" ? "s" : "k"}${o.runnerUp ? o.runnerUp.index : ""}`;
  for (let i = 0; i < o.winners.length; i++) {
    const s = o.winners[i] as CompiledSchedule;
    key += `,${s.index}`;
    if (s.moment !== null && !momentKnown(s, o.epochDay)) key += "?";
    if (s.target.dateDependent) {
      // Which of its items are valid that day: interned lists have a small id.
      const list = o.items[i] as readonly string[];
      let id = c.listIds.get(list);
      if (id === undefined) {
        id = c.listIds.size + 1;
        c.listIds.set(list, id);
      }
      key += `#${id}`;
    }
  }
  if (o.skipped.length) {
    key += "/";
    for (const s of o.skipped) key += `,${s.index}`;
  }
  return key;
}

/**
 * The entries of an outcome (frozen). With a `memo`, equal outcomes share one array: the timeline passes one,
 * since a day's pattern repeats; `resolve` does not (at random instants a memo mostly keeps garbage alive).
 */
export function entriesOf(
  c: CompiledSnapshot,
  o: ChannelOutcome,
  memo?: Map<string, readonly ResolvedEntry[]>,
): readonly ResolvedEntry[] {
  if (o.winners.length === 0) return NO_ENTRIES;
  let key: string | undefined;
  if (memo) {
    key = signature(c, o);
    const hit = memo.get(key);
    if (hit) return hit;
  }
  const out: ResolvedEntry[] = [];
  const tail = reasonTail(o);
  const winners = o.winners;
  const rotation = winners.length > 1 ? Object.freeze(winners.map((s) => s.id)) : undefined;
  const skipped = o.skipped.length > 0 ? Object.freeze(o.skipped.map((s) => s.ref)) : undefined;
  for (let i = 0; i < winners.length; i++) {
    const s = winners[i] as CompiledSchedule;
    const reason = reasonFor(o, s, tail);
    const why = whyFor(s, o.epochDay, o.runnerUp, rotation, skipped);
    for (const itemId of o.items[i] as readonly string[]) {
      out.push(
        s.holidayId === undefined
          ? { itemId, scheduleId: s.id, priority: s.priority, kind: s.kind, reason, why }
          : {
              itemId,
              scheduleId: s.id,
              holiday: s.holidayId,
              priority: s.priority,
              kind: s.kind,
              reason,
              why,
            },
      );
    }
  }
  const entries = Object.freeze(out);
  if (memo && key !== undefined) memo.set(key, entries);
  return entries;
}

/**
 * The first instant after `ms` at which the outcome `o` (evaluated at `ms`) could change: the next daypart
 * edge of one of the schedules the scan looked at, the next gate-local midnight (date rules and item
 * validity change there), or the next slot edge of one of those interrupts whose daypart is active now.
 * Conservative: callers check whether the outcome really changes there.
 */
export function nextCandidate(c: CompiledSnapshot, o: ChannelOutcome, ms: Instant): Instant {
  const d = o.epochDay;
  const dayStart = instantOfEpochDay(d);
  const m = Math.floor((ms - dayStart) / MS_PER_MINUTE);
  const channel = o.channel;
  const list = channel.schedules;
  const own = channel.own;
  const wrapEnd = channel.wrapEnd;
  const ruleOf = channel.rule;
  const today = dayFlags(c, d);
  let yesterday: Uint8Array | null = null;
  let nextMinute = 1440;
  let next = Number.POSITIVE_INFINITY;
  for (let i = 0; i < o.scanned; i++) {
    const r = ruleOf[i] as number;
    let activeNow = false;
    const j = 4 * i;
    if ((own[j] as number) === MOMENT_TIMED) {
      // Timed from a holiday's moment: its window's edges, to the millisecond, on a day it touches.
      if (ruleOn(c, today, r, d)) {
        const moment = (list[i] as CompiledSchedule).moment;
        if (moment) {
          if (moment.windowAt(ms) !== null) activeNow = true;
          const edge = moment.nextEdgeAfter(ms);
          if (edge < next) next = edge;
        }
      }
    } else if ((own[j] as number) < 0) {
      // More than two own intervals: read them from the object.
      const parts = (list[i] as CompiledSchedule).parts.own;
      if (ruleOn(c, today, r, d)) {
        for (let k = 0; k < parts.length; k += 2) {
          const a = parts[k] as number;
          const b = parts[k + 1] as number;
          if (a > m) {
            if (a < nextMinute) nextMinute = a;
          } else if (b > m) {
            activeNow = true;
            if (b < nextMinute) nextMinute = b;
          }
        }
      }
    } else {
      for (let k = j; k < j + 4; k += 2) {
        const a = own[k] as number;
        const b = own[k + 1] as number;
        if (b === 0) continue; // unused slot
        if (a > m) {
          if (a < nextMinute && ruleOn(c, today, r, d)) nextMinute = a;
        } else if (b > m && ruleOn(c, today, r, d)) {
          activeNow = true;
          if (b < nextMinute) nextMinute = b;
        }
      }
    }
    if (m < (wrapEnd[i] as number)) {
      yesterday ??= dayFlags(c, d - 1);
      if (ruleOn(c, yesterday, r, d - 1)) {
        for (const e of (list[i] as CompiledSchedule).parts.wrapEnds) {
          if (e > m) {
            activeNow = true;
            if (e < nextMinute) nextMinute = e;
          }
        }
      }
    }
    if (activeNow) {
      const share = (list[i] as CompiledSchedule).share;
      if (share !== null) {
        const edge = nextSlotBoundary(share, ms);
        if (edge < next) next = edge;
      }
    }
  }
  const boundary = dayStart + nextMinute * MS_PER_MINUTE;
  return Math.min(boundary, next);
}

/** A change found by `channelNextChange`: when, and the new outcome. */
export interface ChannelChange {
  readonly at: Instant;
  readonly outcome: ChannelOutcome;
}

/**
 * The first instant in (ms, limit) at which the channel's outcome differs from `current` (its outcome at
 * `ms`), with the outcome from then; null when there is none before `limit`.
 */
export function channelNextChange(
  c: CompiledSnapshot,
  channel: CompiledChannel,
  ms: Instant,
  current: ChannelOutcome,
  limit: Instant,
): ChannelChange | null {
  let t = ms;
  let o = current;
  for (;;) {
    const candidate = nextCandidate(c, o, t);
    if (candidate >= limit) return null;
    const outcome = evalChannel(c, channel, candidate);
    if (!sameOutcome(outcome, current)) return { at: candidate, outcome };
    t = candidate;
    o = outcome;
  }
}
