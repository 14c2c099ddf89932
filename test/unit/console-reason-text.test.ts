/** The console's words for the resolver's structured reason, in Vietnamese and English, with names. */
import { describe, expect, it } from "vitest";
import type { ContentItem } from "../../controller/src/contract/content.js";
import type { NowAlert, NowEntry } from "../../controller/src/contract/playout.js";
import type { ConsoleLang } from "../../display-ui/src/console/i18n.js";
import { entryTitle, type ReasonContext, reasonText } from "../../display-ui/src/console/reason-text.js";

const SCHEDULES: Record<string, string> = {
  "holiday-tet": "Chào Xuân",
  "default-loop": "Vòng giới thiệu",
  news: "Bản tin",
  morning: "Buổi sáng",
  evening: "Buổi tối",
  "tet-poster": "Áp phích Tết",
};
const HOLIDAYS: Record<string, Record<ConsoleLang, string>> = {
  "tet-holiday": { vi: "Tết Nguyên đán", en: "Lunar New Year (Tết)" },
};

function ctx(lang: ConsoleLang, channelKind: "kiosk" | "sign" = "kiosk"): ReasonContext {
  return {
    lang,
    channelKind,
    scheduleName: (id) => SCHEDULES[id],
    holidayName: (id) => HOLIDAYS[id]?.[lang],
    noticeTitle: (id) => (id === "flood" ? "Đường ngập" : undefined),
  };
}

const entry = (why: NowEntry["why"]) => ({ reason: "english, with ids", why });

const holidayOverDefault = entry({
  level: "holiday",
  scheduleId: "holiday-tet",
  holiday: "tet-holiday",
  priority: 60,
  over: { level: "default", scheduleId: "default-loop", priority: 0 },
});

describe("reasonText", () => {
  it("words a holiday program over the default in Vietnamese and English, with names", () => {
    expect(reasonText(holidayOverDefault, ctx("vi"))).toBe(
      "Chương trình ngày lễ “Chào Xuân” (Tết Nguyên đán, ưu tiên 60) thay cho chương trình mặc định “Vòng giới thiệu” (ưu tiên 0)",
    );
    expect(reasonText(holidayOverDefault, ctx("en"))).toBe(
      "Holiday program “Chào Xuân” (Lunar New Year (Tết), priority 60) outranks default schedule “Vòng giới thiệu” (priority 0)",
    );
  });

  it("words each level alone", () => {
    const alone = (level: "interrupt" | "normal" | "default", scheduleId: string) =>
      entry({ level, scheduleId, priority: 5 });
    expect(reasonText(alone("default", "default-loop"), ctx("vi"))).toBe(
      "Chương trình mặc định “Vòng giới thiệu” (ưu tiên 5)",
    );
    expect(reasonText(alone("normal", "morning"), ctx("vi"))).toBe(
      "Lịch phát thường “Buổi sáng” (ưu tiên 5)",
    );
    expect(reasonText(alone("normal", "morning"), ctx("en"))).toBe(
      "Normal schedule “Buổi sáng” (priority 5)",
    );
    expect(reasonText(alone("interrupt", "news"), ctx("vi"))).toBe("Lịch chen ngang “Bản tin” (ưu tiên 5)");
  });

  it("gives an interrupt's share of the hour", () => {
    const why = entry({
      level: "interrupt",
      scheduleId: "news",
      priority: 10,
      share: { secondsPerHour: 60, slotsPerHour: 4 },
      over: { level: "holiday", scheduleId: "holiday-tet", holiday: "tet-holiday", priority: 60 },
    });
    expect(reasonText(why, ctx("vi"))).toBe(
      "Lịch chen ngang “Bản tin” (60 giây mỗi giờ, chia 4 lượt, ưu tiên 10) thay cho chương trình ngày lễ “Chào Xuân” (Tết Nguyên đán, ưu tiên 60)",
    );
    expect(reasonText(why, ctx("en"))).toBe(
      "Interrupt “Bản tin” (60 s of every hour in 4 slot(s), priority 10) outranks holiday program “Chào Xuân” (Lunar New Year (Tết), priority 60)",
    );
  });

  it("names the schedules it rotates with, and what was skipped on this channel", () => {
    const why = entry({
      level: "normal",
      scheduleId: "morning",
      priority: 50,
      rotation: ["evening", "morning"],
      skipped: [{ level: "holiday", scheduleId: "tet-poster", holiday: "tet-holiday", priority: 70 }],
    });
    expect(reasonText(why, ctx("vi", "sign"))).toBe(
      "Lịch phát thường “Buổi sáng” (ưu tiên 50), luân phiên với “Buổi tối” (cùng mức ưu tiên); bỏ qua chương trình ngày lễ “Áp phích Tết” (Tết Nguyên đán, ưu tiên 70): không có nội dung nào phát được trên bảng LED này",
    );
    expect(reasonText(why, ctx("en", "sign"))).toBe(
      "Normal schedule “Buổi sáng” (priority 50), rotating with “Buổi tối” (equal priority); skipped holiday program “Áp phích Tết” (Lunar New Year (Tết), priority 70): nothing playable on this LED sign",
    );
  });

  it("shortens a long rotation", () => {
    const ids = ["a", "b", "c", "d", "e", "f"];
    const why = entry({ level: "normal", scheduleId: "a", priority: 1, rotation: ids });
    expect(reasonText(why, ctx("vi"))).toBe(
      "Lịch phát thường “a” (ưu tiên 1), luân phiên với “b”, “c”, “d” và 2 lịch khác (cùng mức ưu tiên)",
    );
    expect(reasonText(why, ctx("en"))).toContain("“b”, “c”, “d” and 2 more");
  });

  it("words an emergency by its notice's title", () => {
    const why = entry({ level: "emergency", noticeId: "flood" });
    expect(reasonText(why, ctx("vi"))).toBe(
      "Thông báo khẩn cấp “Đường ngập” chen ngang mọi kiosk và bảng LED",
    );
    expect(reasonText(why, ctx("en"))).toBe("Emergency notice “Đường ngập” interrupts every kiosk and sign");
  });

  it("keeps the controller's reason when an older controller sends no structure", () => {
    expect(reasonText({ reason: "default 'x' (priority 0)" }, ctx("vi"))).toBe("default 'x' (priority 0)");
  });
});

describe("entryTitle", () => {
  const items = [
    { id: "welcome", kind: "info", title: { vi: "Chào mừng", en: "Welcome" }, ledText: {} },
    { id: "closed", kind: "led", title: {}, ledText: { vi: "Cửa khẩu tạm đóng", en: "Gate closed" } },
  ] as unknown as ContentItem[]; // only the fields entryTitle reads
  const alert = { id: "flood", title: { vi: "Đường ngập", en: "Flooded road" } } as unknown as NowAlert;

  it("is the item's title, an LED message's text, or the notice's title", () => {
    expect(entryTitle("welcome", items, undefined, "en")).toEqual({ text: "Welcome", lang: "en" });
    expect(entryTitle("closed", items, undefined, "vi")).toEqual({ text: "Cửa khẩu tạm đóng", lang: "vi" });
    expect(entryTitle("emergency:flood", items, alert, "vi")).toEqual({ text: "Đường ngập", lang: "vi" });
    expect(entryTitle("emergency:other", items, undefined, "vi")?.text).toBe("Thông báo khẩn cấp");
    expect(entryTitle("missing", items, undefined, "vi")).toBeUndefined();
  });
});
