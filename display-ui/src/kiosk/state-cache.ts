/**
 * The kiosk's last state, kept in localStorage: the kiosk paints it at once on a reload, before (or
 * without) any answer from the controller.
 */
import type { KioskState } from "../../../controller/src/contract/kiosk.js";
import type { KeyValueStore } from "../shared/proof-queue.js";
import { StoredState } from "../shared/stored-state.js";

function looksLikeState(value: unknown): value is KioskState {
  if (!value || typeof value !== "object") return false;
  const v = value as Partial<KioskState>;
  return typeof v.version === "string" && Array.isArray(v.entries) && Array.isArray(v.catalogue) && !!v.gate;
}

export class StateCache extends StoredState<KioskState> {
  constructor(store: KeyValueStore, channel: string) {
    super(store, `gatecast:kiosk:state:${channel}`, looksLikeState);
  }
}
