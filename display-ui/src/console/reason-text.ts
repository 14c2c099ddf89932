/**
 * Why an entry of `/now` plays, in the operator's language and with names: the controller's `why` (ids
 * and numbers) worded here, since its `reason` is English with ids, for logs and API clients.
 */
import type { ChannelKind, ContentItem, Lang } from "../../../controller/src/contract/content.js";
import type { NowAlert, NowEntry, NowReasonSchedule } from "../../../controller/src/contract/playout.js";
import { pickText } from "./format.js";
import { type ConsoleLang, type MessageKey, tr } from "./i18n.js";

/** A channel kind in words (a badge, and "nothing playable on this …"). */
export const CHANNEL_LABEL = {
  kiosk: "channelKiosk",
  sign: "channelSign",
  screen: "channelScreen",
} as const satisfies Record<ChannelKind, MessageKey>;

/** Where the words come from: each lookup answers undefined for an id it does not know. */
export interface ReasonContext {
  lang: ConsoleLang;
  /** The kind of the channel the entry is on ("nothing playable on this sign"). */
  channelKind: ChannelKind;
  scheduleName(id: string): string | undefined;
  /** The holiday's name in `lang` (from `GET /calendar`). */
  holidayName(id: string): string | undefined;
  /** The emergency notice's title (from `/now`'s alert). */
  noticeTitle(id: string): string | undefined;
}

const LEVEL_WORDS: Record<NowReasonSchedule["level"], MessageKey> = {
  interrupt: "reasonInterrupt",
  holiday: "reasonHoliday",
  normal: "reasonNormal",
  default: "reasonDefault",
};

/** Past this many, a list of schedules says "and N more" (a gate may rotate dozens). */
const MAX_NAMED = 3;

function scheduleLabel(ctx: ReasonContext, id: string): string {
  return ctx.scheduleName(id)?.trim() || id;
}

/** `chương trình ngày lễ “Chào Xuân” (Tết Nguyên đán, ưu tiên 60)`. */
function describe(
  ctx: ReasonContext,
  s: NowReasonSchedule & {
    share?: { secondsPerHour: number; slotsPerHour: number };
    fromMoment?: { hours: number; known: boolean };
  },
): string {
  const t = (key: MessageKey, vars?: Record<string, string | number>) => tr(ctx.lang, key, vars);
  const details: string[] = [];
  if (s.share) details.push(t("reasonShare", { s: s.share.secondsPerHour, n: s.share.slotsPerHour }));
  if (s.holiday) {
    const name = ctx.holidayName(s.holiday) || s.holiday;
    // Timed from the holiday's moment: "24 giờ kể từ lúc Tết Chôl Chnăm Thmây bắt đầu".
    if (s.fromMoment) {
      const key = s.fromMoment.known ? "reasonFromMoment" : "reasonFromMomentUnknown";
      details.push(t(key, { hours: s.fromMoment.hours, name }));
    } else {
      details.push(name);
    }
  }
  details.push(t("reasonPriority", { n: s.priority }));
  return `${t(LEVEL_WORDS[s.level], { name: scheduleLabel(ctx, s.scheduleId) })} (${details.join(", ")})`;
}

function nameList(ctx: ReasonContext, labels: readonly string[]): string {
  const shown = labels.slice(0, MAX_NAMED).join(", ");
  return labels.length > MAX_NAMED
    ? tr(ctx.lang, "reasonMore", { list: shown, n: labels.length - MAX_NAMED })
    : shown;
}

function capitalized(text: string): string {
  return text.charAt(0).toLocaleUpperCase("vi") + text.slice(1);
}

/**
 * The reason as a sentence in `ctx.lang`; an answer without `why` (an older controller) keeps the
 * controller's English `reason`.
 */
export function reasonText(
  entry: Pick<NowEntry, "reason"> & { why?: NowEntry["why"] },
  ctx: ReasonContext,
): string {
  const why = entry.why;
  if (!why) return entry.reason;
  if (why.level === "emergency") {
    return tr(ctx.lang, "reasonEmergency", { title: ctx.noticeTitle(why.noticeId) || why.noticeId });
  }
  let text = describe(ctx, why);
  const others = (why.rotation ?? []).filter((id) => id !== why.scheduleId);
  if (others.length > 0) {
    text = tr(ctx.lang, "reasonRotating", {
      winner: text,
      list: nameList(
        ctx,
        others.map((id) => `“${scheduleLabel(ctx, id)}”`),
      ),
    });
  }
  if (why.over) text = tr(ctx.lang, "reasonOver", { winner: text, over: describe(ctx, why.over) });
  if (why.skipped?.length) {
    const channel = tr(ctx.lang, CHANNEL_LABEL[ctx.channelKind]);
    const list = nameList(
      ctx,
      why.skipped.map((s) => describe(ctx, s)),
    );
    text += `; ${tr(ctx.lang, "reasonSkipped", { list, channel })}`;
  }
  return capitalized(text);
}

/**
 * What an entry is called: the item's title (its LED text on a sign), the notice's title for an
 * emergency; undefined when neither is known (the caller shows the id).
 */
export function entryTitle(
  itemId: string,
  items: readonly ContentItem[],
  alert: NowAlert | undefined,
  lang: ConsoleLang,
): { text: string; lang: Lang } | undefined {
  if (itemId.startsWith("emergency:")) {
    const notice = alert && `emergency:${alert.id}` === itemId ? alert : undefined;
    const title = notice ? pickText(notice.title, lang) : undefined;
    return title?.text ? title : { text: tr(lang, "emergencyEntry"), lang };
  }
  const item = items.find((i) => i.id === itemId);
  if (!item) return undefined;
  const text = pickText(item.kind === "led" ? item.ledText : item.title, lang);
  return text.text ? text : undefined;
}
