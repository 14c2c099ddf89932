import type { FeatureContext } from "../context.js";
import type { EditTarget } from "./editing.js";

/** Where the gate's content writes go, and the channel ids a schedule may name. */
export function editTarget(ctx: FeatureContext<"db">): EditTarget {
  const { site } = ctx.settings;
  return {
    db: ctx.db,
    bus: ctx.bus,
    languages: site.languages,
    channelIds: [
      ...site.kiosks.map((k) => k.id),
      ...site.signs.map((s) => s.id),
      ...site.screens.map((s) => s.id),
    ],
  };
}
