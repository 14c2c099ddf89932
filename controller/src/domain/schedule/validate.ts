/**
 * Semantic checks of a snapshot's schedules, beyond what the zod schemas (schemas.ts) check field by field:
 * does the target exist, do the channels exist, can the schedule ever occur, will it silently rotate with a
 * twin. Works on unvalidated data too (a raw snapshot from a content pack), so it re-checks the few shape
 * rules the resolver relies on instead of assuming zod ran.
 */
import { holidayHasMoment, holidayRule, TIMED_HOLIDAY_IDS } from "../calendar/holidays.js";
import { dateOfEpochDay, daysFromCivil, daysInMonth, gateEpochDay, parseIsoDate } from "../gate-time.js";
import { SCHEDULE_KINDS, type Schedule, type Snapshot } from "../types.js";
import { compileDayparts } from "./dayparts.js";
import { MAX_MOMENT_HOURS, momentStart } from "./moment.js";
import { compileDateRule, dateRuleKey, newOccurrenceContext } from "./occurs.js";
import type { LintIssue } from "./types.js";

export interface LintOptions {
  /** Gate-local "today", the start of the window checked for a schedule without `startDate`. Default: now. */
  today?: string;
}

/** Years looked at when a schedule's date range is open-ended. */
const OPEN_RANGE_YEARS = 100;

function dayOf(date: string | undefined): number | null | undefined {
  if (date === undefined) return undefined;
  const c = parseIsoDate(date);
  return c ? daysFromCivil(c.year, c.month, c.day) : null;
}

/**
 * Lint every schedule of a snapshot. Issues come in snapshot order of the schedules, then by check; the
 * "they will rotate" warnings (same kind, priority, date rule and dayparts on a shared channel: identical
 * timing, so they always rotate) come last, each on the later schedule and naming the first twin.
 */
