/**
 * LED signs: scheduler → render → protocol → driver, one driver per site sign.
 *
 * On start and on every `resolutionChanged`, each sign channel's entries become LED messages (an item's
 * `ledText`; during an emergency the alert's `ledText`, which interrupts at once; the `clock:dual` pseudo
 * item, the dual VN/Beijing clock), each message is rendered for the gate's languages at the sign's panel
 * size, the frames are put into slides (`composeSlides`), and the protocol's plan is handed to the sign's
 * driver: one plan with every slide where the sign plays them in turn by itself (Alpha: as many as its
 * memory holds, the rest reported in `problems`), else one plan per slide, rotated by the driver (BX-5).
 * The driver drops a stale send when newer content arrives and sends nothing when nothing changed.
 *
 * A sign without `port` in the site file gets a virtual sign (`virtual.ts`).
 */

import { createHash } from "node:crypto";
import path from "node:path";
import type { Statement } from "better-sqlite3";
import type { Router } from "express";
import type { Settings } from "../config/settings.js";
import type { SignProfile } from "../config/sign-profile-schema.js";
import type { SignConfig } from "../config/site-schema.js";
import type { Context } from "../context.js";
import type { Resolution } from "../domain/schedule/types.js";
import type { ContentItem, Lang, Localized } from "../domain/types.js";
import type { Extension } from "../extension.js";
import { signRoutes } from "../http/sign-routes.js";
import { DiskLowError } from "../ops/disk-guard.js";
import { appendSignEvents } from "../store/sign-events-repo.js";
import { parseSignAddress } from "./driver/address.js";
import {
  type ComposeFrame,
  type Composition,
  composeSlides,
  type SlideShow,
  showRequestOf,
} from "./driver/compose.js";
import { serialSettingsFor } from "./driver/line.js";
import {
  type DesiredSlide,
  type ShowingSummary,
  SignDriver,
  type SignDriverStatus,
} from "./driver/sign-driver.js";
import { serialTransport } from "./driver/transport.js";
import { DUAL_CLOCK_ID, isDualClockItem, languagesOf, renderLanguages } from "./led-text.js";
import { withProtocol } from "./protocols/index.js";
import type { ShowPlan, SignProtocol, SignTarget } from "./protocols/types.js";
import { type RenderedFrame, renderDualClock } from "./render/index.js";
import { observeSign, type SignObservation, signTransitions } from "./sign-events.js";
import { startVirtualSign, type VirtualSign } from "./virtual.js";

/** One LED message of a sign's content. */
export type SignMessage =
  | { readonly itemId: string; readonly kind: "text"; readonly text: Localized }
  | { readonly itemId: string; readonly kind: "dualClock" };

function hasText(text: Localized): boolean {
  return Object.values(text).some((t) => t !== undefined && t.trim() !== "");
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
      else if (isDualClockItem(item)) messages.push({ itemId: id, kind: "dualClock" });
      else if (hasText(item.ledText)) messages.push({ itemId: id, kind: "text", text: item.ledText });
      else problems.push(`${id}: no LED text`);
    }
  }
  return { messages, problems };
}

function frameOf(itemId: string, f: RenderedFrame): ComposeFrame {
  return { itemId, language: f.language, bitmap: f.bitmap, scroll: f.scroll };
}

/** The frames of a sign's messages, and what could not be rendered. */
export function renderSignFrames(
  messages: readonly SignMessage[],
  languages: readonly Lang[],
  profile: SignProfile,
  now: number,
): { frames: ComposeFrame[]; problems: string[] } {
  const frames: ComposeFrame[] = [];
  const problems: string[] = [];
  for (const m of messages) {
    if (m.kind === "dualClock") {
      const clock = renderDualClock(now, profile);
      if (clock.ok) frames.push(frameOf(m.itemId, clock));
      else problems.push(`${m.itemId}: ${clock.reason}`);
      continue;
    }
    for (const { language, result } of renderLanguages(
      m.text,
      languagesOf(m.text, languages, false),
      profile,
    )) {
      if (result.ok) frames.push(frameOf(m.itemId, result));
      else problems.push(`${m.itemId}/${language}: ${result.reason}`);
    }
  }
  return { frames, problems };
}

