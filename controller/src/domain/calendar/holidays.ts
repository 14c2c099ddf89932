/**
 * The holidays a gate knows about: Vietnamese public holidays (Labour Code 2019, art. 112),
 * commemorations, and the neighbours' holidays (China, Laos, Cambodia).
 *
 * Every rule yields at most one default occurrence per Gregorian year. An override
 * `{holidayId, year, date, endDate?}` from the central office replaces the default occurrence of that
 * rule for that year (any rule: the government fixes Lao and Khmer New Year each year, and may move
 * the Vietnamese days off). Several overrides for the same rule and year all apply (a split holiday).
 *
 * Pure functions on day numbers: no I/O, no `Date`, independent of the process time zone.
 * docs/calendars.md gives the source of every rule and the years checked.
 */
import type { Instant } from "../instant.js";
import type { HolidayOverride, IsoDate, Localized } from "../types.js";
import { civilToDayNumber, fromDayNumber, parseIsoDate, toDayNumber } from "./civil.js";
import { clearKhmerCache, khmerNewYear } from "./khmer.js";
import { clearLunarCache, type LunarCalendar, lunarNewYear, lunarToSolar } from "./lunar.js";

export interface HolidayRule {
  id: string;
  /** vi, en, zh-Hans, lo, km all filled. */
  name: Localized;
  kind: "public" | "commemoration" | "neighbour" | "festival";
  country: "VN" | "CN" | "LA" | "KH";
  /** true when a government fixes the date each year: defaults given, overrides accepted */
  fixedYearly: boolean;
  /** First year with an occurrence (the founding year of an anniversary); absent = every year. */
  since?: number;
}

export interface HolidayOccurrence {
  id: string;
  date: IsoDate;
  /** Inclusive, only when the occurrence lasts more than one day. */
  endDate?: IsoDate;
  name: Localized;
  /**
   * The instant the holiday begins astronomically, when its rule defines one: the Moha Songkran moment
   * of a computed Khmer New Year. An override keeps it only when it starts on the computed first day (it
   * confirms the days); one that moves the first day has none (the moment is unknown that year).
   */
  moment?: Instant;
}

/** An inclusive span of day numbers, with the instant it begins when the rule defines one. */
interface Span {
  start: number;
  end: number;
  moment?: Instant;
}

interface RuleDef {
  rule: HolidayRule;
  /** The default span that starts in Gregorian `year` (before `since` is applied). */
  span(year: number): Span;
  /** True when `span` gives the instant the holiday begins (`Span.moment`). */
  timed: boolean;
}

function fixedDate(month: number, day: number, days = 1): (year: number) => Span {
  return (year) => {
    const start = civilToDayNumber(year, month, day);
    return { start, end: start + days - 1 };
  };
}

function lunarDate(calendar: LunarCalendar, month: number, day: number): (year: number) => Span {
  return (year) => {
    const iso = lunarToSolar(calendar, year, month, day);
    // Only days 1–29 of regular months are used here, and those always exist.
    if (iso === null) throw new Error(`No lunar ${month}/${day} in ${calendar} year ${year}`);
    const start = toDayNumber(iso);
    return { start, end: start };
  };
}

function lunarNewYearDay(calendar: LunarCalendar): (year: number) => Span {
  return (year) => {
    const start = toDayNumber(lunarNewYear(calendar, year));
    return { start, end: start };
  };
}

/**
 * Khmer New Year by the Soriyatra Lerng Sak computation (khmer.ts): Moha Songkran through Lerng Sak,
 * 3 or 4 days, in Cambodian time. The sub-decree each year follows it; an override still wins.
 */
function khmerNewYearSpan(year: number): Span {
  const k = khmerNewYear(year);
  return { start: k.songkranDay, end: k.lerngSakDay, moment: k.songkranAt };
}

/**
 * Tết days off. Labour Code 2019 art. 112 gives 5 days for Tết and lets the Prime Minister pick them
 * each year. Default here: the last day of the lunar year (29 or 30 Tết) through the 4th day of
 * month 1, i.e. 5 days starting the day before Tết. The real days (and the weekend days around them)
 * are announced every year: the central office sends them as an override.
 */
function tetDaysOff(year: number): Span {
  const tet = toDayNumber(lunarNewYear("vi", year));
  return { start: tet - 1, end: tet + 3 };
}

