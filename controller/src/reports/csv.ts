/**
 * A report as one CSV table in long form (one fact a row), so a province's office can pivot many
 * gates' files together in a spreadsheet. UTF-8 with a byte-order mark: spreadsheet programs
 * otherwise read Vietnamese as Latin-1.
 */

import type { GateReport, ScreenShownSection, ShownSection } from "../contract/reports.js";
import { csvCell } from "../text/csv.js";
import { categoryVi, languageVi, programVi, skipReasonVi } from "./labels-vi.js";

export const CSV_COLUMNS = ["section", "key", "label", "hours", "count", "from", "to", "note"] as const;
export type Cell = string | number | null;

function shownRows(prefix: string, section: ShownSection): Cell[][] {
  return [
    [`${prefix}_total`, "", "", section.totalHours, null, null, null, null],
    ...section.byProgram.map((r) => [
      `${prefix}_program`,
      r.key,
      programVi(r.key, r.label),
      r.hours,
      r.plays,
      null,
      null,
      null,
    ]),
    ...section.byLanguage.map((r) => [
      `${prefix}_language`,
      r.key,
      languageVi(r.key),
      r.hours,
      r.plays,
      null,
      null,
      null,
    ]),
    ...section.topItems.map((r) => [`${prefix}_item`, r.key, r.label, r.hours, r.plays, null, null, null]),
  ];
}

/** The screens' tables, then each screen's hours and what they skipped (counts, no hours). */
function screenRows(section: ScreenShownSection): Cell[][] {
  const skipped = section.skipped;
  return [
    ...shownRows("screen_shown", section),
    ...section.byScreen.map((r) => [
      "screen_shown_screen",
      r.key,
      r.label,
      r.hours,
      r.plays,
      null,
      null,
      null,
    ]),
    ["screen_skipped_total", "", "", null, skipped.total, null, null, null],
    ...skipped.byReason.map((r) => [
      "screen_skipped_reason",
      r.reason,
      skipReasonVi(r.reason),
      null,
      r.count,
      null,
      null,
      null,
    ]),
    ...skipped.topItems.map((i) => [
      "screen_skipped_item",
      i.itemId,
      i.label,
      null,
      i.count,
      null,
      null,
      null,
    ]),
  ];
}

export function reportCsv(report: GateReport): string {
  const rows: Cell[][] = [[...CSV_COLUMNS], ...reportRows(report)];
  return `\uFEFF${rows.map((r) => r.map(csvCell).join(",")).join("\r\n")}\r\n`;
}

/** The report's facts, one a row, in `CSV_COLUMNS` order (no header). */
export function reportRows(report: GateReport): Cell[][] {
  const use = report.kioskUse;
  return [
    [
      "report",
      report.gate.id,
      report.gate.name,
      null,
      null,
      report.period.from,
      report.period.to,
      `source=${report.source}; generated=${report.generatedAt}; last record=${report.lastRecordAt ?? "none"}`,
    ],
    ...shownRows("kiosk_shown", report.shown.kiosks),
    ...shownRows("sign_shown", report.shown.signs),
    ...screenRows(report.shown.screens),
    [
      "kiosk_sessions",
      "",
      "",
      Math.round((use.totalMinutes / 60) * 100) / 100,
      use.sessions,
      null,
      null,
      use.medianSeconds === null ? null : `median ${use.medianSeconds} s`,
    ],
    ...use.byLanguage.map((l) => [
      "kiosk_sessions_language",
      l.language,
      languageVi(l.language),
      Math.round((l.minutes / 60) * 100) / 100,
      l.sessions,
      null,
      null,
      null,
    ]),
    ...use.byCategory.map((c) => [
      "kiosk_category_opens",
      c.category,
      categoryVi(c.category),
      null,
      c.opens,
      null,
      null,
      null,
    ]),
    ...use.topItems.map((i) => ["kiosk_item_opens", i.itemId, i.label, null, i.opens, null, null, null]),
    ...(report.factsPastReview?.items ?? []).map((f) => [
      "fact_past_review",
      f.itemId,
      f.label,
      null,
      null,
      null,
      f.reviewBy,
      f.source,
    ]),
    ...report.signs.flatMap((s) => [
      [
        "sign_uptime",
        s.id,
        s.name,
        s.hoursOnline,
        s.outages.length,
        null,
        null,
        `uptime ${s.uptimePercent === null ? "n/a" : `${s.uptimePercent}%`}; observed ${s.hoursObserved} h; offline ${s.hoursOffline} h`,
      ],
      ...s.outages.map((o) => ["sign_outage", s.id, s.name, o.hours, null, o.startedAt, o.endedAt, o.reason]),
    ]),
  ];
}
