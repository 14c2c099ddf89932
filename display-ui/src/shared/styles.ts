/**
 * Styles every display-ui component adopts: the font for each script (chosen by the `lang` attribute
 * the text carries), line heights that leave room for stacked marks, and the colour tokens.
 *
 * Colours (contrast against --gc-bg #0b2239): text #ffffff 16.1:1, muted #c9d6e3 10.9:1, accent
 * #ffd166 11.2:1; white on buttons #143352 12.9:1 (pressed #1d4a74 9.2:1); the touch strip's #10233a
 * on #ffd166 11.0:1 (7.8:1 at the darkest of its pulse); alert text #ffffff on #8c1010 9.6:1, black on
 * the amber band #ffb703 12.0:1. All pass WCAG AA (4.5:1) with room: a kiosk is read from two metres.
 */
import { css } from "lit";

/**
 * Set once, on the app's root element: every component inside inherits them (custom properties
 * cross shadow roots), so a switch such as large text changes them all at once.
 */
export const tokens = css`
  :host {
    --gc-bg: #0b2239;
    --gc-surface: #143352;
    --gc-surface-active: #1d4a74;
    --gc-line: #2c5a86;
    --gc-text: #ffffff;
    --gc-muted: #c9d6e3;
    --gc-accent: #ffd166;
    --gc-alert-bg: #8c1010;
    --gc-alert-band: #ffb703;
    --gc-radius: 18px;
    --gc-touch: 72px;
    --gc-text-scale: 1;
    --gc-body-size: calc(clamp(24px, 3vmin, 46px) * var(--gc-text-scale));
    --gc-title-size: calc(clamp(30px, 4.6vmin, 72px) * var(--gc-text-scale));
  }
`;

/**
 * Per-script fonts. The script's own face comes first so its glyphs and metrics win; Noto Sans after
 * it carries the Latin letters and digits inside that text (the script faces ship without them).
 */
export const scriptFonts = css`
  :host,
  [lang="vi"],
  [lang="en"] {
    font-family: "Noto Sans", sans-serif;
    line-height: 1.5;
  }
  [lang="zh-Hans"] {
    font-family: "Noto Sans SC", "Noto Sans", sans-serif;
    line-height: 1.6;
  }
  [lang="lo"] {
    font-family: "Noto Sans Lao", "Noto Sans", sans-serif;
    line-height: 1.75;
  }
  [lang="km"] {
    /* Khmer stacks subscript consonants below the line and vowels above: it needs the most room. */
    font-family: "Noto Sans Khmer", "Noto Sans", sans-serif;
    line-height: 1.85;
  }
`;

/** Big, calm touch buttons: at least --gc-touch (72 px) tall, a visible focus and pressed state. */
export const buttons = css`
  button {
    font: inherit;
    color: var(--gc-text);
    background: var(--gc-surface);
    border: 2px solid var(--gc-line);
    border-radius: var(--gc-radius);
    min-height: var(--gc-touch);
    min-width: var(--gc-touch);
    padding: 12px 28px;
    cursor: pointer;
    touch-action: manipulation;
    -webkit-tap-highlight-color: transparent;
    transition:
      background-color 120ms ease,
      transform 120ms ease;
  }
  button:active {
    background: var(--gc-surface-active);
    transform: scale(0.98);
  }
  button:focus-visible {
    outline: 4px solid var(--gc-accent);
    outline-offset: 3px;
  }
`;
