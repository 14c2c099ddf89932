/**
 * Bench functions for the schedule resolver (the harness times them):
 * - `makeBigSnapshot(10_000, 50)`: a deterministic pseudo-random gate with 10 000 schedules over 50 channels
 *   (every kind, recurrence and daypart shape, ties in priority, items valid only part of the year). Mix:
 *   0.3 % interrupts (one channel each, a few hours a day), ~5.7 % holiday programs, 87 % normal, 7 %
 *   default; 0.5 % of schedules on every channel (`*`), the rest on one or two; 65 % with dayparts (mostly
 *   the gate's standard ones, 20 % custom on a half-hour grid, some wrapping midnight); 30 % bounded by
 *   dates; 3 % disabled;
 * - `benchResolveOnce(compiled, at)`: one full resolution (all channels + nextChangeAt), target ≤ 1 ms median;
 * - `benchTimeline365(snapshot, channelId)`: the calendar view of one channel for a year, target ≤ 50 ms;
 * - `benchCompile(snapshot)`: the one-off preparation (pass its result to the two above; a raw snapshot
 *   works too but its first call then includes the compilation).
 */
import { gateInstant } from "../controller/src/domain/gate-time.js";
import {
  type CompiledSnapshot,
  compileSnapshot,
  resolve,
  timeline,
} from "../controller/src/domain/schedule/index.js";
import type {
  Channel,
  ContentItem,
  Daypart,
  Playlist,
  Recurrence,
  Schedule,
  ScheduleKind,
  Snapshot,
} from "../controller/src/domain/types.js";

/** mulberry32: a tiny deterministic PRNG, so every run benches the same gate. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const HOLIDAYS = [
  "new-year",
  "tet",
  "tet-holiday",
  "chinese-new-year",
  "hung-kings",
  "reunification-day",
  "labour-day",
  "national-day",
  "mid-autumn-vn",
  "lao-new-year",
  "khmer-new-year",
  "china-national-day",
];

/** The dayparts a gate's operators use most (opening hours, shifts, night). */
const STANDARD_DAYPARTS: readonly Daypart[] = [
  { start: "06:00", end: "11:00" },
  { start: "11:00", end: "14:00" },
  { start: "14:00", end: "18:00" },
  { start: "18:00", end: "22:00" },
  { start: "22:00", end: "06:00" },
  { start: "07:00", end: "17:00" },
  { start: "07:00", end: "22:00" },
];

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

function clock(halfHours: number): string {
  const m = (halfHours * 30) % 1440;
  return `${pad(Math.floor(m / 60), 2)}:${pad(m % 60, 2)}`;
}

export interface BigSnapshotOptions {
  /** Include interrupt schedules (default true). */
  interrupts?: boolean;
  seed?: number;
}

