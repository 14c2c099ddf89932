import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { IdleTimer } from "../../display-ui/src/kiosk/idle-timer.js";
import { TouchSession } from "../../display-ui/src/kiosk/touch-session.js";
import { paragraphs, textIn } from "../../display-ui/src/shared/i18n.js";

describe("the idle timer", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("fires once the timeout passes with no touch, and every touch starts it again", () => {
    const onIdle = vi.fn();
    const idle = new IdleTimer(60_000, onIdle);
    idle.touch();
    vi.advanceTimersByTime(59_000);
    idle.touch();
    vi.advanceTimersByTime(59_000);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
    expect(idle.armed).toBe(false);
    vi.advanceTimersByTime(600_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it("does nothing until the first touch, and nothing after cancel", () => {
    const onIdle = vi.fn();
    const idle = new IdleTimer(2_000, onIdle);
    vi.advanceTimersByTime(10_000);
    idle.touch();
    idle.cancel();
    vi.advanceTimersByTime(10_000);
    expect(onIdle).not.toHaveBeenCalled();
  });

  it("applies a new timeout at once when armed", () => {
    const onIdle = vi.fn();
    const idle = new IdleTimer(60_000, onIdle);
    idle.touch();
    idle.setTimeoutMs(2_000);
    vi.advanceTimersByTime(2_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });
});

describe("a touch session", () => {
  it("reports when, which pages and the last language chosen", () => {
    const s = new TouchSession("vi", new Date("2027-03-02T08:00:00Z"));
    s.open("languages");
    s.language = "km";
    s.open("categories");
    expect(s.end(new Date("2027-03-02T08:01:00Z"))).toEqual({
      startedAt: "2027-03-02T08:00:00.000Z",
      endedAt: "2027-03-02T08:01:00.000Z",
      language: "km",
      pages: ["languages", "categories"],
    });
  });
});

describe("content text", () => {
  it("splits paragraphs at blank lines and keeps single line breaks", () => {
    expect(paragraphs("Giờ mở cửa:\n• 07:00\n• 19:00\n\n\nLưu ý.\r\n  \r\nHết")).toEqual([
      "Giờ mở cửa:\n• 07:00\n• 19:00",
      "Lưu ý.",
      "Hết",
    ]);
    expect(paragraphs("  \n\n ")).toEqual([]);
  });

  it("falls back through the gate's languages and says which one it found", () => {
    expect(textIn({ vi: "Xin chào", km: "សួស្តី" }, "km", ["vi", "km", "en"])).toEqual({
      text: "សួស្តី",
      lang: "km",
    });
    expect(textIn({ vi: "Xin chào", en: "Hello" }, "km", ["vi", "km", "en"])).toEqual({
      text: "Xin chào",
      lang: "vi",
    });
    expect(textIn({ en: "Hello" }, "lo", [])).toEqual({ text: "Hello", lang: "en" });
    expect(textIn({}, "lo", ["vi"])).toEqual({ text: "", lang: "lo" });
  });
});
