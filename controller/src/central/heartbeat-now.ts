/**
 * What plays at a gate, as its heartbeat tells the central office: each channel's id and name, and
 * for each item its id and its title in the gate's first language (Vietnamese), so the fleet screen
 * reads names. Pure: the resolution and the content it was resolved from go in, the wire shape out.
 */
import type { HeartbeatChannel } from "../contract/central.js";
import { formatGateIso } from "../domain/instant.js";
import type { Resolution } from "../domain/schedule/types.js";
import type { Lang, Localized, Snapshot } from "../domain/types.js";

/** The office's schema refuses longer names and titles (office.ts): cut here, never refused there. */
export const HEARTBEAT_TEXT_MAX = 200;

/** At most `max` UTF-16 units (what zod's `max` counts), never splitting a surrogate pair. */
export function boundedText(text: string, max = HEARTBEAT_TEXT_MAX): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** The text in `lang`, else in any language the item has (an LED message may have only its ledText). */
function pick(lang: Lang, ...texts: Localized[]): string | null {
  for (const t of texts) {
    const text = t[lang]?.trim();
    if (text) return text;
  }
  for (const t of texts) {
    const text = Object.values(t).find((v) => v?.trim());
    if (text) return text.trim();
  }
  return null;
}

export function heartbeatNow(
  resolution: Resolution,
  content: Pick<Snapshot, "items" | "channels" | "languages">,
): { at: string; channels: HeartbeatChannel[] } {
  const lang = content.languages[0] ?? "vi";
  const names = new Map(content.channels.map((c) => [c.id, c.name]));
  const alert = resolution.alert;
  const title = (itemId: string): string | null => {
    const item = content.items.get(itemId);
    let text: string | null = null;
    if (item) text = pick(lang, item.title, item.ledText);
    else if (alert && itemId === `emergency:${alert.id}`) text = pick(lang, alert.title, alert.ledText);
    return text === null ? null : boundedText(text);
  };
  return {
    at: formatGateIso(resolution.at),
    channels: resolution.channels.map((c) => {
      const name = names.get(c.id);
      return {
        id: c.id,
        ...(name ? { name: boundedText(name) } : {}),
        items: c.entries.map((e) => e.itemId),
        titles: c.entries.map((e) => title(e.itemId)),
      };
    }),
  };
}
