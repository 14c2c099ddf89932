/** An Alpha sign's address: two hex digits, `01`–`FF`; `00` is broadcast (every sign on the line answers). */

import type { AddressRules } from "../definition.js";
import { ALPHA_BROADCAST_ADDRESS, alphaAddress } from "./frame.js";

export const alphaAddressRules: AddressRules = {
  parse(text) {
    if (!/^[0-9A-Fa-f]{2}$/.test(text)) {
      throw new RangeError(`an Alpha address is two hex digits (00 broadcast), got ${JSON.stringify(text)}`);
    }
    const n = Number.parseInt(text, 16);
    return n === 0 ? undefined : n;
  },
  format: alphaAddress,
  describe: "two hex digits",
  emulatorDefault: ALPHA_BROADCAST_ADDRESS,
  examples: ["00", "01", "1F", "ff"],
};
