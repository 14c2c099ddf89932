import { EventEmitter } from "node:events";
import type { Resolution } from "./domain/schedule/types.js";

/** Events between the store, the scheduler and the channels. Payloads are typed here, once. */
export interface BusEvents {
  /** Something that changes what screens show was committed (content, schedule, emergency). */
  contentChanged: [{ entity: string; id: string | null }];
  /** What some channel shows (or the alert) differs from before: channels push the new state. */
  resolutionChanged: [Resolution];
}

export class EventBus {
  readonly #emitter = new EventEmitter();

  emit<K extends keyof BusEvents>(event: K, ...args: BusEvents[K]): void {
    this.#emitter.emit(event, ...args);
  }

  on<K extends keyof BusEvents>(event: K, listener: (...args: BusEvents[K]) => void): () => void {
    this.#emitter.on(event, listener as (...args: unknown[]) => void);
    return () => this.#emitter.off(event, listener as (...args: unknown[]) => void);
  }
}
