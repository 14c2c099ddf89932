/**
 * What every channel shows at an instant, and why: `GET /now?at=&draft=`, the resolver's answer as
 * the console's overview and preview read it.
 */
import type { ChannelKind, EmergencyNotice, ScheduleKind } from "./content.js";

/** A schedule as a reason names it. */
export interface NowReasonSchedule {
  level: ScheduleKind;
  scheduleId: string;
  priority: number;
  /** The holiday rule it follows (`tet-holiday`): `GET /calendar` names it. */
  holiday?: string;
}

/**
 * Why an entry plays, as data (`reason` says the same in English): ids and numbers a client words in
 * its own language, naming schedules, holidays and notices.
 */
export type NowWhy =
  | (NowReasonSchedule & {
      /** An interrupt's share of each hour. */
      share?: { secondsPerHour: number; slotsPerHour: number };
      /**
       * Timed from the holiday's moment (Khmer New Year's Songkran): on for `hours` from it. `known: false`:
       * the central office moved that year's first day, so it runs from 00:00 of that day instead.
       */
      fromMoment?: { hours: number; known: boolean };
      /** The schedules rotating together (equal level and priority), in play order, this one included. */
      rotation?: readonly string[];
      /** The strongest schedule active below the winning group: the one this won over. */
      over?: NowReasonSchedule;
      /** Stronger schedules active then with nothing playable on this channel's kind. */
      skipped?: readonly NowReasonSchedule[];
    })
  | { level: "emergency"; noticeId: string };

export interface NowEntry {
  itemId: string;
  /** @deprecated The same id on LED entries, kept one release for older clients: read `itemId`. */
  messageId?: string;
  scheduleId: string | null;
  holiday?: string;
  priority: number;
  level: "interrupt" | "holiday" | "normal" | "default" | "emergency";
  /** Why, in English, for logs and API clients. */
  reason: string;
  /** Why, as data. */
  why: NowWhy;
}

/** The emergency notice showing at that instant, as the resolver chose it. */
export type NowAlert = Omit<EmergencyNotice, "clearedAt">;

export interface NowAnswer {
  at: string;
  gate: string;
  /** `name`: the kiosk group's or sign's name in the site file. */
  channels: { id: string; kind: ChannelKind; name: string; entries: NowEntry[] }[];
  alert?: NowAlert;
  nextChangeAt: string | null;
  /** Present when asked with `draft`: the drafts were laid over live content. */
  draft?: boolean;
}
