import { EventEmitter } from "node:events";

/** Events between the store, the scheduler and the channels. Payloads are typed here, once. */
export interface BusEvents {
  /** Something that changes what screens show was committed (content, schedule, emergency). */
  contentChanged: [{ entity: string; id: string | null }];
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