export function compositionKey(c: Composition): string {
  const h = createHash("sha256");
  h.update(`${c.layout}|${c.effect}|${c.dwellMs}|${c.bitmap.width}x${c.bitmap.height}|`);
  h.update(c.bitmap.pixels);
  return h.digest("hex").slice(0, 16);
}

export function summaryOf(show: SlideShow, problems: readonly string[]): ShowingSummary {
  const itemIds: string[] = [];
  for (const slide of show.slides)
    for (const f of slide.frames) if (!itemIds.includes(f.itemId)) itemIds.push(f.itemId);
  return {
    itemIds,
    frames: show.slides.flatMap((slide, index) =>
      slide.frames.map((f) => ({
        itemId: f.itemId,
        language: f.language,
        width: f.bitmap.width,
        height: f.bitmap.height,
        scroll: f.scroll,
        slide: index,
      })),
    ),
    slides: show.slides.map((c) => ({
      layout: c.layout,
      effect: c.effect,
      width: c.bitmap.width,
      height: c.bitmap.height,
      dwellMs: c.dwellMs,
    })),
    problems: [...problems, ...show.problems],
  };
}

/**
 * The summary once the protocol's plan is known: the slides it leaves out (they do not fit the sign's
 * memory) marked and named in `problems`, `itemIds` only what is on the sign, and who turns the slides.
 */
export function summaryWithPlan(
  show: SlideShow,
  summary: ShowingSummary,
  notShown: ShowPlan<unknown>["notShown"],
  rotation: NonNullable<ShowingSummary["rotation"]>,
): ShowingSummary {
  const left = new Map((notShown ?? []).map((n) => [n.slide, n.reason]));
  if (left.size === 0) return { ...summary, rotation };
  const itemIds: string[] = [];
  show.slides.forEach((slide, index) => {
    if (left.has(index)) return;
    for (const f of slide.frames) if (!itemIds.includes(f.itemId)) itemIds.push(f.itemId);
  });
  const problems = [...summary.problems];
  for (const [index, reason] of left) {
    const frames = show.slides[index]?.frames.map((f) => `${f.itemId}/${f.language}`) ?? [];
    const what = frames.length > 0 ? ` (${frames.join(", ")})` : "";
    problems.push(`slide ${index + 1} of ${show.slides.length}${what} not shown: ${reason}`);
  }
  return {
    ...summary,
    itemIds,
    slides: summary.slides.map((s, index) => {
      const reason = left.get(index);
      return reason === undefined ? s : { ...s, notShown: reason };
    }),
    problems,
    rotation,
  };
}

// ---------------------------------------------------------------------------------------------------------

/** A running sign, its protocol's frame type hidden. */
export interface SignChannel {
  readonly config: SignConfig;
  readonly profile: SignProfile;
  readonly target: SignTarget;
  readonly limits: { readonly maxBitmapWidth: number; readonly maxBitmapHeight: number };
  readonly virtual: VirtualSign | undefined;
  /** What the sign should show, as slides (what `GET /signs/{id}/showing.png` draws). */
  slides: SlideShow | undefined;
  status(): SignDriverStatus;
  /** Hands the slides to the driver; returns the summary with what the protocol's plan left out. */
  show(show: SlideShow, summary: ShowingSummary): ShowingSummary;
  refreshNow(): void;
  stop(): Promise<void>;
}

export interface SignStatus extends Partial<SignDriverStatus> {
  id: string;
  name: string;
  profile: string;
  protocol: string;
  model: string;
  panel: { width: number; height: number };
  colors: number;
  address: string;
  /** `pty` or `in-process` for a virtual sign; null for real hardware. */
  virtual: "pty" | "in-process" | null;
  /** Where a virtual sign shows what it displays. */
  outDir: string | null;
  /** The sign could not be started (bad address, …); nothing else works for it. */
  failed?: string;
}

/** How a sign is doing, as the heartbeat tells the central office (`centralExtensions`' `signHealth`). */
export interface SignHealth {
  id: string;
  name: string;
  state: string;
  online: boolean;
  responding: boolean | null;
  lastError: string | null;
  showing: string[];
}

/** How often every sign's state is sampled for the sign log. */
const SAMPLE_EVERY_MS = 5_000;

export interface SignExtensionOptions {
  /** Test hook: run virtual signs without socat. */
  readonly forceInProcess?: boolean;
  /** Wall clock for the dual clock (epoch ms). */
  readonly now?: () => number;
}

