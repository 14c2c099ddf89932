/**
 * Records a big screen's player sends, for the report tests (unit, integration, e2e): one day of a
 * screen's programme and the skips of videos it could not play.
 */
import type { ProofPlay, ProofSkip } from "../../controller/src/contract/kiosk.js";

export const H = 3_600_000;
export const MIN = 60_000;
export const iso = (ms: number): string => new Date(ms).toISOString();

/** A skip at `at`; `extra` adds the browser's words or the language shown. */
export function skipAt(
  at: number,
  itemId: string,
  reason: ProofSkip["reason"],
  extra: Pick<ProofSkip, "detail" | "language"> = {},
): ProofSkip {
  return { itemId, scheduleId: null, at: iso(at), reason, ...extra };
}

/** From `t0`: the Tết film in Chinese then Vietnamese (an hour each), then half an hour of border rules in English. */
export function screenProgramme(t0: number): ProofPlay[] {
  return [
    { itemId: "tet-film", scheduleId: null, startedAt: iso(t0), durationMs: H, language: "zh-Hans" },
    { itemId: "tet-film", scheduleId: null, startedAt: iso(t0 + H), durationMs: H, language: "vi" },
    {
      itemId: "border-rules",
      scheduleId: null,
      startedAt: iso(t0 + 2 * H),
      durationMs: 30 * MIN,
      language: "en",
    },
  ];
}
