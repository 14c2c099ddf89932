/**
 * The schedule resolver: pure functions from a Snapshot (and an instant) to what every channel shows.
 * Data flows one way: store → resolver → channels; the API preview, the kiosks, the signs and proof of
 * play all ask these functions.
 */
export {
  type CompiledSnapshot,
  compileSnapshot,
  describeSchedule,
  EMERGENCY_PRIORITY,
  isCompiledSnapshot,
  LEVEL_OF,
} from "./compile.js";
export {
  type CompiledDayparts,
  compileDayparts,
  daypartActive,
  type InterruptShare,
  inInterruptSlot,
  nextSlotBoundary,
} from "./dayparts.js";
export { LOOKAHEAD_MS } from "./evaluate.js";
export { compileDateRule, type DateRule, lunarDateToEpochDay, occursOn } from "./occurs.js";
export { resolve, resolveChannel } from "./resolve.js";
export { timeline } from "./timeline.js";
export type { ChannelResolution, LintIssue, Resolution, ResolvedEntry, TimelineSegment } from "./types.js";
export { type LintOptions, lintSchedules } from "./validate.js";
