/**
 * Line icons drawn for the kiosk (24-unit grid, stroke in currentColor). Inline SVG, not an icon
 * font or emoji: nothing to download, and the same look on every kiosk PC.
 */
import { type SVGTemplateResult, svg } from "lit";
import type { KioskCategoryId } from "../../../controller/src/contract/kiosk.js";

function icon(body: SVGTemplateResult): SVGTemplateResult {
  return svg`<svg viewBox="0 0 24 24" width="1em" height="1em" fill="none" stroke="currentColor"
    stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">${body}</svg>`;
}

export const CATEGORY_ICONS: Record<KioskCategoryId, SVGTemplateResult> = {
  // A passport: cover, globe, name line.
  procedures: icon(svg`<rect x="5" y="2.5" width="14" height="19" rx="2"/><circle cx="12" cy="10" r="3.5"/>
    <path d="M8.5 10h7M12 6.5c1.2 1.2 1.2 5.8 0 7M12 6.5c-1.2 1.2-1.2 5.8 0 7M9 17.5h6"/>`),
  // A suitcase.
  customs: icon(
    svg`<rect x="3" y="7" width="18" height="13" rx="2"/><path d="M9 7V4.5h6V7M3 12.5h18M10.5 12.5v2h3v-2"/>`,
  ),
  // A clock.
  hours: icon(svg`<circle cx="12" cy="12" r="9"/><path d="M12 7v5l3.5 2"/>`),
  // A telephone handset.
  emergency:
    icon(svg`<path d="M6.6 3.5h2.6l1.5 4.2-2 1.5a11 11 0 0 0 6.1 6.1l1.5-2 4.2 1.5v2.6a2 2 0 0 1-2.2 2
    A16.5 16.5 0 0 1 4.6 5.7a2 2 0 0 1 2-2.2z"/>`),
  // Mountains and a sun.
  tourism: icon(svg`<path d="M2.5 19.5 9 9l4 6.5 2.5-3.5 6 7.5z"/><circle cx="17" cy="6" r="2"/>`),
  // A rising bar chart.
  investment: icon(svg`<path d="M4 20h16M6.5 20v-5M11 20v-8.5M15.5 20V9M20 4.5l-5 4-3.5-2.5L5 10.5"/>`),
  // A newspaper.
  news: icon(svg`<rect x="3" y="4" width="15" height="16" rx="1.5"/><path d="M18 8h3v10a2 2 0 0 1-4 0M6.5 8h8M6.5 11.5h8
    M6.5 15h5"/>`),
};

export const backIcon = icon(svg`<path d="M15 5l-7 7 7 7M8 12h12"/>`);
export const homeIcon = icon(svg`<path d="M3.5 11 12 4l8.5 7M6 9.5V20h4.5v-5.5h3V20H18V9.5"/>`);
export const globeIcon = icon(
  svg`<circle cx="12" cy="12" r="9"/><path d="M3 12h18M12 3c2.7 2.6 2.7 15.4 0 18M12 3c-2.7 2.6-2.7 15.4 0 18"/>`,
);
/** A large and a small T: text size. */
export const textSizeIcon = icon(svg`<path d="M3 6h10M8 6v13M14 11h7M17.5 11v8"/>`);
/** A fingertip's ripples: touch here. */
export const touchIcon = icon(
  svg`<circle cx="12" cy="12" r="2.5" fill="currentColor"/><circle cx="12" cy="12" r="6"/><circle cx="12" cy="12" r="9.5" opacity=".5"/>`,
);
