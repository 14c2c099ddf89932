/** Schedules in words: "Thứ Hai, Thứ Tư", "Mùng 10 tháng 3 âm lịch (Việt Nam)", "07:00–09:00". */
import type { Recurrence, Schedule, ScheduleKind } from "../../../controller/src/contract/content.js";
import type { HolidayOccurrence } from "./api/content.js";
import { type ConsoleLang, type MessageKey, tr } from "./i18n.js";

export const WEEKDAY_KEYS: MessageKey[] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

export const SCHEDULE_KIND_LABEL: Record<ScheduleKind, MessageKey> = {
  interrupt: "kindInterrupt",
  holiday: "kindHoliday",
  normal: "kindNormal",
  default: "kindDefault",
};

export function holidayName(id: string, holidays: readonly HolidayOccurrence[], lang: ConsoleLang): string {
  const found = holidays.find((h) => h.id === id);
  return found?.name[lang] ?? found?.name.vi ?? id;
}

export function describeRecurrence(
  r: Recurrence,
  lang: ConsoleLang,
  holidays: readonly HolidayOccurrence[] = [],
): string {
  const t = (key: MessageKey, vars?: Record<string, string | number>) => tr(lang, key, vars);
  switch (r.type) {
    case "daily":
      return t("recDaily");
    case "weekly":
      return [...r.weekdays]
        .sort()
        .map((d) => t(WEEKDAY_KEYS[d - 1] ?? "mon"))
        .join(", ");
    case "monthly":
      return t("recMonthlyText", { day: r.day });
    case "yearly":
      return t("recYearlyText", { day: r.day, month: r.month });
    case "lunar-yearly":
      return t(r.calendar === "vi" ? "recLunarViText" : "recLunarZhText", {
        day: r.day,
        month: r.month,
        leap: r.leap ? t("leapMonth") : "",
      });
    case "holiday": {
      const name = holidayName(r.holidayId, holidays, lang);
      if (r.fromMoment) return t("recHolidayMoment", { name, hours: r.fromMoment.hours });
      const offset = r.offsetDays ?? 0;
      return offset === 0 ? name : t("recHolidayOffset", { name, n: offset > 0 ? `+${offset}` : offset });
    }
  }
}

export function describeDayparts(s: Pick<Schedule, "dayparts">, lang: ConsoleLang): string {
  if (s.dayparts.length === 0) return tr(lang, "wholeDay");
  return s.dayparts
    .map((d) => `${d.start}–${d.end}${d.end <= d.start ? ` (${tr(lang, "pastMidnight")})` : ""}`)
    .join(", ");
}
