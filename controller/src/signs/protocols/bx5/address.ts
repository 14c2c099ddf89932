/**
 * A BX-5 screen address as the site file writes it: decimal, `1`–`9999`; `0` or `00` (the site default) is
 * broadcast `FFFE`.
 */

import type { AddressRules } from "../definition.js";

export const bx5AddressRules: AddressRules = {
  parse(text) {
    if (!/^[0-9]{1,4}$/.test(text)) {
      throw new RangeError(
        `a BX-5 screen address is a decimal number (0 broadcast), got ${JSON.stringify(text)}`,
      );
    }
    const n = Number.parseInt(text, 10);
    return n === 0 ? undefined : n;
  },
  format: (address) => String(address ?? 0),
  describe: "number",
  // The emulated card's own screen address (a real card leaves the factory as screen 1).
  emulatorDefault: "1",
  examples: ["0", "00", "1", "42", "9999"],
};