function rule(
  id: string,
  kind: HolidayRule["kind"],
  country: HolidayRule["country"],
  name: Required<Pick<Localized, "vi" | "en" | "zh-Hans" | "lo" | "km">>,
  span: (year: number) => Span,
  options: { fixedYearly?: boolean; since?: number; timed?: boolean } = {},
): RuleDef {
  const r: HolidayRule = {
    id,
    name: Object.freeze({ ...name }),
    kind,
    country,
    fixedYearly: options.fixedYearly ?? false,
  };
  if (options.since !== undefined) r.since = options.since;
  return { rule: Object.freeze(r), span, timed: options.timed ?? false };
}

const RULE_DEFS: readonly RuleDef[] = [
  rule(
    "new-year",
    "public",
    "VN",
    {
      vi: "Tết Dương lịch",
      en: "New Year's Day",
      "zh-Hans": "元旦",
      lo: "ວັນປີໃໝ່ສາກົນ",
      km: "ទិវាចូលឆ្នាំសកល",
    },
    fixedDate(1, 1),
  ),
  rule(
    "vn-china-relations",
    "commemoration",
    "VN",
    {
      vi: "Ngày thiết lập quan hệ ngoại giao Việt Nam – Trung Quốc (1950)",
      en: "Anniversary of Viet Nam–China diplomatic relations (1950)",
      "zh-Hans": "越中建交纪念日（1950年）",
      lo: "ວັນສ້າງຕັ້ງສາຍພົວພັນການທູດ ຫວຽດນາມ – ຈີນ (1950)",
      km: "ខួបនៃការបង្កើតទំនាក់ទំនងការទូតវៀតណាម–ចិន (១៩៥០)",
    },
    fixedDate(1, 18),
    { since: 1950 },
  ),
  rule(
    "tet",
    "public",
    "VN",
    {
      vi: "Tết Nguyên đán",
      en: "Lunar New Year (Tết)",
      "zh-Hans": "越南春节（农历新年）",
      lo: "ບຸນເຕັດ (ປີໃໝ່ປະເພນີຫວຽດນາມ)",
      km: "បុណ្យចូលឆ្នាំប្រពៃណីវៀតណាម (តេត)",
    },
    lunarNewYearDay("vi"),
  ),
  rule(
    "tet-holiday",
    "public",
    "VN",
    {
      vi: "Nghỉ Tết Nguyên đán",
      en: "Lunar New Year (Tết) holiday",
      "zh-Hans": "越南春节假期",
      lo: "ວັນພັກບຸນເຕັດ (ຫວຽດນາມ)",
      km: "ថ្ងៃឈប់សម្រាកបុណ្យចូលឆ្នាំវៀតណាម (តេត)",
    },
    tetDaysOff,
  ),
  rule(
    "chinese-new-year",
    "neighbour",
    "CN",
    {
      vi: "Tết Nguyên đán Trung Quốc (Xuân Tiết)",
      en: "Chinese New Year (Spring Festival)",
      "zh-Hans": "春节",
      lo: "ບຸນກຸດຈີນ",
      km: "បុណ្យចូលឆ្នាំចិន",
    },
    lunarNewYearDay("zh"),
  ),
  rule(
    "border-guard-day",
    "commemoration",
    "VN",
    {
      vi: "Ngày truyền thống Bộ đội Biên phòng và Ngày Biên phòng toàn dân",
      en: "Border Guard Day and All-People Border Defence Day",
      "zh-Hans": "越南边防部队传统日暨全民边防日",
      lo: "ວັນປະເພນີທະຫານປ້ອງກັນຊາຍແດນ ແລະ ວັນປ້ອງກັນຊາຍແດນທົ່ວປວງຊົນ (ຫວຽດນາມ)",
      km: "ទិវាប្រពៃណីកងការពារព្រំដែន និងទិវាការពារព្រំដែនរបស់ប្រជាជនទាំងមូល (វៀតណាម)",
    },
    fixedDate(3, 3),
    { since: 1959 },
  ),
  rule(
    "hung-kings",
    "public",
    "VN",
    {
      vi: "Giỗ Tổ Hùng Vương",
      en: "Hùng Kings' Commemoration Day",
      "zh-Hans": "雄王祭祖日",
      lo: "ວັນລະນຶກບັນດາກະສັດຮຸ່ງ (ຫວຽດນາມ)",
      km: "ទិវារំលឹកស្ដេចហ៊ុង (វៀតណាម)",
    },
    lunarDate("vi", 3, 10),
  ),
  rule(
    "lao-new-year",
    "neighbour",
    "LA",
    {
      vi: "Tết Bunpimay (Tết cổ truyền Lào)",
      en: "Lao New Year (Pi Mai)",
      "zh-Hans": "老挝新年（泼水节）",
      lo: "ບຸນປີໃໝ່ລາວ",
      km: "បុណ្យចូលឆ្នាំថ្មីប្រពៃណីឡាវ",
    },
    // Traditionally 14–16 April; the Prime Minister's Office announces the days each year (override).
    fixedDate(4, 14, 3),
    { fixedYearly: true },
  ),
  rule(
    "khmer-new-year",
    "neighbour",
    "KH",
    {
      vi: "Tết Chôl Chnăm Thmây (Tết cổ truyền Campuchia)",
      en: "Khmer New Year (Chol Chnam Thmey)",
      "zh-Hans": "柬埔寨新年",
      lo: "ບຸນປີໃໝ່ກຳປູເຈຍ",
      km: "បុណ្យចូលឆ្នាំថ្មីប្រពៃណីជាតិ",
    },
    // Computed (Soriyatra Lerng Sak); the yearly sub-decree follows it, and an override still wins.
    khmerNewYearSpan,
    { fixedYearly: true, timed: true },
  ),
  rule(
    "reunification-day",
    "public",
    "VN",
    {
      vi: "Ngày Giải phóng miền Nam, thống nhất đất nước",
      en: "Reunification Day (Liberation of the South)",
      "zh-Hans": "越南南方解放、国家统一日",
      lo: "ວັນປົດປ່ອຍພາກໃຕ້ ທ້ອນໂຮມປະເທດຊາດ (ຫວຽດນາມ)",
      km: "ទិវារំដោះភាគខាងត្បូង និងបង្រួបបង្រួមប្រទេសជាតិ (វៀតណាម)",
    },
    fixedDate(4, 30),
    { since: 1975 },
  ),
  rule(
    "labour-day",
    "public",
    "VN",
    {
      vi: "Ngày Quốc tế Lao động",
      en: "International Labour Day",
      "zh-Hans": "国际劳动节",
      lo: "ວັນກຳມະກອນສາກົນ",
      km: "ទិវាពលកម្មអន្តរជាតិ",
    },
    fixedDate(5, 1),
  ),
  rule(
    "vn-cambodia-relations",
    "commemoration",
    "VN",
    {
      vi: "Ngày thiết lập quan hệ ngoại giao Việt Nam – Campuchia (1967)",
      en: "Anniversary of Viet Nam–Cambodia diplomatic relations (1967)",
      "zh-Hans": "越柬建交纪念日（1967年）",
      lo: "ວັນສ້າງຕັ້ງສາຍພົວພັນການທູດ ຫວຽດນາມ – ກຳປູເຈຍ (1967)",
      km: "ខួបនៃការបង្កើតទំនាក់ទំនងការទូតវៀតណាម–កម្ពុជា (១៩៦៧)",
    },
    fixedDate(6, 24),
    { since: 1967 },
  ),
  rule(
    "national-day",
    "public",
    "VN",
    {
      vi: "Quốc khánh",
      en: "National Day (Viet Nam)",
      "zh-Hans": "越南国庆节",
      lo: "ວັນຊາດຫວຽດນາມ",
      km: "ទិវាជាតិវៀតណាម",
    },
    // Labour Code 2019 art. 112: 2 September and one day before or after it, chosen each year.
    fixedDate(9, 2, 2),
    { since: 1945 },
  ),
  rule(
    "vn-laos-relations",
    "commemoration",
    "VN",
    {
      vi: "Ngày thiết lập quan hệ ngoại giao Việt Nam – Lào (1962)",
      en: "Anniversary of Viet Nam–Laos diplomatic relations (1962)",
      "zh-Hans": "越老建交纪念日（1962年）",
      lo: "ວັນສ້າງຕັ້ງສາຍພົວພັນການທູດ ຫວຽດນາມ – ລາວ (1962)",
      km: "ខួបនៃការបង្កើតទំនាក់ទំនងការទូតវៀតណាម–ឡាវ (១៩៦២)",
    },
    fixedDate(9, 5),
    { since: 1962 },
  ),
  rule(
    "mid-autumn-vn",
    "festival",
    "VN",
    {
      vi: "Tết Trung thu",
      en: "Mid-Autumn Festival (Viet Nam)",
      "zh-Hans": "越南中秋节",
      lo: "ບຸນໄຫວ້ພະຈັນ (ຫວຽດນາມ)",
      km: "បុណ្យសែនព្រះខែ (វៀតណាម)",
    },
    lunarDate("vi", 8, 15),
  ),
  rule(
    "mid-autumn-cn",
    "festival",
    "CN",
    {
      vi: "Tết Trung thu Trung Quốc",
      en: "Mid-Autumn Festival (China)",
      "zh-Hans": "中秋节",
      lo: "ບຸນໄຫວ້ພະຈັນ (ຈີນ)",
      km: "បុណ្យសែនព្រះខែ (ចិន)",
    },
    lunarDate("zh", 8, 15),
  ),
  rule(
    "china-national-day",
    "neighbour",
    "CN",
    {
      vi: "Quốc khánh Trung Quốc",
      en: "National Day (China)",
      "zh-Hans": "中国国庆节",
      lo: "ວັນຊາດຈີນ",
      km: "ទិវាជាតិចិន",
    },
    fixedDate(10, 1),
    { since: 1949 },
  ),
  rule(
    "cambodia-independence-day",
    "neighbour",
    "KH",
    {
      vi: "Ngày Độc lập Campuchia",
      en: "Independence Day (Cambodia)",
      "zh-Hans": "柬埔寨独立日",
      lo: "ວັນເອກະລາດກຳປູເຈຍ",
      km: "ពិធីបុណ្យឯករាជ្យជាតិ",
    },
    fixedDate(11, 9),
    { since: 1953 },
  ),
  rule(
    "lao-national-day",
    "neighbour",
    "LA",
    {
      vi: "Quốc khánh Lào",
      en: "National Day (Laos)",
      "zh-Hans": "老挝国庆节",
      lo: "ວັນຊາດ ສປປ ລາວ",
      km: "ទិវាជាតិឡាវ",
    },
    fixedDate(12, 2),
    { since: 1975 },
  ),
];

