/**
 * A snapshot prepared for fast resolution:
 * - schedules ranked (kind, then priority desc, then id) and grouped by channel, with their dayparts packed
 *   into typed arrays (with 10 000 schedules the resolver's scan is bound by memory, not arithmetic);
 * - date rules compiled once per distinct rule (schedules with the same recurrence/bounds share one), each
 *   answering "on this day?" from a per-year bitset built on first use (a few years kept);
 * - a small LRU of days holding every rule's answer for that day (`dayFlags`), so the channels of one
 *   resolution and its next-change search ask each rule at most once per day;
 * - items pre-checked (kiosk/sign playability, validity as epoch days) and playable lists cached per target
 *   for ranges of days in which no item's validity changes.
 *
 * `compileSnapshot` is optional: `resolve(snapshot, at)` compiles a raw snapshot itself and keeps the
 * result in a WeakMap keyed by the snapshot object. Snapshots are treated as IMMUTABLE: the store hands out
 * a new snapshot object after every change, and a mutated snapshot object would keep its stale compilation.
 */
import { epochDayOf, MINUTES_PER_DAY } from "../gate-time.js";
import { type Instant, parseInstant } from "../instant.js";
import type {
  Channel,
  ChannelKind,
  ContentItem,
  EmergencyNotice,
  Schedule,
  ScheduleKind,
  Snapshot,
} from "../types.js";
import { type CompiledDayparts, compileDayparts, type InterruptShare, normalizeShare } from "./dayparts.js";
import type { MomentRule } from "./moment.js";
import {
  compileDateRule,
  type DateRule,
  dateRuleKey,
  newOccurrenceContext,
  type OccurrenceContext,
} from "./occurs.js";
import type { ReasonSchedule, ResolvedEntry } from "./types.js";

/** Rank of each schedule kind: lower is stronger. Emergency notices stand above all of them. */
export const LEVEL_OF: Readonly<Record<ScheduleKind, number>> = Object.freeze({
  interrupt: 0,
  holiday: 1,
  normal: 2,
  default: 3,
});

/** The items one target (playlist or single item) names, in order, with missing ids already dropped. */
export interface CompiledTarget {
  /** `p:<playlistId>` or `i:<itemId>`. */
  readonly key: string;
  readonly itemIds: readonly string[];
  /** True when one of its items has validFrom/validUntil: what is playable then depends on the date. */
  readonly dateDependent: boolean;
  /** @internal the items, resolved */
  readonly infos: readonly ItemInfo[];
  /**
   * @internal cached playable lists, each for a range of days `[lo, hi)` in which no item's validity
   * changes (one range for all days when not date-dependent); most recently used first.
   */
  ranges: PlayableRange[];
  /** @internal the distinct playable lists of a date-dependent target, so equal lists are one array */
  readonly interned: Map<string, readonly string[]>;
}

interface PlayableRange {
  readonly lo: number;
  readonly hi: number;
  kiosk?: readonly string[];
  sign?: readonly string[];
}

export interface CompiledSchedule {
  readonly schedule: Schedule;
  readonly id: string;
  readonly kind: ScheduleKind;
  readonly level: number;
  readonly priority: number;
  readonly rule: DateRule;
  /** Index of `rule` in `CompiledSnapshot.rules` (schedules with identical date rules share one). */
  readonly ruleIndex: number;
  readonly parts: CompiledDayparts;
  /** For interrupts: the normalized share of the hour; null for other kinds (and for a broken interrupt). */
  readonly share: InterruptShare | null;
  readonly holidayId: string | undefined;
  readonly target: CompiledTarget;
  /** For a schedule timed from a holiday's moment (`recurrence.fromMoment`): its windows; else null. */
  readonly moment: MomentRule | null;
  /** e.g. `normal 'morning' (priority 50)`, used to build reasons. */
  readonly label: string;
  /** With `moment`: the label for a year whose moment is unknown (an override moved the first day). */
  readonly labelUnknownMoment: string;
  /** The same as data (frozen), for the structured reason (`ResolvedEntry.why`). */
  readonly ref: ReasonSchedule;
  /** Position in the snapshot's ranked schedule list (a short key for memo tables). */
  index: number;
}

