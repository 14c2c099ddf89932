/** The console's words for a schedule timed from a holiday's moment (Khmer New Year's Songkran). */
import { describe, expect, it } from "vitest";
import type { HolidayOccurrence } from "../../controller/src/contract/content.js";
import type { ConsoleLang } from "../../display-ui/src/console/i18n.js";
import { type ReasonContext, reasonText } from "../../display-ui/src/console/reason-text.js";
import { describeRecurrence } from "../../display-ui/src/console/schedule-text.js";

const NAME: Record<ConsoleLang, string> = { vi: "Tết Chôl Chnăm Thmây", en: "Khmer New Year" };

function ctx(lang: ConsoleLang): ReasonContext {
  return {
    lang,
    channelKind: "sign",
    scheduleName: (id) => (id === "greet" ? "Chúc Tết Khmer" : "Vòng LED"),
    holidayName: (id) => (id === "khmer-new-year" ? NAME[lang] : undefined),
    noticeTitle: () => undefined,
  };
}

const timed = (known: boolean) => ({
  reason: "english, with ids",
  why: {
    level: "holiday" as const,
    scheduleId: "greet",
    holiday: "khmer-new-year",
    priority: 70,
    fromMoment: { hours: 24, known },
    over: { level: "default" as const, scheduleId: "led", priority: 0 },
  },
});

describe("a schedule timed from a holiday's moment, in words", () => {
  it("says it runs from the moment the holiday begins", () => {
    expect(reasonText(timed(true), ctx("vi"))).toBe(
      "Chương trình ngày lễ “Chúc Tết Khmer” (24 giờ kể từ lúc Tết Chôl Chnăm Thmây bắt đầu, ưu tiên 70) thay cho chương trình mặc định “Vòng LED” (ưu tiên 0)",
    );
    expect(reasonText(timed(true), ctx("en"))).toBe(
      "Holiday program “Chúc Tết Khmer” (24 h from the moment Khmer New Year begins, priority 70) outranks default schedule “Vòng LED” (priority 0)",
    );
  });

  it("says when an override moved the day and the moment is unknown", () => {
    expect(reasonText(timed(false), ctx("vi"))).toContain(
      "24 giờ kể từ 00:00 ngày đầu Tết Chôl Chnăm Thmây (trung tâm đã dời ngày, không rõ thời khắc)",
    );
    expect(reasonText(timed(false), ctx("en"))).toContain(
      "24 h from 00:00 of the first day of Khmer New Year (moved by the central office: moment unknown)",
    );
  });

  it("describes the recurrence", () => {
    const holidays: HolidayOccurrence[] = [
      {
        id: "khmer-new-year",
        date: "2025-04-14",
        endDate: "2025-04-16",
        name: { vi: "Tết Chôl Chnăm Thmây", en: "Khmer New Year" },
        moment: "2025-04-14T04:48:00+07:00",
      },
    ];
    const r = { type: "holiday" as const, holidayId: "khmer-new-year", fromMoment: { hours: 6 } };
    expect(describeRecurrence(r, "vi", holidays)).toBe("Tết Chôl Chnăm Thmây: 6 giờ kể từ thời khắc bắt đầu");
    expect(describeRecurrence(r, "en", holidays)).toBe("Khmer New Year: 6 h from the moment it begins");
  });
});
