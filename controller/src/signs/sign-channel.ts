/**
 * A running sign: its driver on its serial line (or on a virtual sign's, when the site file gives no
 * `port`), fed by the sign pipeline. The protocol's frame type stays inside: the rest of the sign
 * extension sees a `SignChannel`.
 */

import type { SignProfile } from "../config/sign-profile-schema.js";
import type { SignConfig } from "../config/site-schema.js";
import type { Logger } from "../log.js";
import type { SlideShow } from "./driver/compose.js";
import type { ShowingSummary, SignDriverStatus } from "./driver/driver-status.js";
import { serialSettingsFor } from "./driver/line.js";
import { SignDriver } from "./driver/sign-driver.js";
import { serialTransport } from "./driver/transport.js";
import type { SignSelection } from "./led-text.js";
import { type PipelineOptions, runSignPipeline, signTargetOf } from "./pipeline.js";
import { withProtocol } from "./protocols/index.js";
import type { SignProtocol, SignTarget } from "./protocols/types.js";
import { startVirtualSign, type VirtualSign } from "./virtual.js";

export interface SignChannel {
  readonly config: SignConfig;
  readonly profile: SignProfile;
  readonly target: SignTarget;
  readonly virtual: VirtualSign | undefined;
  /** What the sign should show, as slides (what `GET /signs/{id}/showing.png` draws). */
  readonly slides: SlideShow | undefined;
  status(): SignDriverStatus;
  /**
   * Runs `selection` through the pipeline and hands the content to the driver; returns its summary (what
   * the protocol's plan left out included). Throws what the protocol refuses to carry.
   */
  feed(selection: SignSelection, options: PipelineOptions): ShowingSummary;
  refreshNow(): void;
  stop(): Promise<void>;
}

export interface StartSignOptions {
  /** Where a virtual sign shows what it displays. */
  readonly outDir: string;
  readonly logger: Logger;
  /** Test hook: run a virtual sign without socat. */
  readonly forceInProcess?: boolean;
}

export async function startSignChannel(
  sign: SignConfig,
  profile: SignProfile,
  options: StartSignOptions,
): Promise<SignChannel> {
  const target = signTargetOf(sign, profile);
  const serial = serialSettingsFor(profile, sign);
  const { logger } = options;
  const virtual = sign.port
    ? undefined
    : await startVirtualSign({
        id: sign.id,
        protocol: profile.protocol,
        panel: profile.panel,
        serial,
        address: sign.address,
        outDir: options.outDir,
        logger,
        ...(options.forceInProcess ? { forceInProcess: true } : {}),
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
    let slides: SlideShow | undefined;
    return {
      config: sign,
      profile,
      target,
      virtual,
      get slides() {
        return slides;
      },
      status: () => driver.status(),
      feed: (selection, pipelineOptions) => {
        const result = runSignPipeline({ profile, protocol, target }, selection, pipelineOptions);
        slides = result.show;
        if (!result.plan.ok) throw result.plan.error;
        driver.show(result.plan.content);
        return result.plan.content.summary;
      },
      refreshNow: () => driver.refreshNow(),
      stop: async () => {
        await driver.stop();
        await virtual?.stop();
      },
    };
  });
}