function targetFor(sign: SignConfig, profile: SignProfile): SignTarget {
  const address = parseSignAddress(profile.protocol, sign.address);
  return {
    ...(address === undefined ? {} : { address }),
    colours: profile.colors,
    panel: { width: profile.panel.width, height: profile.panel.height },
    memory: { ...profile.memory },
  };
}

export class SignExtension implements Extension {
  readonly name = "signs";
  readonly #settings: Settings;
  readonly #options: SignExtensionOptions;
  readonly #channels = new Map<string, SignChannel>();
  readonly #failed = new Map<string, string>();
  readonly #problemsLogged = new Map<string, string>();
  #ctx: Context | undefined;
  #unsubscribe: (() => void) | undefined;
  #clockTimer: ReturnType<typeof setTimeout> | undefined;
  #sampleTimer: ReturnType<typeof setInterval> | undefined;
  readonly #observed = new Map<string, SignObservation>();
  #originOf: Statement | undefined;
  #startedAtMs = 0;
  #updateQueued = false;
  #stopped = false;

  constructor(settings: Settings, options: SignExtensionOptions = {}) {
    this.#settings = settings;
    this.#options = options;
  }

  get settings(): Settings {
    return this.#settings;
  }

  routes(ctx: Context): Router[] {
    return [signRoutes(ctx, this)];
  }

  readonly health = (): Record<string, unknown> =>
    Object.fromEntries(
      this.list().map((s) => [
        s.id,
        {
          state: s.failed ? "failed" : s.state,
          connected: s.connected ?? false,
          responding: s.responding ?? null,
          virtual: s.virtual,
          errors: s.errors ?? 0,
          pending: s.pending ?? false,
          showing: s.showing?.itemIds ?? [],
          lastError: s.failed ?? s.lastError?.message ?? null,
        },
      ]),
    );

  /** Each sign's health as the heartbeat reports it to the central office. */
  healthList(): SignHealth[] {
    return this.list().map((s) => ({
      id: s.id,
      name: s.name,
      state: s.failed ? "failed" : (s.state ?? "unknown"),
      online: !s.failed && s.state === "connected" && s.responding !== false,
      responding: s.responding ?? null,
      lastError: s.failed ?? s.lastError?.message ?? null,
      showing: [...(s.showing?.itemIds ?? [])],
    }));
  }