export interface CompiledChannel {
  readonly id: string;
  readonly kind: ChannelKind;
  readonly channel: Channel;
  /**
   * The schedules that name this channel (or `*`), strongest first: level, then priority desc, then id.
   * Disabled schedules and interrupts without a usable share are left out (they never play).
   */
  readonly schedules: readonly CompiledSchedule[];
  /**
   * The time-of-day data the resolver scans, packed in typed arrays aligned with `schedules` (the scan is
   * memory-bound with thousands of schedules):
   * - `own[4i … 4i+3]`: up to two own-day intervals `[a0, b0) [a1, b1)` in minutes; `[0, 1440)` for a
   *   whole-day schedule, `[0, 0)` for none; `own[4i] = -1` when there are more (use `parts`),
   *   `own[4i] = MOMENT_TIMED` for a schedule timed from a holiday's moment (use `moment`);
   * - `wrapEnd[i]`: the largest after-midnight end of a wrapping daypart (0 when none);
   * - `rule[i]`: the schedule's `ruleIndex`.
   */
  readonly own: Int16Array;
  readonly wrapEnd: Int16Array;
  readonly rule: Int32Array;
}

export interface CompiledEmergency {
  readonly notice: EmergencyNotice;
  /**
   * Active while `start ≤ t < end` where `end` = min(expiresAt, clearedAt): the notice's stored ISO
   * strings, parsed once here.
   */
  readonly start: Instant;
  readonly end: Instant;
  /** The single entry every channel shows while this notice is the alert. */
  readonly entries: readonly ResolvedEntry[];
}

interface ItemInfo {
  readonly id: string;
  readonly kiosk: boolean;
  readonly sign: boolean;
  /** Inclusive epoch-day validity; a malformed date makes the item never valid. */
  readonly from: number;
  readonly until: number;
}

const COMPILED: unique symbol = Symbol("gatecast.compiledSnapshot");
const EMPTY: readonly string[] = Object.freeze([]);
const RANGES_MAX = 16;

export interface CompiledSnapshot {
  readonly [COMPILED]: true;
  readonly snapshot: Snapshot;
  readonly channels: readonly CompiledChannel[];
  readonly channelById: ReadonlyMap<string, CompiledChannel>;
  /** Every schedule of the snapshot, compiled (disabled ones included: their rule is never on). */
  readonly schedules: readonly CompiledSchedule[];
  /** The distinct date rules, indexed by `CompiledSchedule.ruleIndex`. */
  readonly rules: readonly DateRule[];
  /** Sorted by start. */
  readonly emergencies: readonly CompiledEmergency[];
  readonly occurrence: OccurrenceContext;
  /** @internal per-day memo of `rules[i].isOn(day)`: 0 unknown, 1 off, 2 on; a few recent days. */
  readonly dayMemo: { day: number; flags: Uint8Array }[];
  /** @internal small ids of interned item lists (see `playableItems`), for outcome signatures */
  readonly listIds: Map<readonly string[], number>;
  /** @internal */
  readonly items: ReadonlyMap<string, ItemInfo>;
}

export function isCompiledSnapshot(x: Snapshot | CompiledSnapshot): x is CompiledSnapshot {
  return (x as Partial<CompiledSnapshot>)[COMPILED] === true;
}

const compiledCache = new WeakMap<Snapshot, CompiledSnapshot>();

/** The compilation of a raw snapshot, cached per snapshot object; a compiled one is returned as is. */
export function compiled(snapshot: Snapshot | CompiledSnapshot): CompiledSnapshot {
  if (isCompiledSnapshot(snapshot)) return snapshot;
  let c = compiledCache.get(snapshot);
  if (!c) {
    c = compileSnapshot(snapshot);
    compiledCache.set(snapshot, c);
  }
  return c;
}

// ---------------------------------------------------------------------------------------------------------

function hasText(text: Readonly<Record<string, string | undefined>> | undefined): boolean {
  if (!text) return false;
  for (const v of Object.values(text)) if (typeof v === "string" && v.trim() !== "") return true;
  return false;
}

function dayOrNull(date: string | undefined, fallback: number): number | null {
  if (date === undefined) return fallback;
  try {
    return epochDayOf(date);
  } catch {
    return null;
  }
}

function itemInfo(item: ContentItem): ItemInfo {
  const from = dayOrNull(item.validFrom, Number.NEGATIVE_INFINITY);
  const until = dayOrNull(item.validUntil, Number.POSITIVE_INFINITY);
  return {
    id: item.id,
    kiosk: item.kind !== "led",
    sign: hasText(item.ledText),
    from: from ?? Number.POSITIVE_INFINITY,
    until: until ?? Number.NEGATIVE_INFINITY,
  };
}

