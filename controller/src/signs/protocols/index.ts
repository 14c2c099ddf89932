/**
 * Sign protocols by name: the one list. A sign profile names its protocol; the profile schema, the
 * driver, address parsing, the emulator and the CLI all take it from here. Adding a protocol is one
 * folder exporting a `defineProtocol(…)` (see `definition.ts`) plus one line in `registry` below.
 *
 * Each protocol has its own frame type, so the registry is typed per key rather than erasing frames to
 * `unknown` (which would let a driver hand a BX-5 frame to an Alpha reply matcher). Code that works on
 * whichever protocol a profile names goes through `withProtocol`, generic in the frame type.
 */

import { alphaDefinition } from "./alpha/definition.js";
import { bx5Definition } from "./bx5/definition.js";
import type { RegisteredProtocol } from "./definition.js";
import type { SignProtocol } from "./types.js";

export type { AlphaTransmission } from "./alpha/index.js";
export type { Bx5Frame } from "./bx5/index.js";
export type { AddressRules, EmulatorOptions, ProtocolDefinition, RegisteredProtocol } from "./definition.js";
export * from "./types.js";

export const registry = {
  alpha: alphaDefinition,
  bx5: bx5Definition,
} as const;

export type ProtocolName = keyof typeof registry;

/** The registry's names, in order, as the tuple `z.enum` takes. */
// Object.keys types its result as string[]; the keys of `registry` are exactly ProtocolName.
export const protocolNames = Object.freeze(Object.keys(registry)) as readonly [
  ProtocolName,
  ...ProtocolName[],
];

/** The frame type each protocol's parser produces and its reply matchers take. */
export type ProtocolFrames = {
  [K in ProtocolName]: (typeof registry)[K] extends RegisteredProtocol<infer F> ? F : never;
};

/** Each protocol's codec by name. */
// fromEntries loses the per-key types; each entry is the codec of its own key, so the cast holds.
export const protocols = Object.fromEntries(protocolNames.map((name) => [name, registry[name].codec])) as {
  readonly [K in ProtocolName]: SignProtocol<ProtocolFrames[K]>;
};

export type AnySignProtocol = (typeof protocols)[ProtocolName];

export function isProtocolName(name: string): name is ProtocolName {
  return Object.hasOwn(registry, name);
}

/**
 * Runs `use` with the protocol called `name`, its frame type kept as a type parameter, e.g.
 * `withProtocol(profile.protocol, (p) => new SignDriver(p, port))` with `class SignDriver<F>`.
 */
export function withProtocol<R>(name: ProtocolName, use: <F>(protocol: SignProtocol<F>) => R): R {
  return registry[name].withCodec(use);
}

/** `Alpha or BX-5`, `a, b or c`: a list of the protocols for help texts and errors. */
export function listProtocols(pick: (definition: (typeof registry)[ProtocolName]) => string): string {
  const items = protocolNames.map((name) => pick(registry[name]));
  return items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} or ${items.at(-1)}`;
}
