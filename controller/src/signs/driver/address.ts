/**
 * A sign's address as the site file writes it (a short string) → the number `SignTarget.address` takes.
 *
 * - Alpha: two hex digits, `01`–`FF`; `00` is broadcast (every sign on the line answers).
 * - BX-5: the screen address in decimal, `1`–`9999`; `0` or `00` (the site default) is broadcast `FFFE`.
 * Undefined means broadcast.
 */

import type { ProtocolName } from "../protocols/types.js";

export function parseSignAddress(protocol: ProtocolName, text: string): number | undefined {
  if (protocol === "alpha") {
    if (!/^[0-9A-Fa-f]{2}$/.test(text)) {
      throw new RangeError(`an Alpha address is two hex digits (00 broadcast), got ${JSON.stringify(text)}`);
    }
    const n = Number.parseInt(text, 16);
    return n === 0 ? undefined : n;
  }
  if (!/^[0-9]{1,4}$/.test(text)) {
    throw new RangeError(
      `a BX-5 screen address is a decimal number (0 broadcast), got ${JSON.stringify(text)}`,
    );
  }
  const n = Number.parseInt(text, 10);
  return n === 0 ? undefined : n;
}
