/**
 * Builds a gate's report from its records. Pure: the records come in (from the gate's own tables or
 * from what it uploaded to the central office), the report goes out; no clock, no database.
 *
 * Time is clipped to the period and to `observedUntil` (the gate's clock at a gate; at the central,
 * the newest record the gate has uploaded): a report never counts time nobody has seen yet.
 */

import type {
  GateReport,
  KioskUseSection,
  ProgramKey,
  ReportWeek,
  ReportWeekly,
  ScreenShownSection,
  ShownRow,
  ShownSection,
  SignOutage,
  SignUptime,
  SkippedSection,
  WeeklySeries,
} from "../contract/reports.js";
import { addDays, daysBetween } from "../domain/calendar/civil.js";
import type { ReportPeriod } from "./period.js";

/**
 * Plays (kiosks' and screens') of one item, origin and language on one channel, already clipped to the report's window: a busy gate
 * has millions of plays a half-year, summed by the database (records.ts), never loaded one by one.
 */
export interface PlayGroup {
  /** A kiosk group's id, or a screen's: `ReportInput.screens` says which. */
  channelId: string;
  itemId: string;
  origin: string | null;
  language: string | null;
  /** Time inside the window. */
  ms: number;
  /** Plays with some time inside it. */
  plays: number;
  /**
   * The week of the period (0: its first seven days) in which the play's time inside the window
   * begins; the whole play counts there. Absent: the first week.
   */
  week?: number;
}

/** Items a screen skipped, counted per channel, item and reason, inside the report's window. */
export interface SkipGroup {
  channelId: string;
  itemId: string;
  reason: string;
  count: number;
}

export interface SessionRecord {
  startedAt: string;
  endedAt: string;
  language: string;
  pages: readonly string[];
}

export interface SignEventRecord {
  signId: string;
  at: string;
  kind: "online" | "offline" | "showing" | "stopped";
  detail: {
    reason?: string;
    frames?: readonly { itemId: string; language: string; share: number; origin: string | null }[];
  };
}

export interface ReportInput {
  gate: { id: string; name: string };
  source: GateReport["source"];
  period: ReportPeriod;
  generatedAt: number;
  observedUntil: number;
  plays: readonly PlayGroup[];
  /** When the newest play ended (epoch ms), or null: for `lastRecordAt`. */
  lastPlayEnd: number | null;
  skips: readonly SkipGroup[];
  /** When the newest skip in the window happened (epoch ms), or null. */
  lastSkipAt: number | null;
  sessions: readonly SessionRecord[];
  /** Every sign's events in the period, and its last event before it (the state it started in). */
  signEvents: readonly SignEventRecord[];
  /** The signs the report lists even without records. */
  signs: readonly { id: string; name: string }[];
  /** The gate's big screens: plays on their channels are the screens', all others the kiosks'. */
  screens: readonly { id: string; name: string }[];
  labels: {
    programs: ReadonlyMap<string, string>;
    items: ReadonlyMap<string, string>;
  };
  /** At a gate: its items past their facts' review date (records.ts); absent at the central office. */
  factsPastReview?: readonly { itemId: string; source: string; reviewBy: string }[];
}

const MS_PER_HOUR = 3_600_000;
export const MS_PER_WEEK = 7 * 86_400_000;
const TOP = 20;

/** The alert's items are `emergency:<id>`; central programs' items keep their origin across versions. */
export function programKeyOf(itemId: string, origin: string | null): ProgramKey {
  if (itemId.startsWith("emergency:") || origin === "emergency") return "emergency";
  if (origin?.startsWith("central:")) return origin as ProgramKey;
  if (origin?.startsWith("pack:")) return "pack";
  return "gate";
}

/** Alerts are shown in every gate language at once: their time is not any one language's. */
export const ALL_LANGUAGES = "*";

const round2 = (n: number) => Math.round(n * 100) / 100;

class Tally {
  readonly #ms = new Map<string, number>();
  readonly #plays = new Map<string, number>();

