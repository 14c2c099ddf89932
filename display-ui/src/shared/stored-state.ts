/**
 * The last state a display saw, kept in localStorage: it paints it at once on a reload, before (or
 * without) any answer from the controller. A kiosk and a screen keep theirs under their own keys.
 */
import type { KeyValueStore } from "./proof-queue.js";

export class StoredState<T> {
  constructor(
    private readonly store: KeyValueStore,
    private readonly key: string,
    private readonly looksRight: (value: unknown) => value is T,
  ) {}

  load(): T | undefined {
    try {
      const value: unknown = JSON.parse(this.store.getItem(this.key) ?? "null");
      return this.looksRight(value) ? value : undefined;
    } catch {
      return undefined;
    }
  }

  save(state: T): void {
    try {
      this.store.setItem(this.key, JSON.stringify(state));
    } catch {
      // Storage full or disabled: the service worker's copy of the files still serves a reload.
    }
  }
}
