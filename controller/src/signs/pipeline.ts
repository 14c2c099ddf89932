/**
 * The sign pipeline: a sign's LED messages → what its driver sends. The one path for both the driver feed
 * (`sign-feed.ts`) and the preview route (`routes.ts`), so a preview is exactly what the sign would get:
 * the same language choice, dual clock, render, slides, and the protocol's plan against the sign's own
 * target (its address and memory).
 *
 *   messages (led-text.ts) → a frame per language (render/) → slides (driver/compose.ts)
 *     → the protocol's plan (protocols/) → `DesiredContent` for the driver (driver/sign-driver.ts)
 *
 * Pure: values in, values out; the dual clock's instant is an argument.
 */

import { createHash } from "node:crypto";
import type { SignProfile } from "../config/sign-profile-schema.js";
import type { SignConfig } from "../config/site-schema.js";
import type { Lang } from "../domain/types.js";
import { parseSignAddress } from "./driver/address.js";
import {
  type ComposeFrame,
  type Composition,
  composeSlides,
  type SlideShow,
  showRequestOf,
} from "./driver/compose.js";
import type { ShowingSummary } from "./driver/driver-status.js";
import type { DesiredContent, DesiredSlide } from "./driver/sign-driver.js";
import { languagesOf, renderLanguages, type SignMessage, type SignSelection } from "./led-text.js";
import { withProtocol } from "./protocols/index.js";
import type { ShowPlan, SignProtocol, SignTarget } from "./protocols/types.js";
import { type RenderedFrame, renderDualClock } from "./render/index.js";
import { summaryOf, summaryWithPlan } from "./showing-summary.js";

/** A language frame of a message: what the slides are made of, with how the renderer drew it. */
export interface SignFrame extends ComposeFrame {
  readonly rendered: RenderedFrame;
}

/** A frame that could not be rendered: the message, its language (none for the dual clock), and why. */
export interface FrameFailure {
  readonly itemId: string;
  readonly language?: Lang;
  readonly reason: string;
}

/** Everything the pipeline needs of a sign. */
export interface SignSetup<F> {
  readonly profile: SignProfile;
  readonly protocol: SignProtocol<F>;
  /** The sign's address, colours, panel and memory (`signTargetOf`). */
  readonly target: SignTarget;
}

export interface PipelineOptions {
  /** The gate's languages, in its order. */
  readonly languages: readonly Lang[];
  /** The instant the dual clock shows, epoch ms. */
  readonly now: number;
  /** A text previewed before it is an item: also render the languages it has that the gate does not show. */
  readonly extraLanguages?: boolean;
}

/** The pipeline's output for a sign. */
export interface SignPipelineResult<F> {
  /** Every language frame rendered, in play order. */
  readonly frames: readonly SignFrame[];
  readonly failures: readonly FrameFailure[];
  /** The slides (what `GET /signs/{id}/showing.png` draws). */
  readonly show: SlideShow;
  /** The driver's content, or why the protocol refuses to carry the slides. */
  readonly plan:
    | { readonly ok: true; readonly content: DesiredContent<F> }
    | { readonly ok: false; readonly error: Error };
}

/** A sign's target as its profile says (colours, panel, memory), at the broadcast address. */
export function profileTarget(profile: SignProfile): SignTarget {
  return {
    colours: profile.colors,
    panel: { width: profile.panel.width, height: profile.panel.height },
    memory: { ...profile.memory },
  };
}

/** The sign's target: its address as the protocol reads it (throws when it does not parse), and its profile's. */
export function signTargetOf(sign: Pick<SignConfig, "address">, profile: SignProfile): SignTarget {
  const address = parseSignAddress(profile.protocol, sign.address);
  return { ...(address === undefined ? {} : { address }), ...profileTarget(profile) };
}

function frameOf(itemId: string, rendered: RenderedFrame): SignFrame {
  return { itemId, language: rendered.language, bitmap: rendered.bitmap, scroll: rendered.scroll, rendered };
}

function failureText(f: FrameFailure): string {
  return f.language === undefined ? `${f.itemId}: ${f.reason}` : `${f.itemId}/${f.language}: ${f.reason}`;
}