  add(key: string, ms: number, plays: number): void {
    this.#ms.set(key, (this.#ms.get(key) ?? 0) + ms);
    this.#plays.set(key, (this.#plays.get(key) ?? 0) + plays);
  }

  rows(label: (key: string) => string, limit = Number.POSITIVE_INFINITY): ShownRow[] {
    return [...this.#ms]
      .map(([key, ms]) => ({
        key,
        label: label(key),
        hours: round2(ms / MS_PER_HOUR),
        plays: this.#plays.get(key) ?? 0,
      }))
      .sort((a, b) => b.hours - a.hours || b.plays - a.plays || a.key.localeCompare(b.key))
      .slice(0, limit);
  }
}

class ShownTally {
  readonly programs = new Tally();
  readonly languages = new Tally();
  readonly items = new Tally();
  totalMs = 0;

  add(itemId: string, origin: string | null, language: string | null, ms: number, plays: number): void {
    this.programs.add(programKeyOf(itemId, origin), ms, plays);
    this.languages.add(language ?? ALL_LANGUAGES, ms, plays);
    this.items.add(itemId, ms, plays);
    this.totalMs += ms;
  }

  /** A stretch of `ms` during which a sign held `frames`: one play for each program, language and item in it. */
  addSpan(frames: NonNullable<SignEventRecord["detail"]["frames"]>, ms: number): void {
    const group = (key: (f: (typeof frames)[number]) => string) => {
      const shares = new Map<string, number>();
      for (const f of frames) shares.set(key(f), (shares.get(key(f)) ?? 0) + f.share);
      return shares;
    };
    for (const [key, share] of group((f) => programKeyOf(f.itemId, f.origin)))
      this.programs.add(key, ms * share, 1);
    for (const [key, share] of group((f) => f.language)) this.languages.add(key, ms * share, 1);
    for (const [key, share] of group((f) => f.itemId)) this.items.add(key, ms * share, 1);
    this.totalMs += ms * frames.reduce((t, f) => t + f.share, 0);
  }