export const HOLIDAY_RULES: readonly HolidayRule[] = Object.freeze(RULE_DEFS.map((d) => d.rule));

const RULE_INDEX = new Map<string, number>(RULE_DEFS.map((d, i) => [d.rule.id, i]));

/** The rule with that id, if any (to validate overrides and recurrences before storing them). */
export function holidayRule(id: string): HolidayRule | undefined {
  const i = RULE_INDEX.get(id);
  return i === undefined ? undefined : RULE_DEFS[i]?.rule;
}

/**
 * Does the rule give the instant the holiday begins (`HolidayOccurrence.moment`)? Only then can a
 * schedule be timed from it (`recurrence.fromMoment`). False for an unknown id.
 */
export function holidayHasMoment(id: string): boolean {
  const i = RULE_INDEX.get(id);
  return i !== undefined && (RULE_DEFS[i] as RuleDef).timed;
}

/** The ids of the rules that give a moment (for messages that say which do). */
export const TIMED_HOLIDAY_IDS: readonly string[] = Object.freeze(
  RULE_DEFS.filter((d) => d.timed).map((d) => d.rule.id),
);

/** Why an override cannot be used, or null when it is fine. Does not check that the id is known. */
export function holidayOverrideProblem(o: HolidayOverride): string | null {
  if (!Number.isInteger(o.year)) return `year must be an integer: ${o.year}`;
  const start = parseIsoDate(o.date);
  if (start === null) return `date is not a valid YYYY-MM-DD date: "${o.date}"`;
  if (o.endDate !== undefined) {
    if (parseIsoDate(o.endDate) === null) return `endDate is not a valid YYYY-MM-DD date: "${o.endDate}"`;
    if (o.endDate < o.date) return `endDate ${o.endDate} is before date ${o.date}`;
  }
  return null;
}