  async start(ctx: Context): Promise<void> {
    this.#ctx = ctx;
    for (const sign of this.#settings.site.signs) {
      try {
        this.#channels.set(sign.id, await this.#startSign(ctx, sign));
      } catch (error) {
        const message = (error as Error).message;
        this.#failed.set(sign.id, message);
        ctx.logger.error(
          { sign: sign.id, err: message },
          `sign ${sign.id} could not start; the others keep running`,
        );
      }
    }
    // An edited LED text changes no resolution (the same items play): listen to content changes too.
    // Both come in bursts (a save emits contentChanged, then maybe resolutionChanged): one update, after
    // the scheduler has taken the change in. Content the sign already has is not sent again.
    const queueUpdate = () => {
      if (this.#updateQueued) return;
      this.#updateQueued = true;
      setImmediate(() => {
        this.#updateQueued = false;
        this.#updateNow("content changed");
      });
    };
    const offs = [ctx.bus.on("resolutionChanged", queueUpdate), ctx.bus.on("contentChanged", queueUpdate)];
    this.#unsubscribe = () => {
      for (const off of offs) off();
    };
    this.update(ctx.scheduler.current());
    this.#startedAtMs = this.#now();
    this.#sampleTimer = setInterval(() => {
      try {
        this.#sampleSigns();
      } catch (error) {
        // Reading the store failed (not only the write, handled inside): the next sample tries again.
        ctx.logger.warn({ err: (error as Error).message }, "sign states not sampled");
        this.#observed.clear();
      }
    }, SAMPLE_EVERY_MS);
    this.#sampleTimer.unref();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#unsubscribe?.();
    clearTimeout(this.#clockTimer);
    clearInterval(this.#sampleTimer);
    this.#writeStopped();
    await Promise.all(
      [...this.#channels.values()].map(async (c) => {
        await c.stop().catch(() => undefined);
      }),
    );
    this.#channels.clear();
  }

  channel(id: string): SignChannel | undefined {
    return this.#channels.get(id);
  }

  config(id: string): { sign: SignConfig; profile: SignProfile } | undefined {
    const sign = this.#settings.site.signs.find((s) => s.id === id);
    const profile = sign && this.#settings.signProfiles.get(sign.profile);
    return sign && profile ? { sign, profile } : undefined;
  }

  list(): SignStatus[] {
    return this.#settings.site.signs.flatMap((sign) => {
      const one = this.status(sign.id);
      return one ? [one] : [];
    });
  }

  status(id: string): SignStatus | undefined {
    const found = this.config(id);
    if (!found) return undefined;
    const { sign, profile } = found;
    const channel = this.#channels.get(id);
    const failed = this.#failed.get(id);
    return {
      id: sign.id,
      name: sign.name,
      profile: profile.id,
      protocol: profile.protocol,
      model: profile.model,
      panel: { width: profile.panel.width, height: profile.panel.height },
      colors: profile.colors,
      address: sign.address,
      virtual: channel?.virtual?.mode ?? null,
      outDir: channel?.virtual ? this.#outDir(id) : null,
      ...(channel ? channel.status() : {}),
      ...(failed ? { failed } : {}),
    };
  }

  /** Works out every sign's content for `resolution` and hands it to the drivers. */
  update(resolution: Resolution): void {
    const ctx = this.#ctx;
    if (!ctx || this.#stopped) return;
    const now = (this.#options.now ?? Date.now)();
    const items = ctx.scheduler.content().items;
    let clockShown = false;
    for (const [id, channel] of this.#channels) {
      try {
        const { messages, problems } = signMessages(resolution, id, items);
        if (messages.some((m) => m.kind === "dualClock")) clockShown = true;
        const rendered = renderSignFrames(messages, this.#settings.site.languages, channel.profile, now);
        const show = composeSlides(rendered.frames, {
          panel: channel.profile.panel,
          limits: channel.limits,
          modes: channel.profile.modes,
        });
        channel.slides = show;
        const summary = channel.show(show, summaryOf(show, [...problems, ...rendered.problems]));
        const logged = JSON.stringify(summary.problems);
        if (logged !== this.#problemsLogged.get(id)) {
          // Once per change, not at every minute of a clock.
          this.#problemsLogged.set(id, logged);
          for (const p of summary.problems) ctx.logger.warn({ sign: id }, `sign ${id}: ${p}`);
        }
      } catch (error) {
        ctx.logger.error({ sign: id, err: error }, `sign ${id}: could not prepare its content`);
      }
    }
    clearTimeout(this.#clockTimer);
    if (clockShown) {
      // The clock changes every minute: render again just after the next minute starts.
      const delay = 60_000 - (now % 60_000) + 50;
      this.#clockTimer = setTimeout(() => this.#updateNow("clock"), delay);
      this.#clockTimer.unref();
    }
  }

  #now(): number {
    return (this.#options.now ?? Date.now)();
  }

  /** An update no caller waits for (a bus event, the clock's minute): a failure is logged, not thrown. */
  #updateNow(cause: string): void {
    const ctx = this.#ctx;
    if (!ctx || this.#stopped) return;
    try {
      this.update(ctx.scheduler.current());
    } catch (error) {
      ctx.logger.error({ err: error, cause }, "signs not updated; trying again in a minute");
      clearTimeout(this.#clockTimer);
      this.#clockTimer = setTimeout(() => this.#updateNow("retry"), 60_000);
      this.#clockTimer.unref();
    }
  }

  /**
   * Logs what changed in every sign's state since the last sample (sign_events, for the reports).
   * Sampling rather than hooking the driver keeps the driver free of storage; a report's resolution
   * of a few seconds is far finer than the hours it counts.
   */
  #diskLowLogged = false;

  #sampleSigns(): void {
    const ctx = this.#ctx;
    if (!ctx || this.#stopped || !ctx.db.open) return;
    const now = this.#now();
    const at = new Date(now).toISOString();
    this.#originOf ??= ctx.db.prepare("SELECT origin FROM items WHERE id = ?").pluck();
    const originOf = this.#originOf;
    const origin = (itemId: string) => (originOf.get(itemId) as string | undefined) ?? null;
    const events = this.#settings.site.signs.flatMap((sign) => {
      const next = observeSign(
        this.#channels.get(sign.id)?.status(),
        this.#failed.get(sign.id),
        now - this.#startedAtMs,
        origin,
      );
      const drafts = signTransitions(sign.id, this.#observed.get(sign.id), next, at);
      if (next.online !== null) this.#observed.set(sign.id, next);
      return drafts;
    });
    try {
      if (events.length > 0) ctx.disk.guard("sign events", () => appendSignEvents(ctx.db, events));
      this.#diskLowLogged = false;
    } catch (error) {
      // The log is for reports: a full disk must not stop the signs; the whole state is logged again
      // once it can be. Low disk is said once, not at every sample.
      if (!(error instanceof DiskLowError) || !this.#diskLowLogged) {
        ctx.logger.warn({ err: (error as Error).message }, "sign events not recorded");
      }
      if (error instanceof DiskLowError) this.#diskLowLogged = true;
      this.#observed.clear();
    }
  }

  /** The controller stops: from here on nothing is known of the signs until it runs again. */
  #writeStopped(): void {
    const ctx = this.#ctx;
    if (!ctx?.db.open || this.#observed.size === 0) return;
    const at = new Date(this.#now()).toISOString();
    try {
      appendSignEvents(
        ctx.db,
        [...this.#observed.keys()].map((signId) => ({ signId, at, kind: "stopped" as const, detail: {} })),
      );
    } catch {
      // Stopping anyway; the next start's first sample continues the log.
    }
    this.#observed.clear();
  }

  #outDir(id: string): string {
    return path.join(this.#settings.dataDir, "signs", id);
  }

  async #startSign(ctx: Context, sign: SignConfig): Promise<SignChannel> {
    const profile = this.#settings.signProfiles.get(sign.profile);
    if (!profile) throw new Error(`no sign profile "${sign.profile}"`);
    const target = targetFor(sign, profile);
    const serial = serialSettingsFor(profile, sign);
    const logger = ctx.logger.child({ sign: sign.id });
    const virtual = sign.port
      ? undefined
      : await startVirtualSign({
          id: sign.id,
          protocol: profile.protocol,
          panel: profile.panel,
          serial,
          address: sign.address,
          outDir: this.#outDir(sign.id),
          logger,
          ...(this.#options.forceInProcess ? { forceInProcess: true } : {}),
        });
    const port = sign.port ?? virtual?.port ?? "?";
    const open = sign.port ? serialTransport(sign.port, serial) : (virtual as VirtualSign).open;
    return withProtocol(profile.protocol, <F>(protocol: SignProtocol<F>): SignChannel => {
      const driver = new SignDriver<F>({
        id: sign.id,
        protocol,
        target,
        serial,
        port,
        open,
        logger,
        refreshIntervalMs: profile.refreshIntervalS * 1000,
      });
      driver.start();
      return {
        config: sign,
        profile,
        target,
        limits: protocol.limits,
        virtual,
        slides: undefined,
        status: () => driver.status(),
        show: (show, summary) => {
          const keys = show.slides.map(compositionKey);
          const key = createHash("sha256").update(keys.join(",")).digest("hex").slice(0, 16);
          let slides: DesiredSlide<F>[];
          let shown: ShowingSummary;
          if (show.slides.length > 1 && (protocol.maxSlides?.(target) ?? 1) > 1) {
            // The sign plays the slides by itself: one plan, sent once, the line quiet until a change.
            const plan = protocol.show({ slides: show.slides.map(showRequestOf) }, target);
            const dwellMs = show.slides.reduce((t, c) => t + c.dwellMs, 0);
            slides = [{ key, plan, dwellMs }];
            shown = summaryWithPlan(show, summary, plan.notShown, "sign");
          } else {
            const plans = show.slides.map((c) => protocol.show(showRequestOf(c), target));
            slides = show.slides.map((c, i) => ({
              key: keys[i] as string,
              plan: plans[i] as ShowPlan<F>,
              dwellMs: c.dwellMs,
            }));
            const notShown = plans.flatMap((p, i) => (p.notShown ?? []).map((n) => ({ ...n, slide: i })));
            shown = summaryWithPlan(show, summary, notShown, show.slides.length > 1 ? "driver" : "none");
          }
          driver.show({ key, slides, summary: shown });
          return shown;
        },
        refreshNow: () => driver.refreshNow(),
        stop: async () => {
          await driver.stop();
          await virtual?.stop();
        },
      };
    });
  }
}

export function signExtension(settings: Settings, options?: SignExtensionOptions): SignExtension {
  return new SignExtension(settings, options);
}
