/**
 * What the resolver returns. Shared by the channels (kiosk hub, sign drivers), the API's preview and
 * proof of play: nothing else computes "what plays".
 */
import type { Instant } from "../instant.js";
import type { ChannelKind, EmergencyNotice, ScheduleKind } from "../types.js";

/** A schedule as a reason names it: its level (kind), id, priority and the holiday it follows. */
export interface ReasonSchedule {
  readonly level: ScheduleKind;
  readonly scheduleId: string;
  readonly priority: number;
  readonly holiday?: string;
}

/**
 * Why an entry plays, as data: what `reason` says in English, for a reader that words it in its own
 * language (the console) with names instead of ids. Every field is an id or a number.
 */
export type EntryWhy =
  | (ReasonSchedule & {
      /** An interrupt's share of each hour. */
      readonly share?: { readonly secondsPerHour: number; readonly slotsPerHour: number };
      /**
       * Timed from the holiday's moment (`recurrence.fromMoment`): for `hours` from it; `known: false` when an
       * override moved that year's first day, so it runs from 00:00 of that day instead.
       */
      readonly fromMoment?: { readonly hours: number; readonly known: boolean };
      /**
       * The schedules of equal level and priority rotating together, in play order, this one included;
       * absent when it plays alone. One array shared by the group's entries.
       */
      readonly rotation?: readonly string[];
      /** The strongest schedule active below the winning group: the one this won over. */
      readonly over?: ReasonSchedule;
      /** Stronger schedules active at that instant with nothing playable on this channel's kind. */
      readonly skipped?: readonly ReasonSchedule[];
    })
  | { readonly level: "emergency"; readonly noticeId: string };

export interface ResolvedEntry {
  /** A content item id; for an emergency, the synthetic `emergency:<notice id>` (never a real item id). */
  itemId: string;
  /** null for an emergency notice. */
  scheduleId: string | null;
  /** The holiday rule the winning schedule follows (recurrence `holiday`), if any. */
  holiday?: string;
  /** The schedule's priority; 101 for an emergency (above every schedule). */
  priority: number;
  kind: ScheduleKind | "emergency";
  /**
   * Why this plays, for operators, e.g. "holiday program 'tet-greeting' (holiday tet-holiday, priority 60)
   * outranks normal 'morning' (priority 50)".
   */
  reason: string;
  /** The same reason as data (shared between the entries of a schedule: read-only). */
  why: EntryWhy;
}

export interface ChannelResolution {
  id: string;
  kind: ChannelKind;
  /**
   * In play order. Equal-priority winners rotate together: their items are concatenated in schedule-id order,
   * then playlist order. Empty when nothing plays. A frozen array, possibly shared (the emergency entry is the
   * same for every channel; equal segments of one timeline share theirs): read-only.
   */
  entries: readonly ResolvedEntry[];
}

export interface Resolution {
  /** The instant resolved. */
  at: Instant;
  gate: string;
  /** In the snapshot's channel order. */
  channels: ChannelResolution[];
  /** The emergency notice interrupting every channel, when one is active. */
  alert?: EmergencyNotice;
  /**
   * The first instant after `at` at which some channel's entries (items or reasons) or the alert differ;
   * null when nothing changes in the next 400 days.
   */
  nextChangeAt: Instant | null;
}

export interface TimelineSegment {
  /** Inclusive. */
  from: Instant;
  /** Exclusive. */
  to: Instant;
  entries: readonly ResolvedEntry[];
}

export interface LintIssue {
  scheduleId: string;
  /** Dotted path of the field at fault, e.g. `recurrence.day`, `channels.2`. */
  field?: string;
  severity: "error" | "warning";
  message: string;
}
