import { describe, expect, it } from "vitest";
import {
  emergencySchema,
  firstIssue,
  itemSchema,
  localized,
  playlistSchema,
  safeText,
  scheduleSchema,
  unsafeTextProblem,
} from "../../controller/src/domain/schemas.js";

const BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"];

describe("unsafeTextProblem", () => {
  it("accepts the gates' scripts, emoji (surrogate pairs), joiners and marks", () => {
    for (const text of [
      "Cửa khẩu quốc tế Cầu Treo",
      "清水国际口岸",
      "ດ່ານສາກົນນ້ຳພາວ",
      "ច្រកព្រំដែនអន្តរជាតិ",
      "Chào 👋🏽 🇻🇳",
      "a\u200db\u200cc\u200e\u200f",
      "",
    ]) {
      expect(unsafeTextProblem(text)).toBeUndefined();
    }
  });

  it("refuses NUL, C0 and C1 controls and DEL, naming the character and where it is", () => {
    expect(unsafeTextProblem("ab\u0000c")).toBe(
      "contains the control character U+0000 at character 3; remove it",
    );
    for (const c of ["\u0001", "\u001b", "\u007f", "\u0085", "\u009f", "\t"]) {
      expect(unsafeTextProblem(`x${c}`)).toMatch(/control character U\+00/);
    }
  });

  it("allows line breaks and tabs only in multi-line fields", () => {
    expect(unsafeTextProblem("one\ntwo")).toBe(
      "contains a line break at character 4: this field is one line",
    );
    expect(unsafeTextProblem("one\r\ntwo\tthree", { multiline: true })).toBeUndefined();
    expect(unsafeTextProblem("one\u000btwo", { multiline: true })).toMatch(/U\+000B/);
    expect(unsafeTextProblem("one\u0000", { multiline: true })).toMatch(/U\+0000/);
  });

  it("refuses every bidirectional embedding, override and isolate", () => {
    for (const c of BIDI) {
      expect(unsafeTextProblem(`Thông báo ${c}nỗ`, { multiline: true })).toMatch(
        /bidirectional control character U\+20(2[A-E]|6[6-9]) at character 11/,
      );
    }
  });

  it("refuses lone surrogates, high or low, anywhere", () => {
    expect(unsafeTextProblem("\ud800")).toMatch(/lone surrogate U\+D800 at character 1/);
    expect(unsafeTextProblem("ab\ud800")).toMatch(/lone surrogate U\+D800 at character 3/);
    expect(unsafeTextProblem("\udc00x")).toMatch(/lone surrogate U\+DC00/);
    expect(unsafeTextProblem("\ud83d\ud83d\ude00")).toMatch(/lone surrogate U\+D83D at character 1/);
    expect(unsafeTextProblem("\ud83d\ude00\ude00")).toMatch(/lone surrogate U\+DE00 at character 3/);
  });
});

describe("safeText and the content schemas", () => {
  it("bounds the length before scanning and names the problem", () => {
    const name = safeText({ min: 1, max: 5 });
    expect(name.safeParse("abcde").success).toBe(true);
    const long = name.safeParse("\u0000".repeat(1_000_000));
    expect(long.success).toBe(false);
    if (!long.success) expect(long.error.issues.map((i) => i.message)).toEqual(["at most 5 characters"]);
    expect(name.safeParse("").success).toBe(false);
  });

  it("names the field at fault in every content schema", () => {
    const field = (
      schema: { safeParse(v: unknown): { success: boolean; error?: unknown } },
      value: unknown,
    ) => {
      const r = schema.safeParse(value);
      expect(r.success).toBe(false);
      return firstIssue(r.error as never);
    };
    expect(field(itemSchema, { id: "a", kind: "article", title: { vi: "x\u202ey" } })).toMatchObject({
      field: "title.vi",
      message: expect.stringMatching(/bidirectional/),
    });
    expect(
      field(itemSchema, { id: "a", kind: "article", title: { vi: "x" }, body: { en: "\ud800" } }),
    ).toMatchObject({
      field: "body.en",
    });
    expect(field(itemSchema, { id: "a", kind: "led", ledText: { vi: "a\u0000" } }).field).toBe("ledText.vi");
    expect(field(playlistSchema, { id: "a", name: "x\u0000", itemIds: [] }).field).toBe("name");
    const schedule = { id: "s", name: "Đêm\u2066", kind: "normal", target: { itemId: "a" }, channels: ["*"] };
    expect(field(scheduleSchema, schedule).field).toBe("name");
    const notice = {
      id: "e",
      title: { vi: "Bão" },
      body: { vi: "a\u202d" },
      startsAt: "2026-06-01T08:00:00+07:00",
      expiresAt: "2026-06-01T09:00:00+07:00",
    };
    expect(field(emergencySchema, notice).field).toBe("body.vi");
    expect(field(emergencySchema, { ...notice, body: {}, title: { vi: "x".repeat(201) } }).field).toBe(
      "title.vi",
    );
  });

  it("keeps line breaks in bodies, refuses them in titles", () => {
    const item = { id: "a", kind: "article", title: { vi: "Giờ mở cửa" }, body: { vi: "Dòng 1\nDòng 2" } };
    expect(itemSchema.safeParse(item).success).toBe(true);
    expect(itemSchema.safeParse({ ...item, title: { vi: "a\nb" } }).success).toBe(false);
  });

  it("refuses prototype keys instead of dropping them", () => {
    const text = localized({ max: 10 });
    for (const key of ["__proto__", "constructor", "prototype"]) {
      const r = text.safeParse(JSON.parse(`{"vi":"a",${JSON.stringify(key)}:"b"}`));
      expect(r.success).toBe(false);
      if (!r.success)
        expect(firstIssue(r.error)).toMatchObject({
          field: key,
          message: expect.stringMatching(/unknown language/),
        });
    }
    expect(({} as Record<string, unknown>).b).toBeUndefined();
    const item = itemSchema.safeParse(
      JSON.parse('{"id":"a","kind":"article","title":{"vi":"x"},"__proto__":{"b":1}}'),
    );
    expect(item.success).toBe(false);
  });
});
