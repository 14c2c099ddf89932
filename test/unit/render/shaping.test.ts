/**
 * Shaping is real: HarfBuzz (inside Skia) places Khmer subscripts under their base, Lao vowels and tone
 * marks above theirs, Vietnamese stacked marks on their letter. Each test compares the shaped drawing
 * with the same code points drawn one by one (what a renderer without shaping produces).
 */
import { describe, expect, it } from "vitest";
import { measureInk, renderMessage, selectFonts } from "../../../controller/src/signs/render/index.js";
import { drawnInk, naiveDraw } from "./helpers.js";

const SIZE = 48;

function fonts(text: string, lang: "km" | "lo" | "vi") {
  const f = selectFonts(text, lang);
  if (!f.ok) throw new Error(f.reason);
  return f;
}

describe("Khmer", () => {
  it.each(["ស្វាគមន៍", "សួស្តី"])("%s is narrower shaped than drawn code point by code point", (word) => {
    const shaped = drawnInk(word, "km", SIZE);
    const naive = drawnInk(word, "km", SIZE, naiveDraw(word));
    const shapedWidth = shaped.right - shaped.left + 1;
    const naiveWidth = naive.right - naive.left + 1;
    // Coeng + consonant takes no width of its own once shaped (and no dotted circle is drawn).
    expect(shapedWidth).toBeLessThan(naiveWidth * 0.8);
  });

  it("draws the coeng subscript below the baseline, under its base consonant", () => {
    // ស + ្វ (subscript VO): the VO goes under the SA; without the coeng it sits beside it on the line.
    const withSubscript = drawnInk("ស្វ", "km", SIZE);
    const sideBySide = drawnInk("សវ", "km", SIZE);
    expect(sideBySide.bottom).toBeLessThanOrEqual(1); // nothing hangs below the baseline
    expect(withSubscript.bottom).toBeGreaterThan(SIZE * 0.15);
    // …and it takes no width: about the width of the base alone.
    const base = drawnInk("ស", "km", SIZE);
    expect(withSubscript.right - withSubscript.left).toBeLessThan((base.right - base.left) * 1.2);
    expect(sideBySide.right - sideBySide.left).toBeGreaterThan((base.right - base.left) * 1.4);
  });

  it("measureText's ink box (what the layout uses) sees the subscript too", () => {
    const f = fonts("ស្វ", "km");
    expect(measureInk("ស្វ", SIZE, f, "km").descent).toBeGreaterThan(SIZE * 0.15);
    expect(measureInk("សវ", SIZE, f, "km").descent).toBeLessThan(SIZE * 0.05);
  });
});

describe("Lao", () => {
  it("ສະບາຍດີ: the vowel ີ stacks above ດ instead of taking its own place on the line", () => {
    const word = "ສະບາຍດີ";
    const shaped = drawnInk(word, "lo", SIZE);
    const naive = drawnInk(word, "lo", SIZE, naiveDraw(word));
    expect(shaped.right - shaped.left).toBeLessThan(naive.right - naive.left);

    const consonant = drawnInk("ດ", "lo", SIZE);
    const withVowel = drawnInk("ດີ", "lo", SIZE);
    expect(withVowel.top).toBeLessThan(consonant.top - SIZE * 0.15); // ink above the consonant
    expect(withVowel.right - withVowel.left).toBeLessThanOrEqual((consonant.right - consonant.left) * 1.1);
  });

  it("a tone mark over an upper vowel stacks higher still (ຕ້ vs ຕິ້)", () => {
    const vowel = drawnInk("ຕິ", "lo", SIZE);
    const vowelAndTone = drawnInk("ຕິ້", "lo", SIZE);
    expect(vowelAndTone.top).toBeLessThan(vowel.top - SIZE * 0.05);
    expect(vowelAndTone.right - vowelAndTone.left).toBeLessThanOrEqual((vowel.right - vowel.left) * 1.1);
  });
});

describe("Vietnamese", () => {
  it.each([
    ["Ệ", "E"],
    ["Ở", "O"],
    ["Ữ", "Ư"],
    ["Ặ", "A"],
  ])("%s: marks drawn above (and below) the letter, not beside it", (marked, plain) => {
    const letter = drawnInk(plain, "vi", SIZE);
    const stacked = drawnInk(marked, "vi", SIZE);
    expect(stacked.top).toBeLessThan(letter.top - SIZE * 0.1);
    expect(stacked.right - stacked.left).toBeLessThanOrEqual((letter.right - letter.left) * 1.15);
  });

  it("two marks combine on one letter: Ế's acute sits on Ê's circumflex, above the letter", () => {
    const e = drawnInk("E", "vi", SIZE);
    const circumflex = drawnInk("Ê", "vi", SIZE);
    const both = drawnInk("Ế", "vi", SIZE);
    expect(circumflex.top).toBeLessThan(e.top - SIZE * 0.1);
    expect(both.top).toBeLessThan(circumflex.top);
    expect(both.lit).toBeGreaterThan(circumflex.lit);
    expect(both.right - both.left).toBeLessThan((e.right - e.left) * 1.4);
  });

  it("decomposed input (E + U+0302 + U+0323) renders exactly like the precomposed letter", () => {
    const profile = { panel: { width: 64, height: 16 }, colors: 1 as const, modes: ["hold" as const] };
    const nfc = renderMessage("BIÊN PHÒNG Ệ", profile, { language: "vi" });
    const nfd = renderMessage("BIÊN PHÒNG Ệ".normalize("NFD"), profile, { language: "vi" });
    expect(nfc.ok && nfd.ok).toBe(true);
    if (nfc.ok && nfd.ok)
      expect(Buffer.from(nfd.bitmap.pixels).equals(Buffer.from(nfc.bitmap.pixels))).toBe(true);
  });

  it("Ệ keeps its dot below", () => {
    expect(drawnInk("Ệ", "vi", SIZE).bottom).toBeGreaterThan(drawnInk("E", "vi", SIZE).bottom + SIZE * 0.05);
  });
});
