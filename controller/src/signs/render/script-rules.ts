/**
 * How each script is laid out on a panel of a given height: one small table, read for every frame the
 * renderer draws (the driver's and the preview's alike, since both go through `pipeline.ts`).
 *
 * Why per script: on a 16-row panel the scripts compete for rows differently. Vietnamese and English keep
 * their stacked marks inside the Latin cap height plus a little, so fitting the whole sentence on the panel
 * (and scrolling only when even the smallest legible size is too wide) reads best. Khmer and Lao stack
 * vowels above and subscripts (Khmer) or vowels (Lao) below the base letter: a cluster is nearly twice as
 * tall as its base, so every row shrinking the text to fit the panel's width costs the base letters half a
 * row. They take the full height instead and scroll. Han ideographs need a size at which their strokes
 * stay apart: up to the 16 px em of the classic 16×16 bitmap fonts, and scroll rather than shrink
 * below 14 px (complex characters such as 边防检查 fill in at 12–13 px on a panel).
 *
 * A sign profile may replace a language's rule (`layout` in `firmware-config/signs/*.yaml`).
 */
import type { Lang } from "../../domain/types.js";

/**
 * - `fit-panel`: the largest size at which the text's ink box fits the line's rows *and* the panel's
 *   width; it scrolls only when it is too wide even at the language's minimum size.
 * - `fill-height`: the size is set by the height alone: the largest at which the lit rows (top of the
 *   highest mark to the bottom of the lowest subscript, as thresholded) fit the panel; the line scrolls
 *   whenever it is wider than the panel.
 */
export type SizePolicy = "fit-panel" | "fill-height";

export interface ScriptRule {
  /** Named in previews: `khmer-16`. */
  readonly id: string;
  readonly languages: readonly Lang[];
  /** Panel heights (rows, inclusive) the rule is for. */
  readonly rows: { readonly min: number; readonly max: number };
  /** At most this many lines (a panel below 32 rows has room for one anyway). */
  readonly lines: 1 | 2;
  readonly size: SizePolicy;
  /** Never larger than this (px of the em), whatever the height allows. */
  readonly maxSize?: number;
  /**
   * `fit-panel`: held still only at this size or more; a text that would need less scrolls instead (at
   * the size the height allows). Default: the language's minimum legible size.
   */
  readonly holdMinSize?: number;
}

const ANY_HEIGHT = 256;

/** First match wins; every language has a rule for every height (tested). */
export const SCRIPT_RULES: readonly ScriptRule[] = [
  { id: "khmer-16", languages: ["km"], rows: { min: 1, max: 31 }, lines: 1, size: "fill-height" },
  { id: "khmer-32", languages: ["km"], rows: { min: 32, max: ANY_HEIGHT }, lines: 2, size: "fit-panel" },
  { id: "lao-16", languages: ["lo"], rows: { min: 1, max: 31 }, lines: 1, size: "fill-height" },
  { id: "lao-32", languages: ["lo"], rows: { min: 32, max: ANY_HEIGHT }, lines: 2, size: "fit-panel" },
  {
    id: "chinese-16",
    languages: ["zh-Hans"],
    rows: { min: 1, max: 31 },
    lines: 1,
    size: "fit-panel",
    maxSize: 16,
    holdMinSize: 14,
  },
  {
    id: "chinese-32",
    languages: ["zh-Hans"],
    rows: { min: 32, max: ANY_HEIGHT },
    lines: 2,
    size: "fit-panel",
  },
  { id: "latin-16", languages: ["vi", "en"], rows: { min: 1, max: 31 }, lines: 1, size: "fit-panel" },
  {
    id: "latin-32",
    languages: ["vi", "en"],
    rows: { min: 32, max: ANY_HEIGHT },
    lines: 2,
    size: "fit-panel",
  },
];

/** A profile's replacement for a language's rule: any of its fields. */
export interface ScriptRuleOverride {
  readonly lines?: 1 | 2;
  readonly size?: SizePolicy;
  readonly maxSize?: number;
  readonly holdMinSize?: number;
}

/** The rule for `language` on a panel `rows` high, with the profile's override (id suffixed `+profile`). */
export function scriptRuleFor(
  language: Lang,
  rows: number,
  override?: ScriptRuleOverride,
  rules: readonly ScriptRule[] = SCRIPT_RULES,
): ScriptRule {
  const found = rules.find(
    (r) => r.languages.includes(language) && rows >= r.rows.min && rows <= r.rows.max,
  ) ?? {
    id: `${language}-default`,
    languages: [language],
    rows: { min: rows, max: rows },
    lines: rows >= 32 ? 2 : 1,
    size: "fit-panel",
  };
  if (!override || Object.keys(override).length === 0) return found;
  return { ...found, ...override, id: `${found.id}+profile` };
}