export function lintSchedules(snapshot: Snapshot, options: LintOptions = {}): LintIssue[] {
  const issues: LintIssue[] = [];
  const add = (
    scheduleId: string,
    severity: LintIssue["severity"],
    message: string,
    field?: string,
  ): void => {
    const issue: LintIssue = { scheduleId, severity, message };
    if (field !== undefined) issue.field = field;
    issues.push(issue);
  };
  const channelIds = new Set(snapshot.channels.map((c) => c.id));
  const ctx = newOccurrenceContext(snapshot.holidayOverrides ?? []);
  const todayDay = (options.today !== undefined ? dayOf(options.today) : null) ?? gateEpochDay(Date.now());
  const seenIds = new Set<string>();
  /** signature → the schedules with that exact timing, kind and priority */
  const twins = new Map<string, Schedule[]>();

  for (const s of snapshot.schedules) {
    const id = s.id;
    if (seenIds.has(id)) add(id, "error", `another schedule has the id '${id}'`, "id");
    seenIds.add(id);
    if (!(SCHEDULE_KINDS as readonly string[]).includes(s.kind)) {
      add(
        id,
        "error",
        `unknown kind '${String(s.kind)}'; expected one of ${SCHEDULE_KINDS.join(", ")}`,
        "kind",
      );
    }
    if (!Number.isFinite(s.priority) || s.priority < 0 || s.priority > 100) {
      add(id, "error", `priority ${s.priority} is outside 0–100`, "priority");
    }

    // --- target
    const target = s.target as { playlistId?: string; itemId?: string };
    if (target.playlistId !== undefined) {
      const playlist = snapshot.playlists.get(target.playlistId);
      if (!playlist) {
        add(id, "error", `playlist '${target.playlistId}' does not exist`, "target.playlistId");
      } else {
        const missing = playlist.itemIds.filter((i) => !snapshot.items.has(i));
        if (missing.length) {
          add(
            id,
            "warning",
            `playlist '${playlist.id}' names missing items (skipped): ${missing.join(", ")}`,
            "target.playlistId",
          );
        }
        if (playlist.itemIds.length === missing.length) {
          add(
            id,
            "warning",
            `playlist '${playlist.id}' has no items: nothing will play`,
            "target.playlistId",
          );
        }
      }
    } else if (target.itemId !== undefined) {
      if (!snapshot.items.has(target.itemId))
        add(id, "error", `item '${target.itemId}' does not exist`, "target.itemId");
    } else {
      add(id, "error", "names neither a playlist nor an item", "target");
    }

    // --- channels
    if (!Array.isArray(s.channels) || s.channels.length === 0) {
      add(id, "error", "names no channel (use '*' for every channel)", "channels");
    } else {
      s.channels.forEach((ch, i) => {
        if (ch !== "*" && !channelIds.has(ch))
          add(id, "error", `channel '${ch}' does not exist at this gate`, `channels.${i}`);
      });
    }

    // --- date range
    const lo = dayOf(s.startDate);
    const hi = dayOf(s.endDate);
    let rangeOk = true;
    if (lo === null) {
      add(id, "error", `startDate '${s.startDate}' is not a date YYYY-MM-DD`, "startDate");
      rangeOk = false;
    }
    if (hi === null) {
      add(id, "error", `endDate '${s.endDate}' is not a date YYYY-MM-DD`, "endDate");
      rangeOk = false;
    }
    if (typeof lo === "number" && typeof hi === "number" && hi < lo) {
      add(
        id,
        "error",
        `endDate ${s.endDate} is before startDate ${s.startDate}: the schedule is empty`,
        "endDate",
      );
      rangeOk = false;
    }
    if (s.durationDays !== undefined && (!Number.isInteger(s.durationDays) || s.durationDays < 1)) {
      add(id, "error", `durationDays must be a whole number ≥ 1, not ${s.durationDays}`, "durationDays");
      rangeOk = false;
    }

    // --- recurrence shape
    let recurrenceOk = true;
    const bad = (message: string, field: string): void => {
      add(id, "error", message, field);
      recurrenceOk = false;
    };
    const r = s.recurrence;
    switch (r?.type) {
      case "daily":
        break;
      case "weekly":
        if (!Array.isArray(r.weekdays) || r.weekdays.length === 0)
          bad("pick at least one weekday", "recurrence.weekdays");
        else
          r.weekdays.forEach((w, i) => {
            if (!Number.isInteger(w) || w < 1 || w > 7) {
              bad(`weekday ${w} does not exist (1 = Monday … 7 = Sunday)`, `recurrence.weekdays.${i}`);
            }
          });
        break;
      case "monthly":
        if (!Number.isInteger(r.day) || r.day < 1 || r.day > 31)
          bad(`day ${r.day} of the month never occurs`, "recurrence.day");
        else if (r.day >= 29) {
          add(
            id,
            "warning",
            `day ${r.day} does not occur in months that are shorter (the schedule is skipped there, not moved)`,
            "recurrence.day",
          );
        }
        break;
      case "yearly":
        if (!Number.isInteger(r.month) || r.month < 1 || r.month > 12)
          bad(`month ${r.month} does not exist`, "recurrence.month");
        else if (!Number.isInteger(r.day) || r.day < 1 || r.day > daysInMonth(2024, r.month)) {
          bad(`${r.day}/${r.month} is not a date`, "recurrence.day");
        }
        break;
      case "lunar-yearly":
        if (r.calendar !== "vi" && r.calendar !== "zh")
          bad(`unknown lunar calendar '${String(r.calendar)}'`, "recurrence.calendar");
        if (!Number.isInteger(r.month) || r.month < 1 || r.month > 12) {
          bad(
            `lunar month ${r.month} never occurs (months are 1–12; a leap month is month + leap: true)`,
            "recurrence.month",
          );
        }
        if (!Number.isInteger(r.day) || r.day < 1 || r.day > 30)
          bad(`lunar day ${r.day} never occurs (days are 1–30)`, "recurrence.day");
        break;
      case "holiday":
        if (!holidayRule(r.holidayId)) bad(`unknown holiday '${r.holidayId}'`, "recurrence.holidayId");
        if (r.offsetDays !== undefined && !Number.isInteger(r.offsetDays))
          bad("offsetDays must be a whole number", "recurrence.offsetDays");
        if (r.fromMoment !== undefined) {
          const hours = (r.fromMoment as { hours?: unknown } | null)?.hours;
          if (typeof hours !== "number" || !Number.isInteger(hours) || hours < 1 || hours > MAX_MOMENT_HOURS)
            bad(
              `fromMoment.hours must be a whole number of hours, 1–${MAX_MOMENT_HOURS}`,
              "recurrence.fromMoment.hours",
            );
          if (holidayRule(r.holidayId) && !holidayHasMoment(r.holidayId)) {
            bad(
              `holiday '${r.holidayId}' has no moment to start from (only ${TIMED_HOLIDAY_IDS.join(", ")} has one)`,
              "recurrence.fromMoment",
            );
          }
          if (r.offsetDays)
            bad("a schedule timed from the holiday's moment takes no offsetDays", "recurrence.offsetDays");
          if (s.durationDays !== undefined)
            bad(
              "a schedule timed from the holiday's moment runs for its hours, not durationDays",
              "durationDays",
            );
          if (Array.isArray(s.dayparts) && s.dayparts.length > 0)
            bad(
              "a schedule timed from the holiday's moment runs for its hours: its dayparts are ignored",
              "dayparts",
            );
          // The years the central office moved the first day: no moment then, it plays from 00:00 of that day.
          const moved = new Map<number, number>();
          for (const o of holidayHasMoment(r.holidayId) ? ctx.holidayOverrides : []) {
            if (o.holidayId !== r.holidayId || moved.has(o.year)) continue;
            const start = momentStart(r.holidayId, o.year, ctx.holidayOverrides, ctx.momentCache);
            if (start !== null && !start.known) moved.set(o.year, start.start);
          }
          for (const [year, start] of [...moved].sort((a, b) => a[0] - b[0])) {
            const date = dateOfEpochDay(gateEpochDay(start));
            add(
              id,
              "warning",
              `in ${year} an override moved the first day of '${r.holidayId}' to ${date}: the moment is unknown that year, so it plays from 00:00 on ${date}`,
              "recurrence.fromMoment",
            );
          }
        }
        break;
      default:
        bad(
          `unknown recurrence type '${String((r as { type?: unknown } | undefined)?.type)}'`,
          "recurrence.type",
        );
    }

    // --- dayparts
    const parts = compileDayparts(Array.isArray(s.dayparts) ? s.dayparts : []);
    for (const i of parts.invalid) {
      const d = s.dayparts[i];
      add(
        id,
        "error",
        d && d.start === d.end
          ? `daypart ${d.start}–${d.end} is empty (no daypart means the whole day)`
          : `daypart ${JSON.stringify(d)} is not HH:MM–HH:MM`,
        `dayparts.${i}`,
      );
    }

    // --- interrupt share
    if (s.kind === "interrupt") {
      const share = s.interrupt;
      if (!share) {
        add(
          id,
          "error",
          "an interrupt needs its share of the hour (secondsPerHour, slotsPerHour)",
          "interrupt",
        );
      } else {
        if (!Number.isFinite(share.secondsPerHour) || share.secondsPerHour <= 0) {
          add(
            id,
            "error",
            `secondsPerHour ${share.secondsPerHour} must be above 0`,
            "interrupt.secondsPerHour",
          );
        } else if (share.secondsPerHour > 3600) {
          add(
            id,
            "error",
            `secondsPerHour ${share.secondsPerHour} exceeds the 3600 seconds of an hour (it would take every slot whole)`,
            "interrupt.secondsPerHour",
          );
        } else if (share.secondsPerHour === 3600) {
          add(
            id,
            "warning",
            "takes the whole hour: nothing below it ever plays while it is active",
            "interrupt.secondsPerHour",
          );
        }
        if (!Number.isInteger(share.slotsPerHour) || share.slotsPerHour < 1) {
          add(
            id,
            "error",
            `slotsPerHour ${share.slotsPerHour} must be a whole number ≥ 1`,
            "interrupt.slotsPerHour",
          );
        } else if (share.secondsPerHour > 0 && share.secondsPerHour < share.slotsPerHour) {
          add(
            id,
            "warning",
            `${share.secondsPerHour} s over ${share.slotsPerHour} slots is less than a second per slot`,
            "interrupt",
          );
        }
      }
    } else if (s.interrupt) {
      add(
        id,
        "warning",
        "a share of the hour is only used by an interrupt schedule; it is ignored here",
        "interrupt",
      );
    }

    // --- can it ever occur in its range?
    if (rangeOk && recurrenceOk && s.enabled !== false) {
      const span = Math.round(OPEN_RANGE_YEARS * 365.2425);
      let from: number;
      let to: number;
      if (typeof lo === "number") {
        from = lo;
        to = typeof hi === "number" ? hi : lo + span;
      } else if (typeof hi === "number") {
        to = hi;
        from = hi < todayDay ? hi - span : Math.max(todayDay, hi - span);
      } else {
        from = todayDay;
        to = todayDay + span;
      }
      const rule = compileDateRule({ ...s, enabled: true }, ctx);
      let found = false;
      for (let d = from; d <= to && !found; d++) found = rule.isOn(d);
      if (!found) {
        let why = "";
        if (r.type === "weekly") why = ": none of its weekdays falls in that range";
        else if (r.type === "yearly" && r.month === 2 && r.day === 29)
          why = ": 29 February needs a leap year";
        else if (r.type === "lunar-yearly" && r.leap)
          why = `: no lunar year in that range has a leap month ${r.month}`;
        else if (r.type === "monthly") why = `: no month in that range has a day ${r.day}`;
        else if (r.type === "holiday") why = `: holiday '${r.holidayId}' has no day in that range`;
        add(
          id,
          "error",
          `never occurs between ${dateOfEpochDay(from)} and ${dateOfEpochDay(to)}${why}`,
          "recurrence",
        );
      }
    }

    // --- exact twins (same kind, priority, timing): collected, reported below
    if (s.enabled !== false) {
      const signature = JSON.stringify([
        s.kind,
        s.priority,
        dateRuleKey({ ...s, enabled: true }),
        [...(s.dayparts ?? [])].map((d) => `${d.start}-${d.end}`).sort(),
        s.kind === "interrupt" ? s.interrupt : null,
      ]);
      const group = twins.get(signature);
      if (group) group.push(s);
      else twins.set(signature, [s]);
    }
  }

  for (const group of twins.values()) {
    for (let j = 1; j < group.length; j++) {
      const b = group[j] as Schedule;
      for (let i = 0; i < j; i++) {
        const a = group[i] as Schedule;
        const shared = a.channels.includes("*")
          ? b.channels
          : b.channels.includes("*")
            ? a.channels
            : a.channels.filter((ch) => b.channels.includes(ch));
        if (shared.length === 0) continue;
        add(
          b.id,
          "warning",
          `same kind (${b.kind}), priority (${b.priority}) and times as '${a.id}' on ${shared
            .map((ch) => (ch === "*" ? "every channel" : `'${ch}'`))
            .join(", ")}: they will rotate`,
        );
        break;
      }
    }
  }

  return issues;
}