export function describeSchedule(
  s: Pick<CompiledSchedule, "id" | "kind" | "priority" | "holidayId" | "share"> & {
    fromMoment?: { hours: number; known: boolean };
  },
): string {
  const timed = s.fromMoment
    ? s.fromMoment.known
      ? `${s.fromMoment.hours} h from its moment, `
      : `${s.fromMoment.hours} h from 00:00 of its first day (moved by an override: moment unknown), `
    : "";
  const holiday = s.holidayId ? `holiday ${s.holidayId}, ${timed}` : "";
  switch (s.kind) {
    case "interrupt": {
      const share = s.share
        ? `${s.share.secondsPerHour} s of every hour in ${s.share.slotsPerHour} slot${s.share.slotsPerHour === 1 ? "" : "s"}, `
        : "";
      return `interrupt '${s.id}' (${share}${holiday}priority ${s.priority})`;
    }
    case "holiday":
      return `holiday program '${s.id}' (${holiday}priority ${s.priority})`;
    case "normal":
      return `normal '${s.id}' (${holiday}priority ${s.priority})`;
    default:
      return `default '${s.id}' (${holiday}priority ${s.priority})`;
  }
}

/** `CompiledChannel.own[4i]` of a schedule timed from a holiday's moment: read `CompiledSchedule.moment`. */
export const MOMENT_TIMED = -2;

function packScan(list: readonly CompiledSchedule[]): Pick<CompiledChannel, "own" | "wrapEnd" | "rule"> {
  const own = new Int16Array(list.length * 4);
  const wrapEnd = new Int16Array(list.length);
  const rule = new Int32Array(list.length);
  list.forEach((s, i) => {
    const p = s.parts;
    if (s.moment !== null) {
      own[4 * i] = MOMENT_TIMED; // its windows, not dayparts, say when (wrapEnd stays 0)
    } else if (p.wholeDay) {
      own[4 * i + 1] = MINUTES_PER_DAY;
    } else if (p.own.length > 4) {
      own[4 * i] = -1;
    } else {
      for (let k = 0; k < p.own.length; k++) own[4 * i + k] = p.own[k] as number;
    }
    wrapEnd[i] = s.moment !== null ? 0 : p.maxWrapEnd;
    rule[i] = s.ruleIndex;
  });
  return { own, wrapEnd, rule };
}

