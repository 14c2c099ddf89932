/**
 * A sign's address as the site file writes it (a short string) → the number `SignTarget.address` takes.
 * Each protocol has its own rules (`protocols/<name>/address.ts`); undefined means broadcast.
 */

import { type ProtocolName, registry } from "../protocols/index.js";

export function parseSignAddress(protocol: ProtocolName, text: string): number | undefined {
  return registry[protocol].address.parse(text);
}
