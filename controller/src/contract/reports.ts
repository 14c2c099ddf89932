/**
 * The six-monthly report of a gate, as `GET /api/v1/reports/…` answers it: what its kiosks, signs and
 * big screens showed (and what the screens had to skip), how travelers used the kiosks, and how reliable the signs were. The same shape comes from a
 * gate (its own records) and from the central office (what the gate uploaded); `?format=csv|html`
 * are renderings of it.
 */

/** Where a shown item came from: a central program, the gate's own content, or an alert. */
export type ProgramKey = `central:${string}` | "gate" | "pack" | "emergency";

export interface ShownRow {
  /** A ProgramKey, a language tag, or an item id, depending on the table. */
  key: string;
  /** For people: the program's or item's name when known, else the key. */
  label: string;
  hours: number;
  /** Kiosks: loop passes that showed it. Signs: spans during which the sign held it. */
  plays: number;
}

export interface ShownSection {
  totalHours: number;
  byProgram: ShownRow[];
  byLanguage: ShownRow[];
  /** The 20 items shown longest. */
  topItems: ShownRow[];
}

/** Why a screen's player skipped an item (contract/kiosk.ts SKIP_REASONS; other words kept as sent). */
export interface SkipReasonRow {
  reason: string;
  count: number;
}

/** Items the screens could not play (a broken or unsupported video, a missing file) and skipped. */
export interface SkippedSection {
  total: number;
  byReason: SkipReasonRow[];
  /** The 20 items skipped most often. */
  topItems: { itemId: string; label: string; count: number }[];
}

/** What the big screens showed: the kiosks' tables, per screen, and what they skipped. */
export interface ScreenShownSection extends ShownSection {
  /** Hours and plays per screen (key: the screen id; label: its name); every known screen, even idle. */
  byScreen: ShownRow[];
  skipped: SkippedSection;
}

export interface KioskUseSection {
  sessions: number;
  totalMinutes: number;
  /** Median length of a traveler's use; null without sessions. */
  medianSeconds: number | null;
  byLanguage: { language: string; sessions: number; minutes: number }[];
  /** Opens of each category page (`category:<id>` in the sessions' pages). */
  byCategory: { category: string; opens: number }[];
  /** Opens of item pages, the 20 most read. */
  topItems: { itemId: string; label: string; opens: number }[];
}

export interface SignOutage {
  startedAt: string;
  /** null: still out at the end of the report's data. */
  endedAt: string | null;
  hours: number;
  reason: string;
}

export interface SignUptime {
  id: string;
  name: string;
  /** Hours of the period the controller watched the sign (from its first record on). */
  hoursObserved: number;
  hoursOnline: number;
  hoursOffline: number;
  /** online ÷ observed, 0–100 with one decimal; null when nothing was observed. */
  uptimePercent: number | null;
  outages: SignOutage[];
}

export interface GateReport {
  gate: { id: string; name: string };
  period: {
    /** Gate-local dates, both included. */
    from: string;
    to: string;
    /** The instants they stand for (00:00 on `from`, 24:00 on `to`, Asia/Ho_Chi_Minh). */
    startsAt: string;
    endsAt: string;
    timezone: "Asia/Ho_Chi_Minh";
  };
  generatedAt: string;
  /** `gate`: the gate's own records. `central`: what the gate uploaded to the central office. */
  source: "gate" | "central";
  /** The latest record the report saw; at the central, how current the gate's uploads are. */
  lastRecordAt: string | null;
  /**
   * Kiosks: plays on kiosk groups' channels. Screens: plays on the gate's screens (site file
   * `screens[]`; at the central, the screens the gate named in its uploads; an older gate that names
   * none has all its plays counted as kiosks').
   */
  shown: { kiosks: ShownSection; signs: ShownSection; screens: ScreenShownSection };
  kioskUse: KioskUseSection;
  signs: SignUptime[];
}