function compareRank(a: CompiledSchedule, b: CompiledSchedule): number {
  return a.level - b.level || b.priority - a.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Prepares a snapshot for `resolve`/`timeline`. Pure; O(schedules + items). */
export function compileSnapshot(snapshot: Snapshot): CompiledSnapshot {
  const occurrence = newOccurrenceContext(snapshot.holidayOverrides ?? []);

  const items = new Map<string, ItemInfo>();
  for (const [id, item] of snapshot.items) items.set(id, itemInfo(item));

  const targets = new Map<string, CompiledTarget>();
  const targetOf = (s: Schedule): CompiledTarget => {
    const t = s.target as { playlistId?: unknown; itemId?: unknown };
    const key = typeof t.playlistId === "string" ? `p:${t.playlistId}` : `i:${String(t.itemId)}`;
    let target = targets.get(key);
    if (!target) {
      let ids: readonly string[];
      if (typeof t.playlistId === "string") {
        const playlist = snapshot.playlists.get(t.playlistId);
        ids = playlist ? playlist.itemIds.filter((id) => items.has(id)) : [];
      } else {
        ids = typeof t.itemId === "string" && items.has(t.itemId) ? [t.itemId] : [];
      }
      const dateDependent = ids.some((id) => {
        const item = snapshot.items.get(id);
        return item?.validFrom !== undefined || item?.validUntil !== undefined;
      });
      target = {
        key,
        itemIds: Object.freeze(ids.slice()),
        dateDependent,
        infos: ids.map((id) => items.get(id) as ItemInfo),
        ranges: [],
        interned: new Map(),
      };
      targets.set(key, target);
    }
    return target;
  };

  const rules = new Map<string, number>();
  const ruleList: DateRule[] = [];
  const partsCache = new Map<string, CompiledDayparts>();
  const schedules: CompiledSchedule[] = snapshot.schedules.map((schedule) => {
    const ruleKey = dateRuleKey(schedule);
    let ruleIndex = rules.get(ruleKey);
    if (ruleIndex === undefined) {
      ruleIndex = ruleList.length;
      ruleList.push(compileDateRule(schedule, occurrence));
      rules.set(ruleKey, ruleIndex);
    }
    const dayparts = Array.isArray(schedule.dayparts) ? schedule.dayparts : [];
    let partsKey = "";
    for (const d of dayparts) partsKey += `${d.start}-${d.end},`;
    let parts = partsCache.get(partsKey);
    if (!parts) {
      parts = compileDayparts(dayparts);
      partsCache.set(partsKey, parts);
    }
    const kind: ScheduleKind = schedule.kind in LEVEL_OF ? schedule.kind : "normal";
    const priority = Number.isFinite(schedule.priority) ? schedule.priority : 0;
    const share = kind === "interrupt" ? normalizeShare(schedule.interrupt) : null;
    const holidayId = schedule.recurrence?.type === "holiday" ? schedule.recurrence.holidayId : undefined;
    const moment = (ruleList[ruleIndex] as DateRule).moment ?? null;
    const label = describeSchedule({
      id: schedule.id,
      kind,
      priority,
      holidayId,
      share,
      ...(moment ? { fromMoment: { hours: moment.hours, known: true } } : {}),
    });
    return {
      schedule,
      id: schedule.id,
      kind,
      level: LEVEL_OF[kind],
      priority,
      rule: ruleList[ruleIndex] as DateRule,
      ruleIndex,
      parts,
      share,
      holidayId,
      target: targetOf(schedule),
      moment,
      label,
      labelUnknownMoment: moment
        ? describeSchedule({
            id: schedule.id,
            kind,
            priority,
            holidayId,
            share,
            fromMoment: { hours: moment.hours, known: false },
          })
        : label,
      ref: Object.freeze(
        holidayId === undefined
          ? { level: kind, scheduleId: schedule.id, priority }
          : { level: kind, scheduleId: schedule.id, priority, holiday: holidayId },
      ),
      index: 0,
    };
  });
  schedules.sort(compareRank);
  schedules.forEach((s, i) => {
    s.index = i;
  });
  const playing = schedules.filter(
    (s) => s.schedule.enabled !== false && !(s.level === 0 && s.share === null),
  );

  // Group by channel in one pass; rank order is kept because `playing` is ranked.
  const byChannel = new Map<string, CompiledSchedule[]>();
  for (const channel of snapshot.channels) byChannel.set(channel.id, []);
  for (const s of playing) {
    const names = s.schedule.channels;
    if (names.includes("*")) {
      for (const list of byChannel.values()) list.push(s);
    } else {
      for (const name of new Set(names)) byChannel.get(name)?.push(s);
    }
  }
  const channels: CompiledChannel[] = [];
  const channelById = new Map<string, CompiledChannel>();
  for (const channel of snapshot.channels) {
    if (channelById.has(channel.id)) continue;
    const mine = byChannel.get(channel.id) ?? [];
    const c: CompiledChannel = {
      id: channel.id,
      kind: channel.kind,
      channel,
      schedules: mine,
      ...packScan(mine),
    };
    channels.push(c);
    channelById.set(channel.id, c);
  }

  const emergencies: CompiledEmergency[] = [];
  for (const notice of snapshot.emergencies) {
    const start = parseInstant(notice.startsAt);
    const expires = parseInstant(notice.expiresAt);
    const cleared =
      notice.clearedAt === undefined ? Number.POSITIVE_INFINITY : parseInstant(notice.clearedAt);
    if (Number.isNaN(start) || Number.isNaN(expires) || Number.isNaN(cleared)) continue; // unreadable: ignored
    const end = Math.min(expires, cleared);
    if (!(end > start)) continue; // cleared before it started, or expired before it started
    const entry: ResolvedEntry = Object.freeze({
      itemId: `emergency:${notice.id}`,
      scheduleId: null,
      priority: EMERGENCY_PRIORITY,
      kind: "emergency",
      reason:
        `emergency notice '${notice.id}' (from ${notice.startsAt} until ${notice.clearedAt ?? notice.expiresAt}` +
        `${notice.clearedAt ? ", cleared" : ""}) interrupts every channel`,
      why: Object.freeze({ level: "emergency", noticeId: notice.id }),
    });
    emergencies.push({ notice, start, end, entries: Object.freeze([entry]) });
  }
  emergencies.sort((a, b) => a.start - b.start || a.end - b.end);

  return {
    [COMPILED]: true,
    snapshot,
    channels,
    channelById,
    schedules,
    rules: ruleList,
    emergencies,
    occurrence,
    listIds: new Map(),
    dayMemo: [],
    items,
  };
}

/** The priority reported for an emergency entry: above every schedule's (0–100). */
export const EMERGENCY_PRIORITY = 101;

// ---------------------------------------------------------------------------------------------------------

const DAY_MEMO_MAX = 4;

/** The memo of rule results for one gate-local day (see `ruleOn`). */
export function dayFlags(c: CompiledSnapshot, epochDay: number): Uint8Array {
  const memo = c.dayMemo;
  for (let i = 0; i < memo.length; i++) {
    const m = memo[i] as { day: number; flags: Uint8Array };
    if (m.day === epochDay) {
      // Most recently used first: a caller holding today's flags while asking for yesterday's must not see
      // today's slot recycled.
      if (i > 0) {
        memo.splice(i, 1);
        memo.unshift(m);
      }
      return m.flags;
    }
  }
  let slot: { day: number; flags: Uint8Array };
  if (memo.length < DAY_MEMO_MAX) {
    slot = { day: epochDay, flags: new Uint8Array(c.rules.length) };
  } else {
    slot = memo.pop() as { day: number; flags: Uint8Array };
    slot.day = epochDay;
    slot.flags.fill(0);
  }
  memo.unshift(slot);
  return slot.flags;
}

/** Is rule `r` on `epochDay`, with `flags = dayFlags(c, epochDay)`. */
export function ruleOn(c: CompiledSnapshot, flags: Uint8Array, r: number, epochDay: number): boolean {
  let f = flags[r] as number;
  if (f === 0) {
    f = (c.rules[r] as DateRule).isOn(epochDay) ? 2 : 1;
    flags[r] = f;
  }
  return f === 2;
}

/**
 * The items of a target that can play on a channel kind on a gate-local day, in order: on a sign only items
 * with non-empty `ledText`, on a kiosk or a screen anything but kind `led`; items outside validFrom/validUntil skipped.
 * The returned array is shared and frozen.
 */
export function playableItems(
  target: CompiledTarget,
  channelKind: ChannelKind,
  epochDay: number,
): readonly string[] {
  // A screen plays what a kiosk's loop plays: one cached list serves both.
  const kind = channelKind === "sign" ? "sign" : "kiosk";
  const infos = target.infos;
  if (infos.length === 0) return EMPTY;
  const ranges = target.ranges;
  let range: PlayableRange | undefined = ranges[0];
  if (!range || epochDay < range.lo || epochDay >= range.hi) {
    range = undefined;
    for (let i = 1; i < ranges.length; i++) {
      const r = ranges[i] as PlayableRange;
      if (epochDay >= r.lo && epochDay < r.hi) {
        range = r;
        ranges.splice(i, 1);
        break;
      }
    }
    if (!range) {
      // The days around `epochDay` in which no item becomes valid or invalid.
      let lo = Number.NEGATIVE_INFINITY;
      let hi = Number.POSITIVE_INFINITY;
      for (const info of infos) {
        for (const edge of [info.from, info.until + 1]) {
          if (edge <= epochDay) lo = Math.max(lo, edge);
          else hi = Math.min(hi, edge);
        }
      }
      range = { lo, hi };
      if (ranges.length >= RANGES_MAX) ranges.pop();
    }
    ranges.unshift(range);
  }
  const cached = range[kind];
  if (cached) return cached;
  const out: string[] = [];
  for (const info of infos) {
    if (kind === "sign" ? !info.sign : !info.kiosk) continue;
    if (epochDay < info.from || epochDay > info.until) continue;
    out.push(info.id);
  }
  let list = out.length ? Object.freeze(out) : EMPTY;
  if (target.dateDependent && out.length) {
    // The same list in several ranges is one array: outcomes compare by identity and share their entries.
    const key = `${kind}\u0000${out.join("\u0000")}`;
    const known = target.interned.get(key);
    if (known) list = known;
    else target.interned.set(key, list);
  }
  range[kind] = list;
  return list;
}

/** The emergency shown at `ms`: among the active ones, the one that started last (ties: later end, then id). */
export function activeEmergency(c: CompiledSnapshot, ms: Instant): CompiledEmergency | null {
  let best: CompiledEmergency | null = null;
  for (const e of c.emergencies) {
    if (e.start > ms) break;
    if (ms >= e.end) continue;
    if (
      !best ||
      e.start > best.start ||
      (e.start === best.start && (e.end > best.end || (e.end === best.end && e.notice.id < best.notice.id)))
    ) {
      best = e;
    }
  }
  return best;
}

/** The first emergency start or end strictly after `ms` (or +∞). */
export function nextEmergencyBoundary(c: CompiledSnapshot, ms: Instant): Instant {
  let next = Number.POSITIVE_INFINITY;
  for (const e of c.emergencies) {
    if (e.start > ms && e.start < next) next = e.start;
    if (e.end > ms && e.end < next) next = e.end;
  }
  return next;
}
