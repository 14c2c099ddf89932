/**
 * An item's LED text as the signs read it: the dual-clock pseudo item, the languages to render, each
 * rendered on its own. Shared by the sign extension (what the driver is fed) and the preview route;
 * its own file so that the route does not import the extension, which mounts it.
 */

import type { SignProfile } from "../config/sign-profile-schema.js";
import { type ContentItem, LANGUAGES, type Lang, type Localized } from "../domain/types.js";
import { renderMessage } from "./render/index.js";

/** The pseudo item that shows gate-local time beside Beijing time (see docs/signs.md). */
export const DUAL_CLOCK_ID = "clock:dual";

/** An item asks for the dual clock when its LED text (in any language) is `clock:dual`. */
export function isDualClockItem(item: Pick<ContentItem, "ledText">): boolean {
  return Object.values(item.ledText).some((t) => t?.trim() === DUAL_CLOCK_ID);
}

export interface RenderedLanguage {
  readonly language: Lang;
  readonly result: ReturnType<typeof renderMessage>;
}

/**
 * The languages of `text` to render: the gate's languages first, in its order, then (only when `extra`)
 * any other language the text has, in the catalogue's order.
 */
export function languagesOf(text: Localized, gateLanguages: readonly Lang[], extra: boolean): Lang[] {
  const has = (l: Lang) => (text[l] ?? "").trim() !== "";
  const out = gateLanguages.filter(has);
  if (extra) for (const l of LANGUAGES) if (!out.includes(l) && has(l)) out.push(l);
  return out;
}

/** Renders each language on its own, so one that can't be shown does not take the others with it. */
export function renderLanguages(
  text: Localized,
  languages: readonly Lang[],
  profile: SignProfile,
): RenderedLanguage[] {
  return languages.map((language) => ({ language, result: renderMessage(text, profile, { language }) }));
}
