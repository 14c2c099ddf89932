/**
 * A screen that refreshes on its own: `tick` when the screen is shown, then every `ms` while it is,
 * and never after it is gone (a Lit reactive controller, so the timer follows the element's life).
 */
import type { ReactiveController, ReactiveControllerHost } from "lit";

export class Every implements ReactiveController {
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    host: ReactiveControllerHost,
    private readonly ms: number,
    private readonly tick: () => unknown,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    void this.tick();
    clearInterval(this.#timer);
    this.#timer = setInterval(() => void this.tick(), this.ms);
  }

  hostDisconnected(): void {
    clearInterval(this.#timer);
  }

  /** Now, out of turn (a refresh button, after a change the screen made itself). */
  async now(): Promise<void> {
    await this.tick();
  }
}