/** A deterministic gate with `schedules` schedules over `channels` channels (60 % kiosks, 40 % signs). */
export function makeBigSnapshot(
  schedules = 10_000,
  channels = 50,
  options: BigSnapshotOptions = {},
): Snapshot {
  const rnd = prng(options.seed ?? 0x6a7ec457);
  const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
  const withInterrupts = options.interrupts ?? true;

  const chans: Channel[] = [];
  for (let i = 0; i < channels; i++) {
    const kind = i < Math.ceil(channels * 0.6) ? "kiosk" : "sign";
    chans.push({ id: `${kind}-${pad(i, 3)}`, kind, name: `${kind} ${i}` });
  }

  const itemCount = Math.max(20, Math.ceil(schedules * 0.3));
  const items = new Map<string, ContentItem>();
  for (let i = 0; i < itemCount; i++) {
    const id = `item-${pad(i, 5)}`;
    const r = rnd();
    const kind = r < 0.15 ? "led" : r < 0.35 ? "image" : "article";
    const kioskOnly = kind !== "led" && rnd() < 0.25;
    const item: ContentItem = {
      id,
      kind,
      title: kind === "led" ? {} : { vi: `Tiêu đề ${i}`, en: `Title ${i}` },
      body: kind === "led" ? {} : { vi: `Nội dung ${i}` },
      ledText: kioskOnly ? {} : { vi: `THÔNG BÁO ${i}` },
      durationS: int(5, 30),
      categories: [],
    };
    if (kind === "image") item.mediaSha256 = pad(i, 64);
    if (rnd() < 0.1) {
      const from = gateDate(2026, int(1, 12), int(1, 28));
      item.validFrom = from;
      item.validUntil = gateDate(2026 + int(0, 1), int(1, 12), int(1, 28));
      if (item.validUntil < from) item.validUntil = from;
    }
    items.set(id, item);
  }
  const itemIds = [...items.keys()];

  const playlistCount = Math.max(5, Math.ceil(schedules * 0.08));
  const playlists = new Map<string, Playlist>();
  for (let i = 0; i < playlistCount; i++) {
    const id = `pl-${pad(i, 4)}`;
    const n = int(2, 10);
    const ids: string[] = [];
    for (let k = 0; k < n; k++) ids.push(pick(itemIds));
    playlists.set(id, { id, name: `Playlist ${i}`, itemIds: ids });
  }
  const playlistIds = [...playlists.keys()];

  const list: Schedule[] = [];
  for (let i = 0; i < schedules; i++) {
    const r = rnd();
    const kind: ScheduleKind =
      withInterrupts && r < 0.003 ? "interrupt" : r < 0.06 ? "holiday" : r < 0.93 ? "normal" : "default";
    let recurrence: Recurrence;
    const rr = rnd();
    if (kind === "holiday" || (kind === "normal" && rr < 0.05)) {
      recurrence = { type: "holiday", holidayId: pick(HOLIDAYS) };
      if (rnd() < 0.3) recurrence.offsetDays = int(-5, 5);
    } else if (kind === "default" || rr < 0.4) {
      recurrence = { type: "daily" };
    } else if (rr < 0.65) {
      const days = new Set<number>();
      const n = int(1, 5);
      for (let k = 0; k < n; k++) days.add(int(1, 7));
      recurrence = { type: "weekly", weekdays: [...days].sort((a, b) => a - b) };
    } else if (rr < 0.75) {
      recurrence = { type: "monthly", day: int(1, 31) };
    } else if (rr < 0.85) {
      recurrence = { type: "yearly", month: int(1, 12), day: int(1, 28) };
    } else {
      recurrence = {
        type: "lunar-yearly",
        calendar: rnd() < 0.7 ? "vi" : "zh",
        month: int(1, 12),
        day: int(1, 30),
      };
      if (rnd() < 0.05) recurrence.leap = true;
    }

    const dayparts: Daypart[] = [];
    const dr = rnd();
    if (kind === "interrupt") {
      // A news flash: a few hours a day on one channel.
      const start = int(12, 40);
      dayparts.push({ start: clock(start), end: clock(start + int(2, 8)) });
    } else if (kind !== "default" && dr > 0.35) {
      // Operators mostly pick the gate's standard dayparts; some draw their own on a half-hour grid.
      const parts = dr > 0.9 ? 2 : 1;
      for (let k = 0; k < parts; k++) {
        if (rnd() < 0.8) {
          dayparts.push({ ...pick(STANDARD_DAYPARTS) });
        } else {
          const start = int(0, 47);
          dayparts.push({ start: clock(start), end: clock(start + int(1, 24)) });
        }
      }
    }

    const channelsOf =
      kind === "interrupt"
        ? [pick(chans).id]
        : rnd() < 0.005
          ? ["*"]
          : [pick(chans).id, ...(rnd() < 0.3 ? [pick(chans).id] : [])];
    const s: Schedule = {
      id: `sch-${pad(i, 5)}`,
      name: `Schedule ${i}`,
      kind,
      target: rnd() < 0.8 ? { playlistId: pick(playlistIds) } : { itemId: pick(itemIds) },
      channels: [...new Set(channelsOf)],
      priority: kind === "default" ? 0 : int(1, 9) * 10,
      recurrence,
      dayparts,
      enabled: rnd() > 0.03,
    };
    if (kind === "interrupt") s.interrupt = { secondsPerHour: int(2, 16) * 15, slotsPerHour: int(1, 4) };
    if (rnd() < 0.3) {
      s.startDate = gateDate(2025, int(1, 12), int(1, 28));
      s.endDate = gateDate(2026 + int(0, 1), int(1, 12), int(1, 28));
    }
    if (recurrence.type !== "daily" && recurrence.type !== "holiday" && rnd() < 0.2)
      s.durationDays = int(2, 5);
    list.push(s);
  }

  return {
    gateId: "bench-gate",
    languages: ["vi", "en", "zh-Hans"],
    channels: chans,
    items,
    playlists,
    schedules: list,
    emergencies: [
      {
        id: "bench-storm",
        title: { vi: "Bão", en: "Storm" },
        body: {},
        ledText: { vi: "BÃO" },
        startsAt: "2026-07-10T06:00:00+07:00",
        expiresAt: "2026-07-11T18:00:00+07:00",
      },
    ],
    holidayOverrides: [{ holidayId: "lao-new-year", year: 2026, date: "2026-04-14", endDate: "2026-04-16" }],
  };
}

function gateDate(year: number, month: number, day: number): string {
  return `${year}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** Compiling a snapshot (done once per snapshot change); returns it for the other bench functions. */
export function benchCompile(snapshot: Snapshot): CompiledSnapshot {
  return compileSnapshot(snapshot);
}

/** One full resolution; returns the number of entries (so the work cannot be optimized away). */
export function benchResolveOnce(compiled: CompiledSnapshot | Snapshot, at: number): number {
  const r = resolve(compiled, at);
  let n = r.nextChangeAt === null ? 0 : 1;
  for (const ch of r.channels) n += ch.entries.length;
  return n;
}

/** Instants spread over 2026 (deterministic), for benchResolveOnce. */
export function benchInstants(count = 1000, seed = 7): number[] {
  const rnd = prng(seed);
  const from = gateInstant("2026-01-01");
  const span = gateInstant("2027-01-01") - from;
  return Array.from({ length: count }, () => from + Math.floor(rnd() * span));
}

/** The distinct resolutions of one channel over the 365 days of 2026; returns the number of segments. */
export function benchTimeline365(snapshot: CompiledSnapshot | Snapshot, channelId: string): number {
  return timeline(snapshot, channelId, gateInstant("2026-01-01"), gateInstant("2027-01-01")).length;
}