// Default spans per Gregorian year, one slot per rule (null = not yet founded).
const defaultsCache = new Map<number, readonly (Span | null)[]>();
const DEFAULTS_CACHE_LIMIT = 1000;

function defaultSpans(year: number): readonly (Span | null)[] {
  const hit = defaultsCache.get(year);
  if (hit !== undefined) return hit;
  const spans = RULE_DEFS.map((d) =>
    d.rule.since !== undefined && year < d.rule.since ? null : d.span(year),
  );
  if (defaultsCache.size >= DEFAULTS_CACHE_LIMIT) defaultsCache.clear();
  defaultsCache.set(year, spans);
  return spans;
}

/** Forgets every cached holiday and lunar month (for benchmarks that time the cold computation). */
export function clearCalendarCaches(): void {
  defaultsCache.clear();
  clearLunarCache();
  clearKhmerCache();
}

function checkYear(year: number): void {
  if (!Number.isInteger(year)) throw new RangeError(`Year must be an integer: ${year}`);
}

/** The computed first day and moment of a timed rule (its own cache), or null: untimed, or not computable. */
function computedMoment(index: number, year: number): { start: number; moment: Instant } | null {
  const def = RULE_DEFS[index] as RuleDef;
  if (!def.timed || (def.rule.since !== undefined && year < def.rule.since)) return null;
  try {
    const span = def.span(year);
    return span.moment === undefined ? null : { start: span.start, moment: span.moment };
  } catch {
    return null; // a year the rule does not compute: the override stands alone
  }
}

