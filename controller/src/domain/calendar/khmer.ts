/**
 * Khmer New Year (Chaul Chnam Thmey) by the traditional Soriyatra Lerng Sak computation: the Khmer
 * form of the Suriyayatra (Thai สุริยยาตร์, the South-East Asian descendant of the Surya Siddhanta)
 * that Cambodian almanacs (Horas) use to announce Moha Songkran.
 *
 * The published rules followed here (our own implementation; see docs/calendars.md for the sources):
 *
 *  1. Years are counted in the Chula Sakarat / Jolak Sakaraj era: the year that begins in April of
 *     Gregorian year Y is JS = Y − 638. A solar year lasts 292207/800 days; one day is 800 kammaja.
 *  2. Horakhun (Aharkun), the day count at Lerng Sak of year JS, is ⌊(292207·JS + 373) / 800⌋ + 1,
 *     counting 1 on Lerng Sak of JS 0, Sunday 22 March 638 (Julian). Kromathupol, the kammaja left in
 *     that day after the mean new year, is 800 − ((292207·JS + 373) mod 800). A year whose Kromathupol
 *     is at most 207 has 366 days to the next Lerng Sak, else 365.
 *  3. Sotin s is the s-th day after the previous year's Lerng Sak. The mean sun at the end of sotin s
 *     is 800·s + Kromathupol(JS − 1) kammaja, read as rasi (24350 each), angsa (811 each) and libda
 *     (14 each, less 3): the traditional rounding, kept as published.
 *  4. The true sun (Sompoth) is the mean sun corrected by the Chhaya table: the anomaly is the mean sun
 *     less the apogee at 2 rasi 20°, reduced to its quadrant, cut into khan of 15° whose equations are
 *     0, 35, 67, 94, 116, 129, 134 libda, interpolated linearly inside a khan (rounded down); it is
 *     subtracted while the anomaly is under 6 rasi and added after.
 *  5. Of the last four sotins of the old year (the Lerng Sak day is the last), the first whose true
 *     sun lies in the first angsa of Mesa (Aries) is Moha Songkran day: the sun entered Aries that
 *     day, libda × 24 minutes before the following midnight (the sun moves about one libda in 24
 *     minutes; at libda 0 the moment is that day's 24:00, e.g. 2032). The days between it and Lerng Sak are Vanabat: one, or two when Songkran falls on the
 *     first of the four candidates. The New Year is Songkran, Vanabat, Lerng Sak: 3 or 4 days.
 *  6. Days and the moment are reckoned in Cambodian civil time, UTC+7.
 *
 * Pure integer arithmetic on day numbers: no `Date`, independent of the process time zone.
 */
import type { Instant } from "../instant.js";
import { JDN_OF_DAY_ZERO } from "./civil.js";

export interface KhmerNewYear {
  /** Gregorian year. */
  year: number;
  /** Jolak Sakaraj (Chula Sakarat) year that begins. */
  jsYear: number;
  /** Day number (days from 1970-01-01) of Moha Songkran, the first day. */
  songkranDay: number;
  /** Day number of Lerng Sak (Thaloeng Sak), the last day. */
  lerngSakDay: number;
  vanabatDays: 1 | 2;
  /** 3 or 4: Songkran, the Vanabat day(s), Lerng Sak. */
  days: 3 | 4;
  /** The Moha Songkran moment (the sun entering Aries), whole minutes. */
  songkranAt: Instant;
}

/** The years the computation is checked for (it is defined outside them, but not verified). */
export const KHMER_MIN_YEAR = 1900;
export const KHMER_MAX_YEAR = 2100;

const YEAR_KAMMAJA = 292207;
const DAY_KAMMAJA = 800;
const ERA_KAMMAJA = 373;
/** Gregorian year − Jolak Sakaraj year that begins in its April. */
const JS_OFFSET = 638;
/** JDN of Horakhun 1: Lerng Sak of JS 0, Sunday 22 March 638 (Julian calendar). */
const HORAKHUN_ONE_JDN = 1954168;
/** Kammaja per rasi and per angsa of the mean sun, kammaja per libda, and the libda correction. */
const RASI_KAMMAJA = 24350;
const ANGSA_KAMMAJA = 811;
const LIBDA_KAMMAJA = 14;
const LIBDA_CORRECTION = 3;
/** Positions in libda (minutes of arc). */
const LIBDA_PER_ANGSA = 60;
const LIBDA_PER_RASI = 30 * LIBDA_PER_ANGSA;
const LIBDA_PER_CIRCLE = 12 * LIBDA_PER_RASI;
/** Apogee of the sun: 2 rasi 20 angsa. */
const APOGEE_LIBDA = 2 * LIBDA_PER_RASI + 20 * LIBDA_PER_ANGSA;
/** A khan is half a rasi (15°). */
const KHAN_LIBDA = LIBDA_PER_RASI / 2;
/** Chhaya (equation of centre) at the start of khan 0…6, in libda. */
const CHHAYA = [0, 35, 67, 94, 116, 129, 134] as const;

