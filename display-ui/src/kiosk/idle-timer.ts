/**
 * "No touch for N seconds": one timer re-armed by every touch. Timers are injected so the logic is
 * tested with fake ones; the kiosk passes the window's.
 */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class IdleTimer {
  #handle: unknown;
  #armed = false;

  constructor(
    private timeoutMs: number,
    private readonly onIdle: () => void,
    private readonly timers: Timers = realTimers,
  ) {}

  get armed(): boolean {
    return this.#armed;
  }

  /** A touch: the idle period starts again from now. */
  touch(): void {
    this.cancel();
    this.#armed = true;
    this.#handle = this.timers.setTimeout(() => {
      this.#armed = false;
      this.onIdle();
    }, this.timeoutMs);
  }

  /** A new timeout (a new state may change it) applies from the next touch on, or now when armed. */
  setTimeoutMs(ms: number): void {
    if (ms === this.timeoutMs) return;
    this.timeoutMs = ms;
    if (this.#armed) this.touch();
  }

  cancel(): void {
    if (this.#armed) this.timers.clearTimeout(this.#handle);
    this.#armed = false;
  }
}