/** The spans of rule number `index` for `year`: the overrides for that rule and year, else the default. */
function spansFor(
  index: number,
  year: number,
  overrides: readonly HolidayOverride[] | undefined,
  withDefault = true,
): Span[] {
  const id = (RULE_DEFS[index] as RuleDef).rule.id;
  if (overrides !== undefined && overrides.length > 0) {
    const spans: Span[] = [];
    for (const o of overrides) {
      if (o.holidayId !== id || o.year !== year) continue;
      const problem = holidayOverrideProblem(o);
      if (problem !== null) throw new RangeError(`Invalid holiday override for ${id} ${year}: ${problem}`);
      const start = toDayNumber(o.date);
      const end = o.endDate === undefined ? start : toDayNumber(o.endDate);
      if (!spans.some((s) => s.start === start && s.end === end)) spans.push({ start, end });
    }
    if (spans.length > 0) {
      // An override that starts on the computed first day confirms it: the computed moment still holds.
      const computed = computedMoment(index, year);
      if (computed !== null) {
        for (const s of spans) if (s.start === computed.start) s.moment = computed.moment;
      }
      return spans.sort((a, b) => a.start - b.start || a.end - b.end);
    }
  }
  const span = withDefault ? defaultSpans(year)[index] : null;
  return span ? [span] : [];
}

function occurrence(index: number, span: Span): HolidayOccurrence {
  const r = (RULE_DEFS[index] as RuleDef).rule;
  const date = fromDayNumber(span.start);
  const o: HolidayOccurrence =
    span.end > span.start
      ? { id: r.id, date, endDate: fromDayNumber(span.end), name: r.name }
      : { id: r.id, date, name: r.name };
  if (span.moment !== undefined) o.moment = span.moment;
  return o;
}

/** Every occurrence of rule `id` that STARTS in Gregorian `year`. Unknown id → throws Error naming it. */
export function holidayOccurrences(
  id: string,
  year: number,
  overrides?: readonly HolidayOverride[],
): HolidayOccurrence[] {
  const index = RULE_INDEX.get(id);
  if (index === undefined) throw new Error(`Unknown holiday rule id: "${id}"`);
  checkYear(year);
  return spansFor(index, year, overrides).map((s) => occurrence(index, s));
}

interface Found {
  index: number;
  span: Span;
}

function byStartThenRule(a: Found, b: Found): number {
  return a.span.start - b.span.start || a.index - b.index || a.span.end - b.span.end;
}

/** All rules, sorted by date (then by rule order), for GET /api/v1/calendar?year=YYYY */
export function calendarForYear(year: number, overrides?: readonly HolidayOverride[]): HolidayOccurrence[] {
  checkYear(year);
  const found: Found[] = [];
  for (let index = 0; index < RULE_DEFS.length; index++) {
    for (const span of spansFor(index, year, overrides)) found.push({ index, span });
  }
  return found.sort(byStartThenRule).map((f) => occurrence(f.index, f.span));
}

/**
 * The occurrences covering a gate-local date (for the resolver), including multi-day spans that
 * started earlier (the previous year's occurrences are checked too), sorted like calendarForYear.
 */
export function holidaysOn(iso: IsoDate, overrides?: readonly HolidayOverride[]): HolidayOccurrence[] {
  const civil = parseIsoDate(iso);
  if (civil === null) throw new RangeError(`Invalid ISO date: "${iso}"`);
  const day = civilToDayNumber(civil.year, civil.month, civil.day);
  const found: Found[] = [];
  // A default starts in its own year and lasts less than a year; the overrides of the year after are
  // checked as well, for one filed under a year its date does not start in.
  for (let year = civil.year - 1; year <= civil.year + 1; year++) {
    for (let index = 0; index < RULE_DEFS.length; index++) {
      for (const span of spansFor(index, year, overrides, year <= civil.year)) {
        if (span.start <= day && day <= span.end) found.push({ index, span });
      }
    }
  }
  return found.sort(byStartThenRule).map((f) => occurrence(f.index, f.span));
}
