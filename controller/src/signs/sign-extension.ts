/**
 * LED signs: the wiring. Starts a channel per site sign (its driver on its serial line, or a virtual
 * sign's when the site file gives no `port`: `sign-channel.ts`), feeds them what plays now on start and
 * on every change of the resolution or the content (`sign-feed.ts`, through the sign pipeline,
 * `pipeline.ts`), samples their states for the sign log (`sign-sampler.ts`), and reports their status
 * and health. One sign that cannot start is logged; the others keep running.
 */

import path from "node:path";
import type { Router } from "express";
import type { Settings } from "../config/settings.js";
import type { SignProfile } from "../config/sign-profile-schema.js";
import type { SignConfig } from "../config/site-schema.js";
import type { FeatureContext } from "../context.js";
import type { SignStatus } from "../contract/signs.js";
import type { Resolution } from "../domain/schedule/types.js";
import type { Extension } from "../extension.js";
import { SignEventsRepo } from "../store/sign-events-repo.js";
import { profileTarget, signTargetOf } from "./pipeline.js";
import type { SignTarget } from "./protocols/types.js";
import { signRoutes } from "./routes.js";
import { type SignChannel, startSignChannel } from "./sign-channel.js";
import { SignFeed } from "./sign-feed.js";
import { SignSampler } from "./sign-sampler.js";

// A sign's status is sent as it is: the contract's.
export type { SignStatus } from "../contract/signs.js";

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

export interface SignExtensionOptions {
  /** Test hook: run virtual signs without socat. */
  readonly forceInProcess?: boolean;
  /** Wall clock for the dual clock (epoch ms). */
  readonly now?: () => number;
}

type SignNeeds = "db" | "scheduler" | "disk";
type SignContext = FeatureContext<SignNeeds>;

export class SignExtension implements Extension<SignNeeds> {
  readonly name = "signs";
  readonly needs = ["db", "scheduler", "disk"] as const;
  readonly #settings: Settings;
  readonly #options: SignExtensionOptions;
  readonly #channels = new Map<string, SignChannel>();
  readonly #failed = new Map<string, string>();
  #feed: SignFeed | undefined;
  #sampler: SignSampler | undefined;
  #unsubscribe: (() => void) | undefined;
  #stopped = false;
  #logger: SignContext["logger"] | undefined;

  constructor(settings: Settings, options: SignExtensionOptions = {}) {
    this.#settings = settings;
    this.#options = options;
  }

  routes(ctx: SignContext): Router[] {
    return [
      signRoutes({
        sign: (id) => this.#previewSetup(id),
        list: () => this.list(),
        status: (id) => this.status(id),
        channel: (id) => this.channel(id),
        items: () => ctx.scheduler.content().items,
        languages: this.#settings.site.languages,
        now: () => this.#now(),
      }),
    ];
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

  async start(ctx: SignContext): Promise<void> {
    this.#logger = ctx.logger;
    for (const sign of this.#settings.site.signs) {
      try {
        const profile = this.#settings.signProfiles.get(sign.profile);
        if (!profile) throw new Error(`no sign profile "${sign.profile}"`);
        const channel = await startSignChannel(sign, profile, {
          outDir: this.#outDir(sign.id),
          logger: ctx.logger.child({ sign: sign.id }),
          ...(this.#options.forceInProcess ? { forceInProcess: true } : {}),
        });
        this.#channels.set(sign.id, channel);
      } catch (error) {
        const message = (error as Error).message;
        this.#failed.set(sign.id, message);
        ctx.logger.error(
          { sign: sign.id, err: message },
          `sign ${sign.id} could not start; the others keep running`,
        );
      }
    }
    const feed = new SignFeed({
      channels: () => this.#channels,
      current: () => ctx.scheduler.current(),
      items: () => ctx.scheduler.content().items,
      languages: this.#settings.site.languages,
      now: () => this.#now(),
      logger: ctx.logger,
    });
    this.#feed = feed;
    if (this.#stopped) feed.stop();
    const offs = [
      ctx.bus.on("resolutionChanged", () => feed.queueUpdate()),
      ctx.bus.on("contentChanged", () => feed.queueUpdate()),
    ];
    this.#unsubscribe = () => {
      for (const off of offs) off();
    };
    feed.update(ctx.scheduler.current());
    this.#sampler = new SignSampler({
      repo: new SignEventsRepo(ctx.db),
      disk: ctx.disk,
      logger: ctx.logger,
      signIds: () => this.#settings.site.signs.map((s) => s.id),
      status: (id) => this.#channels.get(id)?.status(),
      failed: (id) => this.#failed.get(id),
      now: () => this.#now(),
    });
    this.#sampler.start();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#unsubscribe?.();
    this.#feed?.stop();
    this.#sampler?.stop();
    await Promise.all(
      [...this.#channels].map(async ([id, c]) => {
        try {
          await c.stop();
          this.#logger?.info({ sign: id, virtual: c.virtual?.mode ?? null }, `sign ${id} stopped`);
        } catch (error) {
          this.#logger?.warn({ sign: id, err: error }, `sign ${id} did not stop cleanly`);
        }
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
    this.#feed?.update(resolution);
  }

  #now(): number {
    return (this.#options.now ?? Date.now)();
  }

  /**
   * A sign and the target its preview plans for: the running sign's; for one that could not start, its
   * profile's, broadcast when its address does not parse (the preview still shows what it would get).
   */
  #previewSetup(id: string): { sign: SignConfig; profile: SignProfile; target: SignTarget } | undefined {
    const found = this.config(id);
    if (!found) return undefined;
    const running = this.#channels.get(id);
    if (running) return { ...found, target: running.target };
    let target: SignTarget;
    try {
      target = signTargetOf(found.sign, found.profile);
    } catch {
      target = profileTarget(found.profile);
    }
    return { ...found, target };
  }

  #outDir(id: string): string {
    return path.join(this.#settings.dataDir, "signs", id);
  }
}

export function signExtension(settings: Settings, options?: SignExtensionOptions): SignExtension {
  return new SignExtension(settings, options);
}
