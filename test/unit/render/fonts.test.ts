import { describe, expect, it } from "vitest";
import {
  coverageProblem,
  describeCodePoint,
  renderMessage,
  renderMessageFrames,
  selectFonts,
} from "../../../controller/src/signs/render/index.js";
import { shippedProfile } from "./helpers.js";

const alpha = shippedProfile("alpha-96x16");

describe("font stacks", () => {
  it("each language draws with its Noto family first", () => {
    const expectPrimary = (text: string, lang: Parameters<typeof selectFonts>[1], family: string) => {
      const f = selectFonts(text, lang);
      expect(f.ok && f.primary).toBe(family);
    };
    expectPrimary("Xin chào", "vi", "Noto Sans");
    expectPrimary("Welcome", "en", "Noto Sans");
    expectPrimary("欢迎", "zh-Hans", "Noto Sans SC");
    expectPrimary("ສະບາຍດີ", "lo", "Noto Sans Lao");
    expectPrimary("សួស្តី", "km", "Noto Sans Khmer");
  });

  it("lists only the subset faces the text needs, the language's family first", () => {
    const lao = selectFonts("ດ່ານ 24h", "lo");
    expect(lao.ok).toBe(true);
    if (!lao.ok) return;
    // Lao from Noto Sans Lao, the digits and Latin from Noto Sans.
    expect(lao.familyList).toBe(`"gc-lao-lao", "gc-sans-latin"`);
    const vi = selectFonts("Việt Nam", "vi");
    // (in the package's CSS order, which only matters where subsets overlap: U+0304, U+0308, U+0329)
    expect(vi.ok && vi.familyList).toBe(`"gc-sans-vietnamese", "gc-sans-latin"`);
  });

  it("a rendered frame names its family", () => {
    const r = renderMessage("សួស្តី", alpha, { language: "km" });
    expect(r.ok && r.fontFamily).toBe("Noto Sans Khmer");
  });

  it("a word of another supported script in a message is drawn from that script's font", () => {
    const r = renderMessage("VN 08:05 北京 09:05", alpha, { language: "vi" });
    expect(r.ok).toBe(true);
  });
});

describe("coverage: refused by script, before drawing", () => {
  it.each([
    ["en", "क", /^no font for U\+0915 "क" \(Devanagari block\)$/],
    ["en", "Namaste नमस्ते", /^no font for U\+0928 "न" \(Devanagari block\)$/],
    ["en", "안녕하세요", /^no font for U\+C548 HANGUL SYLLABLE AN "안"$/],
    ["vi", "Xin chào 한", /U\+D55C HANGUL SYLLABLE HAN/],
    ["lo", "สวัสดี", /U\+0E2A "ส" \(Thai block\)/], // Thai typed where Lao was meant
    ["km", "Привет", /U\+041F "П" \(Cyrillic block\)/], // Noto Sans has Cyrillic, but the signs don't show it
    ["en", "Welcome 😀", /U\+1F600 "😀" \(Emoticons \(emoji\) block\)/],
    ["zh-Hans", "こんにちは", /U\+3053 "こ" \(Hiragana block\)/],
    ["en", "bell\u0007", /^no font for U\+0007 \(Basic Latin block\)$/],
  ] as const)("%s %s", (lang, text, reason) => {
    expect(coverageProblem(text, lang)).toMatch(reason);
    const r = renderMessage(text, alpha, { language: lang });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toMatch(reason);
      expect(r.language).toBe(lang);
    }
  });

  it("a character inside a supported script but in no face is refused too (a CJK Extension B ideograph)", () => {
    expect(coverageProblem("𠀀", "zh-Hans")).toBe('no font for U+20000 CJK UNIFIED IDEOGRAPH-20000 "𠀀"');
  });

  it("supported text has no coverage problem", () => {
    for (const [lang, text] of [
      ["vi", "Cửa khẩu Quốc tế Thanh Thủy – Hà Giang: 08:00–17:00, phí 10.000₫"],
      ["en", "Passport control → Exit"],
      ["zh-Hans", "越南河江省清水国际口岸（中国天保）"],
      ["lo", "ດ່ານສາກົນ ໜ້ອງແຮດ ໑໒໓"],
      ["km", "ច្រកទ្វារអន្តរជាតិ ០១២៣"],
    ] as const) {
      expect(coverageProblem(text, lang)).toBeUndefined();
    }
  });

  it("a multi-language message is refused naming the language that failed", () => {
    const r = renderMessageFrames({ vi: "Xin chào", en: "Hello 안녕" }, ["vi", "en"], alpha);
    expect(r).toMatchObject({ ok: false, language: "en" });
    if (!r.ok) expect(r.reason).toMatch(/^en: no font for U\+C548 HANGUL SYLLABLE AN/);
    const missing = renderMessageFrames({ vi: "Xin chào" }, ["vi", "lo"], alpha);
    expect(missing).toMatchObject({ ok: false, language: "lo", reason: "lo: the message has no lo text" });
  });

  it("describes code points", () => {
    expect(describeCodePoint(0x0915)).toBe('U+0915 "क" (Devanagari block)');
    expect(describeCodePoint(0xd55c)).toBe('U+D55C HANGUL SYLLABLE HAN "한"');
    expect(describeCodePoint(0xac00)).toBe('U+AC00 HANGUL SYLLABLE GA "가"');
    expect(describeCodePoint(0xd7a3)).toBe('U+D7A3 HANGUL SYLLABLE HIH "힣"');
    expect(describeCodePoint(0x4e00)).toBe('U+4E00 CJK UNIFIED IDEOGRAPH-4E00 "一"');
    expect(describeCodePoint(0x200d)).toBe("U+200D (General Punctuation block)");
  });
});
