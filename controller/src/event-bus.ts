import type { Resolution } from "./domain/schedule/types.js";

/** Events between the store, the scheduler and the channels. Payloads are typed here, once. */
export interface BusEvents {
  /** Something that changes what screens show was committed (content, schedule, emergency). */
  contentChanged: [{ entity: string; id: string | null }];
  /**
   * A draft was written or discarded: live content is unchanged (nothing is pushed), only the
   * drafts preview differs. A publication announces `contentChanged` instead.
   */
  draftsChanged: [{ entity: string; id: string }];
  /** What some channel shows (or the alert) differs from before: channels push the new state. */
  resolutionChanged: [Resolution];
}

export type BusErrorHandler = (error: unknown, event: keyof BusEvents) => void;

/**
 * An emit runs every listener, each guarded: a listener's failure (a sign that cannot render, a store
 * that cannot write) is reported to `onError` and never reaches the emitter, which is a route that
 * has already committed or a timer that must re-arm. With node:events the first throw would skip the
 * remaining listeners and turn a committed save into a 500, or end the process from a timer.
 */
export class EventBus {
  readonly #listeners = new Map<keyof BusEvents, Set<(...args: unknown[]) => void>>();

  constructor(
    private readonly onError: BusErrorHandler = (error, event) =>
      console.error(`gatecast: a listener of "${event}" failed:`, error),
  ) {}

  emit<K extends keyof BusEvents>(event: K, ...args: BusEvents[K]): void {
    // A copy: a listener may unsubscribe itself (or another) while the event is delivered.
    for (const listener of [...(this.#listeners.get(event) ?? [])]) {
      try {
        listener(...args);
      } catch (error) {
        try {
          this.onError(error, event);
        } catch {
          // The reporter itself failed (a closed log stream): nothing more can be done here.
        }
      }
    }
  }

  on<K extends keyof BusEvents>(event: K, listener: (...args: BusEvents[K]) => void): () => void {
    let set = this.#listeners.get(event);
    if (!set) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    // Wrapped so the same function subscribed twice is two subscriptions, as with node:events.
    const entry = (...args: unknown[]) => listener(...(args as BusEvents[K]));
    set.add(entry);
    return () => {
      set.delete(entry);
    };
  }
}
