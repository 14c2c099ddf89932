/**
 * The provinces report every six months: H1 is 1 January–30 June, H2 1 July–31 December, in gate-local
 * dates. Pure: the day is an argument, so no laptop's time zone gets in.
 */
import { type ConsoleLang, tr } from "./i18n.js";

export interface Period {
  /** `2026-H1`, `2026-H2`. */
  key: string;
  year: number;
  half: 1 | 2;
  /** Gate-local dates, both included. */
  from: string;
  to: string;
}

export function halfYear(year: number, half: 1 | 2): Period {
  return {
    key: `${year}-H${half}`,
    year,
    half,
    from: half === 1 ? `${year}-01-01` : `${year}-07-01`,
    to: half === 1 ? `${year}-06-30` : `${year}-12-31`,
  };
}

/** The period a gate-local date (`YYYY-MM-DD`) falls in. */
export function periodOf(date: string): Period {
  return halfYear(Number(date.slice(0, 4)), Number(date.slice(5, 7)) <= 6 ? 1 : 2);
}

/** The period of `today` and the `count - 1` before it, newest first. */
export function recentPeriods(today: string, count: number): Period[] {
  const periods = [periodOf(today)];
  while (periods.length < count) {
    const last = periods[periods.length - 1] as Period;
    periods.push(last.half === 2 ? halfYear(last.year, 1) : halfYear(last.year - 1, 2));
  }
  return periods;
}

/** "6 tháng đầu năm 2026", "6 tháng cuối năm 2026". */
export function periodLabel(p: Period, lang: ConsoleLang): string {
  return tr(lang, p.half === 1 ? "periodH1" : "periodH2", { year: p.year });
}
