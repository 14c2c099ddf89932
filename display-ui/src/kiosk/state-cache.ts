/**
 * The last state seen, kept in localStorage: the kiosk paints it at once on a reload, before (or
 * without) any answer from the controller.
 */
import type { KioskState } from "../../../controller/src/contract/kiosk.js";
import type { KeyValueStore } from "./proof-queue.js";

function looksLikeState(value: unknown): value is KioskState {
  if (!value || typeof value !== "object") return false;
  const v = value as Partial<KioskState>;
  return typeof v.version === "string" && Array.isArray(v.entries) && Array.isArray(v.catalogue) && !!v.gate;
}

export class StateCache {
  constructor(
    private readonly store: KeyValueStore,
    private readonly channel: string,
  ) {}

  get #key(): string {
    return `gatecast:kiosk:state:${this.channel}`;
  }

  load(): KioskState | undefined {
    try {
      const value: unknown = JSON.parse(this.store.getItem(this.#key) ?? "null");
      return looksLikeState(value) ? value : undefined;
    } catch {
      return undefined;
    }
  }

  save(state: KioskState): void {
    try {
      this.store.setItem(this.#key, JSON.stringify(state));
    } catch {
      // Storage full or disabled: the service worker's copy still serves a reload.
    }
  }
}
