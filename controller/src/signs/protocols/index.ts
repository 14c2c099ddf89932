/**
 * Sign protocols by name. A sign profile names its protocol; the driver takes it from here.
 *
 * Each protocol has its own frame type, so the registry is typed per key rather than erasing frames to
 * `unknown` (which would let a driver hand a BX-5 frame to an Alpha reply matcher). Code that works on
 * whichever protocol a profile names goes through `withProtocol`, generic in the frame type.
 */

import { type AlphaTransmission, alphaProtocol } from "./alpha/index.js";
import { type Bx5Frame, bx5Protocol } from "./bx5/index.js";
import type { ProtocolName, SignProtocol } from "./types.js";

export type { AlphaTransmission } from "./alpha/index.js";
export type { Bx5Frame } from "./bx5/index.js";
export * from "./types.js";

/** The frame type each protocol's parser produces and its reply matchers take. */
export interface ProtocolFrames {
  alpha: AlphaTransmission;
  bx5: Bx5Frame;
}

export const protocols: { readonly [K in ProtocolName]: SignProtocol<ProtocolFrames[K]> } = {
  alpha: alphaProtocol,
  bx5: bx5Protocol,
};

export type AnySignProtocol = (typeof protocols)[ProtocolName];

export function isProtocolName(name: string): name is ProtocolName {
  return Object.hasOwn(protocols, name);
}

/**
 * Runs `use` with the protocol called `name`, its frame type kept as a type parameter, e.g.
 * `withProtocol(profile.protocol, (p) => new SignDriver(p, port))` with `class SignDriver<F>`.
 */
export function withProtocol<R>(name: ProtocolName, use: <F>(protocol: SignProtocol<F>) => R): R {
  switch (name) {
    case "alpha":
      return use(protocols.alpha);
    case "bx5":
      return use(protocols.bx5);
  }
}
