/**
 * The records a report is built from: a gate's own, or the copies its uploads left at the central
 * office (read by store/reports-repo.ts), labelled with the names a reader knows them by.
 */
import { gateDate } from "../domain/gate-time.js";
import type { Localized } from "../domain/types.js";
import { itemsPastReview } from "../store/content-repo.js";
import type { Db } from "../store/database.js";
import {
  gateTitles,
  heartbeatSigns,
  heldProgramNames,
  officeProgramLabels,
  type RecordSource,
  readReportRecords,
  uploadedScreens,
  uploadObservedUntil,
} from "../store/reports-repo.js";
import { type ReportInput, reportWindow } from "./build.js";
import type { ReportPeriod } from "./period.js";

/** A play starts at most a day before it ends (the kiosk's limit): look that far back. */
const PLAY_LOOKBACK_MS = 86_400_000;

function vi(text: Localized | undefined): string | undefined {
  if (!text) return undefined;
  return text.vi ?? Object.values(text).find((t) => typeof t === "string" && t.length > 0);
}

function readRecords(db: Db, source: RecordSource, period: ReportPeriod, observedUntil: number) {
  const since = new Date(Date.parse(period.startsAt) - PLAY_LOOKBACK_MS).toISOString();
  const { lo, hi } = reportWindow(period, observedUntil);
  return readReportRecords(db, source, { since, startsAt: period.startsAt, endsAt: period.endsAt, lo, hi });
}

/** A gate's report from its own tables. */
export function gateReportInput(
  db: Db,
  site: {
    id: string;
    name: Localized;
    signs: readonly { id: string; name: string }[];
    screens: readonly { id: string; name: string }[];
  },
  period: ReportPeriod,
  now: number,
): ReportInput {
  const records = readRecords(db, { kind: "gate" }, period, now);
  const items = new Map<string, string>();
  const titles = gateTitles(db);
  for (const item of titles.items) {
    // An LED message has no title: its text is what people know it by.
    const title = (vi(item.title) || vi(item.ledText))?.replace(/\s+/g, " ").trim();
    if (title) items.set(item.id, title);
  }
  for (const notice of titles.notices) {
    const title = vi(notice.title);
    if (title) items.set(`emergency:${notice.id}`, title);
  }
  const programs = new Map<string, string>();
  for (const held of heldProgramNames(db)) programs.set(`central:${held.programId}`, held.name);
  return {
    gate: { id: site.id, name: vi(site.name) ?? site.id },
    source: "gate",
    period,
    generatedAt: now,
    observedUntil: now,
    ...records,
    signs: site.signs.map((s) => ({ id: s.id, name: s.name })),
    screens: site.screens.map((s) => ({ id: s.id, name: s.name })),
    labels: { programs, items },
    // As of the day the report is made: a fact past review is a finding however old the period.
    factsPastReview: itemsPastReview(db, gateDate(now)).map((item) => ({
      itemId: item.id,
      source: item.facts?.source ?? "",
      reviewBy: item.facts?.reviewBy ?? "",
    })),
  };
}

/** A gate's report at the central office, from what the gate uploaded and its last heartbeat. */
export function centralReportInput(
  db: Db,
  gate: { id: string; name: string },
  period: ReportPeriod,
  now: number,
): ReportInput {
  const uploadedUntil = uploadObservedUntil(db, gate.id);
  // Nothing after the newest record the gate has sent is known here.
  const observedUntil = uploadedUntil ? Math.min(now, Date.parse(uploadedUntil)) : 0;
  const records = readRecords(db, { kind: "central", gate: gate.id }, period, observedUntil);
  const programs = new Map<string, string>();
  const items = new Map<string, string>();
  for (const program of officeProgramLabels(db)) {
    if (program.name) programs.set(`central:${program.id}`, program.name);
    for (const item of program.items) {
      const title = (vi(item.title) || vi(item.ledText))?.replace(/\s+/g, " ").trim();
      if (title) items.set(`p-${program.id}-${item.id}`, title);
    }
  }
  const signs = heartbeatSigns(db, gate.id);
  return {
    gate,
    source: "central",
    period,
    generatedAt: now,
    observedUntil,
    ...records,
    signs: signs.map((s) => ({ id: s.id, name: s.name ?? s.id })),
    // The screens the gate named in its uploads; an older gate names none: all its plays are kiosks'.
    screens: uploadedScreens(db, gate.id),
    labels: { programs, items },
  };
}