/** The frames of a sign's messages, and what could not be rendered (`problems` as the sign's summary says it). */
export function renderSignFrames(
  messages: readonly SignMessage[],
  languages: readonly Lang[],
  profile: SignProfile,
  now: number,
  extraLanguages = false,
): { frames: SignFrame[]; failures: FrameFailure[]; problems: string[] } {
  const frames: SignFrame[] = [];
  const failures: FrameFailure[] = [];
  for (const m of messages) {
    if (m.kind === "dualClock") {
      const clock = renderDualClock(now, profile);
      if (clock.ok) frames.push(frameOf(m.itemId, clock));
      else failures.push({ itemId: m.itemId, reason: clock.reason });
      continue;
    }
    for (const { language, result } of renderLanguages(
      m.text,
      languagesOf(m.text, languages, extraLanguages),
      profile,
    )) {
      if (result.ok) frames.push(frameOf(m.itemId, result));
      else failures.push({ itemId: m.itemId, language, reason: result.reason });
    }
  }
  return { frames, failures, problems: failures.map(failureText) };
}

/** Equal keys, equal pictures (and the same way of playing them). */
export function compositionKey(c: Composition): string {
  const h = createHash("sha256");
  h.update(`${c.layout}|${c.effect}|${c.dwellMs}|${c.bitmap.width}x${c.bitmap.height}|`);
  h.update(c.bitmap.pixels);
  return h.digest("hex").slice(0, 16);
}

/**
 * The protocol's plan for the slides: one plan with every slide where the sign plays them in turn by
 * itself (Alpha: as many as its memory holds, the rest named in the summary), else one plan per slide,
 * rotated by the driver (BX-5). Throws what the protocol throws for content it cannot carry.
 */
export function planContent<F>(
  show: SlideShow,
  summary: ShowingSummary,
  protocol: SignProtocol<F>,
  target: SignTarget,
): DesiredContent<F> {
  const keys = show.slides.map(compositionKey);
  const key = createHash("sha256").update(keys.join(",")).digest("hex").slice(0, 16);
  if (show.slides.length > 1 && (protocol.maxSlides?.(target) ?? 1) > 1) {
    // The sign plays the slides by itself: one plan, sent once, the line quiet until a change.
    const plan = protocol.show({ slides: show.slides.map(showRequestOf) }, target);
    const dwellMs = show.slides.reduce((t, c) => t + c.dwellMs, 0);
    return {
      key,
      slides: [{ key, plan, dwellMs }],
      summary: summaryWithPlan(show, summary, plan.notShown, "sign"),
    };
  }
  const plans = show.slides.map((c) => protocol.show(showRequestOf(c), target));
  const slides: DesiredSlide<F>[] = show.slides.map((c, i) => ({
    key: keys[i] as string,
    plan: plans[i] as ShowPlan<F>,
    dwellMs: c.dwellMs,
  }));
  const notShown = plans.flatMap((p, i) => (p.notShown ?? []).map((n) => ({ ...n, slide: i })));
  return {
    key,
    slides,
    summary: summaryWithPlan(show, summary, notShown, show.slides.length > 1 ? "driver" : "none"),
  };
}

/** Runs a sign's messages through every stage: render, slides, the protocol's plan. */
export function runSignPipeline<F>(
  sign: SignSetup<F>,
  selection: SignSelection,
  options: PipelineOptions,
): SignPipelineResult<F> {
  const { profile, protocol, target } = sign;
  const rendered = renderSignFrames(
    selection.messages,
    options.languages,
    profile,
    options.now,
    options.extraLanguages ?? false,
  );
  const show = composeSlides(rendered.frames, {
    panel: profile.panel,
    limits: protocol.limits,
    modes: profile.modes,
  });
  const summary = summaryOf(show, [...selection.problems, ...rendered.problems]);
  let plan: SignPipelineResult<F>["plan"];
  try {
    plan = { ok: true, content: planContent(show, summary, protocol, target) };
  } catch (error) {
    plan = { ok: false, error: error instanceof Error ? error : new Error(String(error)) };
  }
  return { frames: rendered.frames, failures: rendered.failures, show, plan };
}

/** The pipeline's output with the protocol's frame type left out: what a preview shows of it. */
export interface SignPreview extends Omit<SignPipelineResult<unknown>, "plan"> {
  readonly plan:
    | { readonly ok: true; readonly summary: ShowingSummary }
    | { readonly ok: false; readonly error: Error };
}

/** `runSignPipeline` with the protocol the profile names, for callers that do not drive the sign. */
export function previewSignPipeline(
  sign: Omit<SignSetup<unknown>, "protocol">,
  selection: SignSelection,
  options: PipelineOptions,
): SignPreview {
  return withProtocol(sign.profile.protocol, <F>(protocol: SignProtocol<F>): SignPreview => {
    const { plan, ...rest } = runSignPipeline({ ...sign, protocol }, selection, options);
    return { ...rest, plan: plan.ok ? { ok: true, summary: plan.content.summary } : plan };
  });
}
