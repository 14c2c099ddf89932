/**
 * An item's LED text as the signs read it: which messages a sign channel shows under a resolution (an
 * item's `ledText`, the emergency notice's, or the dual-clock pseudo item), the languages to render, each
 * rendered on its own. The first stage of the sign pipeline (`pipeline.ts`).
 */

import type { SignProfile } from "../config/sign-profile-schema.js";
import type { Resolution } from "../domain/schedule/types.js";
import { type ContentItem, LANGUAGES, type Lang, type Localized } from "../domain/types.js";
import { renderMessage } from "./render/index.js";

/** The pseudo item that shows gate-local time beside Beijing time (see docs/signs.md). */
export const DUAL_CLOCK_ID = "clock:dual";

/** An item asks for the dual clock when its LED text (in any language) is `clock:dual`. */
export function isDualClockItem(item: Pick<ContentItem, "ledText">): boolean {
  return Object.values(item.ledText).some((t) => t?.trim() === DUAL_CLOCK_ID);
}

/** One LED message of a sign's content. */
export type SignMessage =
  | { readonly itemId: string; readonly kind: "text"; readonly text: Localized }
  | { readonly itemId: string; readonly kind: "dualClock" };

/** What a sign channel shows: its messages in play order, and the entries left out, each with why. */
export interface SignSelection {
  readonly messages: readonly SignMessage[];
  readonly problems: readonly string[];
}

function hasText(text: Localized): boolean {
  return Object.values(text).some((t) => t !== undefined && t.trim() !== "");
}

/** An item as a message: the dual clock when it asks for it, else its LED text (which may be empty). */
export function itemMessage(itemId: string, item: Pick<ContentItem, "ledText">): SignMessage {
  return isDualClockItem(item) ? { itemId, kind: "dualClock" } : { itemId, kind: "text", text: item.ledText };
}

/** What one sign channel shows under `resolution`, as LED messages in play order. */
export function signMessages(
  resolution: Resolution,
  signId: string,
  items: ReadonlyMap<string, Pick<ContentItem, "ledText">>,
): { messages: SignMessage[]; problems: string[] } {
  const channel = resolution.channels.find((c) => c.id === signId);
  const messages: SignMessage[] = [];
  const problems: string[] = [];
  for (const entry of channel?.entries ?? []) {
    const id = entry.itemId;
    if (id === DUAL_CLOCK_ID) {
      messages.push({ itemId: id, kind: "dualClock" });
    } else if (id.startsWith("emergency:")) {
      const alert = resolution.alert;
      if (alert && hasText(alert.ledText)) messages.push({ itemId: id, kind: "text", text: alert.ledText });
      else problems.push(`${id}: the emergency notice has no LED text`);
    } else {
      const item = items.get(id);
      if (!item) problems.push(`${id}: no such item`);
      else if (isDualClockItem(item) || hasText(item.ledText)) messages.push(itemMessage(id, item));
      else problems.push(`${id}: no LED text`);
    }
  }
  return { messages, problems };
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