const CAMBODIA_OFFSET_MS = 7 * 3_600_000;
const MINUTES_PER_LIBDA = 24;

function horakhunParts(jsYear: number): { horakhun: number; kromathupol: number } {
  const h = YEAR_KAMMAJA * jsYear + ERA_KAMMAJA;
  const rem = ((h % DAY_KAMMAJA) + DAY_KAMMAJA) % DAY_KAMMAJA;
  return { horakhun: (h - rem) / DAY_KAMMAJA + 1, kromathupol: DAY_KAMMAJA - rem };
}

/** Day number of Lerng Sak of Jolak Sakaraj year `jsYear`. */
function lerngSakDayOf(jsYear: number): number {
  return HORAKHUN_ONE_JDN + horakhunParts(jsYear).horakhun - 1 - JDN_OF_DAY_ZERO;
}

/** The mean sun in libda at the end of sotin `sotin`, from the previous year's Kromathupol. */
function meanSunLibda(sotin: number, previousKromathupol: number): number {
  const kammaja = DAY_KAMMAJA * sotin + previousKromathupol;
  const rasi = Math.floor(kammaja / RASI_KAMMAJA);
  const inRasi = kammaja % RASI_KAMMAJA;
  const angsa = Math.floor(inRasi / ANGSA_KAMMAJA);
  const libda = Math.floor((inRasi % ANGSA_KAMMAJA) / LIBDA_KAMMAJA) - LIBDA_CORRECTION;
  return rasi * LIBDA_PER_RASI + angsa * LIBDA_PER_ANGSA + libda;
}

/** The true sun (Sompoth) in libda: the mean sun corrected by the Chhaya table. */
function trueSunLibda(mean: number): number {
  let anomaly = mean - APOGEE_LIBDA;
  if (anomaly < 0) anomaly += LIBDA_PER_CIRCLE;
  const kaen = Math.floor(anomaly / LIBDA_PER_RASI); // 0…11 (12 only at exactly a full circle)
  const half = LIBDA_PER_CIRCLE / 2;
  const quarter = LIBDA_PER_CIRCLE / 4;
  // The anomaly folded into 0…90°.
  let arg: number;
  if (anomaly < quarter) arg = anomaly;
  else if (anomaly < half) arg = half - anomaly;
  else if (anomaly < half + quarter) arg = anomaly - half;
  else arg = LIBDA_PER_CIRCLE - anomaly;
  const khan = Math.floor(arg / KHAN_LIBDA);
  const within = arg - khan * KHAN_LIBDA;
  const base = CHHAYA[khan] as number;
  const next = CHHAYA[khan + 1] ?? base;
  const equation = base + Math.floor((within * (next - base)) / KHAN_LIBDA);
  return kaen <= 5 ? mean - equation : mean + equation;
}

const cache = new Map<number, KhmerNewYear>();

/** Khmer New Year of Gregorian `year` by the traditional computation. Throws RangeError on a non-integer. */
export function khmerNewYear(year: number): KhmerNewYear {
  if (!Number.isInteger(year)) throw new RangeError(`Year must be an integer: ${year}`);
  const hit = cache.get(year);
  if (hit !== undefined) return hit;

  const jsYear = year - JS_OFFSET;
  const previous = horakhunParts(jsYear - 1);
  const yearLength = horakhunParts(jsYear).horakhun - previous.horakhun; // 365 or 366
  const previousLerngSak = lerngSakDayOf(jsYear - 1);

  // Sotins yearLength−3 … yearLength: the last is Lerng Sak; Songkran is one of the first two.
  for (let sotin = yearLength - 3; sotin <= yearLength - 2; sotin++) {
    const sun = trueSunLibda(meanSunLibda(sotin, previous.kromathupol));
    const rasi = Math.floor(sun / LIBDA_PER_RASI) % 12;
    const angsa = Math.floor((sun % LIBDA_PER_RASI) / LIBDA_PER_ANGSA);
    if (rasi !== 0 || angsa !== 0) continue;
    const libda = sun % LIBDA_PER_ANGSA;
    const songkranDay = previousLerngSak + sotin;
    const vanabatDays = (yearLength - sotin - 1) as 1 | 2;
    const result: KhmerNewYear = {
      year,
      jsYear,
      songkranDay,
      lerngSakDay: previousLerngSak + yearLength,
      vanabatDays,
      days: (vanabatDays + 2) as 3 | 4,
      // The end of the Songkran day in Cambodia, less libda × 24 minutes.
      songkranAt: (songkranDay + 1) * 86_400_000 - CAMBODIA_OFFSET_MS - libda * MINUTES_PER_LIBDA * 60_000,
    };
    cache.set(year, result);
    return result;
  }
  throw new Error(`Khmer New Year ${year}: no Moha Songkran among the last sotins of JS ${jsYear - 1}`);
}

/** Forgets the cached years (for benchmarks that time the cold computation). */
export function clearKhmerCache(): void {
  cache.clear();
}
