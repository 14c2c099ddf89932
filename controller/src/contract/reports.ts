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
  /**
   * The first and last instants of the period it was watched (null: never), so a timeline starts
   * where the records do. Absent from reports made before it was added.
   */
  watched?: { from: string; to: string } | null;
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
  /** The weekly series the charts are drawn from; absent in reports made before they existed. */
  weekly?: ReportWeekly;
  /**
   * The gate's items whose facts (hours, rules, numbers) were past their review date when the report
   * was made (`facts.reviewBy` before that gate-local day). Absent at the central office, which does
   * not hold the gate's items.
   */
  factsPastReview?: FactsPastReviewSection;
}

export interface FactsPastReviewSection {
  count: number;
  /** Longest overdue first. */
  items: { itemId: string; label: string; source: string; reviewBy: string }[];
}

/** The charts a report can be drawn as (`format=svg&chart=…`). */
export const CHART_KINDS = [
  "hours-by-language",
  "hours-by-program",
  "kiosk-use-by-language",
  "sign-uptime",
] as const;
export type ChartKind = (typeof CHART_KINDS)[number];

/** One week of a report: seven gate-local days counted from the period's first (the last may be shorter). */
export interface ReportWeek {
  /** Gate-local dates, both included. */
  from: string;
  to: string;
}

/** One line of a weekly chart: a value for each of `ReportWeekly.weeks`, in order. */
export interface WeeklySeries {
  /** A language tag or a ProgramKey. */
  key: string;
  /** For people: the program's name when known, else the key (languages: the tag). */
  label: string;
  values: number[];
}

export interface ReportWeekly {
  weeks: ReportWeek[];
  /** Hours shown on all displays (kiosks, big screens, LED signs) per week, by language (`*`: alerts). */
  hoursByLanguage: WeeklySeries[];
  /** The same hours by program (ProgramKey). */
  hoursByProgram: WeeklySeries[];
  /** Travelers' kiosk sessions per week, by the language they chose. */
  kioskSessionsByLanguage: WeeklySeries[];
}

/** A run of gate-local dates, both included. */
export interface DateRange {
  from: string;
  to: string;
}

/** Which days of a period a gate's uploads cover (a day with any record the gate uploaded). */
export interface GateCoverage {
  gate: { id: string; name: string };
  /** Every day of the period has records. */
  complete: boolean;
  days: number;
  daysCovered: number;
  covered: DateRange[];
  missing: DateRange[];
  /** The newest record the gate has uploaded (any period), or null when it never uploaded. */
  lastRecordAt: string | null;
}

/** The province's totals, each beside the same figure for the period before. */
export const PROVINCE_METRICS = [
  "shown_hours",
  "shown_hours_kiosks",
  "shown_hours_signs",
  "shown_hours_screens",
  "kiosk_sessions",
  "kiosk_minutes",
  "screen_skips",
  "sign_hours_online",
  "sign_hours_offline",
  "sign_uptime_percent",
  "sign_outages",
] as const;
export type ProvinceMetric = (typeof PROVINCE_METRICS)[number];

export interface ProvinceTotal {
  metric: ProvinceMetric;
  /** null: nothing to measure (uptime without any sign observed). */
  value: number | null;
  previous: number | null;
  /** Compared with the period before; null when either side is null. */
  change: "up" | "down" | "same" | null;
}

/** The report across a central office's gates: the province's totals first, then each gate's own report. */
export interface ProvinceReport {
  kind: "province";
  period: GateReport["period"];
  /** The period of the same length just before, which the totals are compared with. */
  previousPeriod: GateReport["period"];
  generatedAt: string;
  /** The gates asked for, in `central.gates` order. */
  gates: { id: string; name: string }[];
  totals: ProvinceTotal[];
  /** Hours shown on all displays of all gates, by language and by program (rows as in ShownSection). */
  shownByLanguage: ShownRow[];
  shownByProgram: ShownRow[];
  kioskUseByLanguage: KioskUseSection["byLanguage"];
  coverage: GateCoverage[];
  previousCoverage: GateCoverage[];
  /** The gates' weekly series added up. */
  weekly: ReportWeekly;
  /** Each gate's report, equal to `GET /central/reports/{gate}` for the same period. */
  sections: GateReport[];
}

/**
 * A six-monthly province report the central office prepared on its own (1 January and 1 July), as
 * `GET /central/report-files` lists it; the PDF is at `url`.
 */
export interface ReportFile {
  /** `2026-H1`, `2026-H2`. */
  period: string;
  from: string;
  to: string;
  bytes: number;
  /** How many gates it covers. */
  gates: number;
  createdAt: string;
  url: string;
  /** The console shows a notice until an admin dismisses it or until `noticeUntil`. */
  notice: boolean;
  noticeUntil: string;
}

/** `GET /central/report-files`: the files kept, newest first, and the job's next run and last outcome. */
export interface ReportFiles {
  files: ReportFile[];
  nextRunAt: string;
  lastRunAt: string | null;
  lastOutcome: "ok" | "failed" | null;
  lastMessage: string | null;
}