  section(input: ReportInput): ShownSection {
    return {
      totalHours: round2(this.totalMs / MS_PER_HOUR),
      byProgram: this.programs.rows((key) => programLabel(key, input)),
      byLanguage: this.languages.rows((key) => key),
      topItems: this.items.rows((key) => input.labels.items.get(key) ?? key, TOP),
    };
  }
}

function programLabel(key: string, input: ReportInput): string {
  return input.labels.programs.get(key) ?? (key.startsWith("central:") ? key.slice("central:".length) : key);
}

/** The part of [start, end) inside [lo, hi), in ms. */
function overlap(start: number, end: number, lo: number, hi: number): number {
  return Math.max(0, Math.min(end, hi) - Math.max(start, lo));
}

function kioskShown(input: ReportInput, screens: ReadonlySet<string>): ShownSection {
  const tally = new ShownTally();
  for (const p of input.plays) {
    if (!screens.has(p.channelId)) tally.add(p.itemId, p.origin, p.language, p.ms, p.plays);
  }
  return tally.section(input);
}

function skipped(input: ReportInput, screens: ReadonlySet<string>): SkippedSection {
  const reasons = new Map<string, number>();
  const items = new Map<string, number>();
  let total = 0;
  for (const s of input.skips) {
    if (!screens.has(s.channelId)) continue;
    total += s.count;
    reasons.set(s.reason, (reasons.get(s.reason) ?? 0) + s.count);
    items.set(s.itemId, (items.get(s.itemId) ?? 0) + s.count);
  }
  return {
    total,
    byReason: [...reasons]
      .map(([reason, count]) => ({ reason, count }))
      .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
    topItems: [...items]
      .map(([itemId, count]) => ({ itemId, label: input.labels.items.get(itemId) ?? itemId, count }))
      .sort((a, b) => b.count - a.count || a.itemId.localeCompare(b.itemId))
      .slice(0, TOP),
  };
}

function screenShown(input: ReportInput, screens: ReadonlySet<string>): ScreenShownSection {
  const tally = new ShownTally();
  const perScreen = new Tally();
  // Every screen the gate has is listed, an idle one with 0 hours: "it showed nothing" is a finding.
  for (const screen of input.screens) perScreen.add(screen.id, 0, 0);
  for (const p of input.plays) {
    if (!screens.has(p.channelId)) continue;
    tally.add(p.itemId, p.origin, p.language, p.ms, p.plays);
    perScreen.add(p.channelId, p.ms, p.plays);
  }
  const names = new Map(input.screens.map((s) => [s.id, s.name]));
  return {
    ...tally.section(input),
    byScreen: perScreen.rows((id) => names.get(id) ?? id),
    skipped: skipped(input, screens),
  };
}

function median(sorted: readonly number[]): number | null {
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function kioskUse(input: ReportInput, lo: number, hi: number): KioskUseSection {
  const inPeriod = input.sessions.filter((s) => {
    const at = Date.parse(s.startedAt);
    return at >= lo && at < hi;
  });
  const byLanguage = new Map<string, { sessions: number; ms: number }>();
  const categories = new Map<string, number>();
  const items = new Map<string, number>();
  const lengths: number[] = [];
  for (const s of inPeriod) {
    const ms = Math.max(0, Date.parse(s.endedAt) - Date.parse(s.startedAt));
    lengths.push(ms / 1000);
    const lang = byLanguage.get(s.language) ?? { sessions: 0, ms: 0 };
    lang.sessions++;
    lang.ms += ms;
    byLanguage.set(s.language, lang);
    for (const page of s.pages) {
      if (page.startsWith("category:")) {
        const id = page.slice("category:".length);
        categories.set(id, (categories.get(id) ?? 0) + 1);
      } else if (page.startsWith("item:")) {
        const id = page.slice("item:".length);
        items.set(id, (items.get(id) ?? 0) + 1);
      }
    }
  }
  lengths.sort((a, b) => a - b);
  const totalMs = [...byLanguage.values()].reduce((t, l) => t + l.ms, 0);
  const m = median(lengths);
  return {
    sessions: inPeriod.length,
    totalMinutes: round2(totalMs / 60_000),
    medianSeconds: m === null ? null : Math.round(m),
    byLanguage: [...byLanguage]
      .map(([language, l]) => ({ language, sessions: l.sessions, minutes: round2(l.ms / 60_000) }))
      .sort((a, b) => b.sessions - a.sessions || a.language.localeCompare(b.language)),
    byCategory: [...categories]
      .map(([category, opens]) => ({ category, opens }))
      .sort((a, b) => b.opens - a.opens || a.category.localeCompare(b.category)),
    topItems: [...items]
      .map(([itemId, opens]) => ({ itemId, label: input.labels.items.get(itemId) ?? itemId, opens }))
      .sort((a, b) => b.opens - a.opens || a.itemId.localeCompare(b.itemId))
      .slice(0, TOP),
  };
}

type SignState = "unknown" | "online" | "offline";

/**
 * Walks one sign's events: each state lasts until its next event (or `hi`). Outages are the offline
 * stretches, one outage however often the reason changed inside it.
 */
function signUptime(
  sign: { id: string; name: string },
  events: readonly SignEventRecord[],
  lo: number,
  hi: number,
  ongoing: boolean,
  shown: ShownTally,
  weekly: WeeklyShown,
): SignUptime {
  let state: SignState = "unknown";
  let frames: SignEventRecord["detail"]["frames"] | null = null;
  let reason = "";
  let online = 0;
  let offline = 0;
  const outages: SignOutage[] = [];
  let outage: { start: number; reason: string; ms: number } | undefined;
  let watchedFrom = Number.POSITIVE_INFINITY;
  let watchedTo = Number.NEGATIVE_INFINITY;
  const closeOutage = (end: number | null) => {
    if (!outage) return;
    outages.push({
      startedAt: new Date(outage.start).toISOString(),
      endedAt: end === null ? null : new Date(end).toISOString(),
      hours: round2(outage.ms / MS_PER_HOUR),
      reason: outage.reason,
    });
    outage = undefined;
  };

  for (let i = 0; i < events.length; i++) {
    const e = events[i] as SignEventRecord;
    const at = Date.parse(e.at);
    if (e.kind === "online") state = "online";
    else if (e.kind === "offline") {
      state = "offline";
      reason = e.detail.reason ?? "offline";
    } else if (e.kind === "showing") frames = e.detail.frames ?? [];
    else {
      state = "unknown";
      frames = null;
    }
    if (state !== "offline" && at < hi) closeOutage(Math.max(at, lo));
    const next = i + 1 < events.length ? Date.parse((events[i + 1] as SignEventRecord).at) : hi;
    const ms = overlap(at, next, lo, hi);
    if (ms <= 0) continue;
    if (state !== "unknown") {
      watchedFrom = Math.min(watchedFrom, Math.max(at, lo));
      watchedTo = Math.max(watchedTo, Math.min(next, hi));
    }
    if (state === "online") {
      online += ms;
      if (frames && frames.length > 0) {
        shown.addSpan(frames, ms);
        weekly.addSpan(frames, Math.max(at, lo), Math.min(next, hi));
      }
    } else if (state === "offline") {
      offline += ms;
      outage ??= { start: Math.max(at, lo), reason, ms: 0 };
      outage.ms += ms;
    }
  }
  // Still out where the records stop: no end yet, unless the period itself ended first.
  closeOutage(ongoing ? null : hi);
  const observed = online + offline;
  return {
    id: sign.id,
    name: sign.name,
    hoursObserved: round2(observed / MS_PER_HOUR),
    watched:
      observed > 0
        ? { from: new Date(watchedFrom).toISOString(), to: new Date(watchedTo).toISOString() }
        : null,
    hoursOnline: round2(online / MS_PER_HOUR),
    hoursOffline: round2(offline / MS_PER_HOUR),
    uptimePercent: observed > 0 ? Math.round((online / observed) * 1000) / 10 : null,
    outages,
  };
}

/** The weeks of a period: seven days each from its first day, the last cut at its end. */
export function weeksOf(period: ReportPeriod): ReportWeek[] {
  const days = daysBetween(period.from, period.to) + 1;
  const weeks: ReportWeek[] = [];
  for (let d = 0; d < days; d += 7) {
    weeks.push({ from: addDays(period.from, d), to: addDays(period.from, Math.min(d + 6, days - 1)) });
  }
  return weeks;
}

/** Values per key and week; the keys' order is their totals', largest first, as the report's tables. */
class WeeklyTally {
  readonly #values = new Map<string, number[]>();
  constructor(readonly weeks: number) {}

  add(key: string, week: number, value: number): void {
    let values = this.#values.get(key);
    if (!values) {
      values = new Array<number>(this.weeks).fill(0);
      this.#values.set(key, values);
    }
    const w = Math.min(this.weeks - 1, Math.max(0, week));
    values[w] = (values[w] ?? 0) + value;
  }

  /** [start, end) in epoch ms, spread over the weeks it spans (`lo`: the period's first instant). */
  addSpan(key: string, start: number, end: number, lo: number, scale: number): void {
    for (let t = start; t < end; ) {
      const week = Math.floor((t - lo) / MS_PER_WEEK);
      const stop = Math.min(end, lo + (week + 1) * MS_PER_WEEK);
      this.add(key, week, (stop - t) * scale);
      t = stop;
    }
  }

  series(label: (key: string) => string, unit: number, digits: number): WeeklySeries[] {
    const round = (n: number) => Math.round((n / unit) * 10 ** digits) / 10 ** digits;
    const total = (v: readonly number[]) => v.reduce((t, x) => t + x, 0);
    return [...this.#values]
      .sort((a, b) => total(b[1]) - total(a[1]) || a[0].localeCompare(b[0]))
      .map(([key, values]) => ({ key, label: label(key), values: values.map(round) }));
  }
}

/** The weekly series of all displays' hours: plays by the week they start in, signs' spans split by week. */
class WeeklyShown {
  readonly languages: WeeklyTally;
  readonly programs: WeeklyTally;
  constructor(
    weeks: number,
    readonly lo: number,
  ) {
    this.languages = new WeeklyTally(weeks);
    this.programs = new WeeklyTally(weeks);
  }

  addPlay(p: PlayGroup): void {
    this.languages.add(p.language ?? ALL_LANGUAGES, p.week ?? 0, p.ms);
    this.programs.add(programKeyOf(p.itemId, p.origin), p.week ?? 0, p.ms);
  }

  addSpan(frames: NonNullable<SignEventRecord["detail"]["frames"]>, start: number, end: number): void {
    for (const f of frames) {
      this.languages.addSpan(f.language, start, end, this.lo, f.share);
      this.programs.addSpan(programKeyOf(f.itemId, f.origin), start, end, this.lo, f.share);
    }
  }
}

/** The stretch a report counts (epoch ms): the period, cut where what is known ends. */
export function reportWindow(period: ReportPeriod, observedUntil: number): { lo: number; hi: number } {
  const lo = Date.parse(period.startsAt);
  return { lo, hi: Math.max(lo, Math.min(Date.parse(period.endsAt), observedUntil)) };
}

export function buildReport(input: ReportInput): GateReport {
  const { lo, hi } = reportWindow(input.period, input.observedUntil);
  const periodEnd = Date.parse(input.period.endsAt);
  const screens = new Set(input.screens.map((s) => s.id));

  const bySign = new Map<string, SignEventRecord[]>();
  for (const e of input.signEvents) {
    const list = bySign.get(e.signId) ?? [];
    list.push(e);
    bySign.set(e.signId, list);
  }
  const signs = [...input.signs];
  for (const id of bySign.keys()) if (!signs.some((s) => s.id === id)) signs.push({ id, name: id });
  const weeks = weeksOf(input.period);
  const weeklyShown = new WeeklyShown(weeks.length, Date.parse(input.period.startsAt));
  for (const p of input.plays) weeklyShown.addPlay(p);
  const signShown = new ShownTally();
  const uptime = signs.map((sign) => {
    const events = [...(bySign.get(sign.id) ?? [])].sort((a, b) => a.at.localeCompare(b.at));
    return signUptime(sign, events, lo, hi, hi < periodEnd, signShown, weeklyShown);
  });
  const sessionsWeekly = new WeeklyTally(weeks.length);
  for (const s of input.sessions) {
    const at = Date.parse(s.startedAt);
    if (at >= lo && at < hi) sessionsWeekly.add(s.language, Math.floor((at - lo) / MS_PER_WEEK), 1);
  }
  const weekly: ReportWeekly = {
    weeks,
    hoursByLanguage: weeklyShown.languages.series((key) => key, MS_PER_HOUR, 2),
    hoursByProgram: weeklyShown.programs.series((key) => programLabel(key, input), MS_PER_HOUR, 2),
    kioskSessionsByLanguage: sessionsWeekly.series((key) => key, 1, 0),
  };

  let lastRecord = 0;
  if (input.lastPlayEnd !== null) lastRecord = Math.max(lastRecord, input.lastPlayEnd);
  if (input.lastSkipAt !== null) lastRecord = Math.max(lastRecord, input.lastSkipAt);
  for (const s of input.sessions) lastRecord = Math.max(lastRecord, Date.parse(s.endedAt));
  for (const e of input.signEvents) lastRecord = Math.max(lastRecord, Date.parse(e.at));

  return {
    gate: input.gate,
    period: input.period,
    generatedAt: new Date(input.generatedAt).toISOString(),
    source: input.source,
    lastRecordAt: lastRecord > 0 ? new Date(lastRecord).toISOString() : null,
    shown: {
      kiosks: kioskShown(input, screens),
      signs: signShown.section(input),
      screens: screenShown(input, screens),
    },
    kioskUse: kioskUse(input, lo, hi),
    signs: uptime,
    weekly,
    ...(input.factsPastReview
      ? {
          factsPastReview: {
            count: input.factsPastReview.length,
            items: input.factsPastReview.map((f) => ({
              ...f,
              label: input.labels.items.get(f.itemId) ?? f.itemId,
            })),
          },
        }
      : {}),
  };
}
