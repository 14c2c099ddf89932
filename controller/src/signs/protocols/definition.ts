/**
 * Everything the rest of the controller needs to know about one sign protocol, supplied by the protocol's
 * own folder (`alpha/definition.ts`, `bx5/definition.ts`) and listed once in the registry (`index.ts`).
 * Code outside `protocols/` asks the registry instead of comparing protocol names, so a new protocol is
 * one folder plus one registry line.
 */

import type { SerialSettings } from "../driver/line.js";
import type { EmulatedSign } from "../emulator/types.js";
import type { SignProtocol } from "./types.js";

/** How a sign's address is written in the site file and on the command line. */
export interface AddressRules {
  /** Site-file text → `SignTarget.address`; undefined is broadcast. Throws RangeError for anything else. */
  readonly parse: (text: string) => number | undefined;
  /** `SignTarget.address` → the text `parse` takes back (undefined → the broadcast form). */
  readonly format: (address: number | undefined) => string;
  /** How an address is written, for help texts: `two hex digits`. */
  readonly describe: string;
  /** What the emulator answers to when it is given no address. */
  readonly emulatorDefault: string;
  /** Valid addresses, broadcast included (help texts, and the registry test's round trip). */
  readonly examples: readonly string[];
}

export interface EmulatorOptions {
  readonly width: number;
  readonly height: number;
  /** As the site file or the command line writes it, or as `SignTarget.address` holds it. */
  readonly address?: string | number;
  /** Fault test, where the emulated sign can refuse: NAK every Nth request. */
  readonly nakEvery?: number;
  /** Where the sign plays slides by itself: this many times faster than a real one (tests, demos). */
  readonly speed?: number;
}

/** What `gatecast sign emulate --help` says about the protocol. */
export interface ProtocolCliText {
  /** A full command line that emulates a typical sign of this protocol. */
  readonly example: string;
}

export interface ProtocolDefinition<F> {
  /** As a sign profile writes it; equals the registry key. */
  readonly name: string;
  /** For people: `Alpha`, `BX-5`. */
  readonly label: string;
  readonly codec: SignProtocol<F>;
  readonly address: AddressRules;
  /** The line settings this protocol's signs ship with (the emulator's defaults). */
  readonly serial: SerialSettings;
  readonly emulator: {
    readonly create: (options: EmulatorOptions) => EmulatedSign;
    /** Whether `nakEvery` does anything (the sign has a NAK to refuse with). */
    readonly naks: boolean;
    /** Bytes that start, end or escape a frame: line noise in fault tests avoids them. */
    readonly framingBytes: readonly number[];
  };
  readonly cli: ProtocolCliText;
}

/** A definition in the registry: the same, plus a way to use its codec with the frame type kept generic. */
export interface RegisteredProtocol<F> extends ProtocolDefinition<F> {
  readonly withCodec: <R>(use: <G>(protocol: SignProtocol<G>) => R) => R;
}

export function defineProtocol<F>(definition: ProtocolDefinition<F>): RegisteredProtocol<F> {
  return { ...definition, withCodec: (use) => use(definition.codec) };
}
