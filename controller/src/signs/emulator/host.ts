/**
 * Runs an emulated sign on a line: opens the port (again and again if it goes away, as a sign's UART does
 * not care whether a cable is there), feeds it what arrives, writes its answers back, and keeps its
 * display and memory on disk. Used by `gatecast sign emulate` and by the controller's virtual sign.
 */

import type { Logger } from "../../log.js";
import type { OpenTransport, Transport } from "../driver/transport.js";
import { toHex } from "../protocols/bytes.js";
import { protocolNames, registry } from "../protocols/index.js";
import type { EmulatorOutput } from "./output.js";
import type { EmulatedSign } from "./types.js";

export interface EmulatorHostOptions {
  readonly sign: EmulatedSign;
  readonly open: OpenTransport;
  /** Device path or link description, for logs. */
  readonly device: string;
  readonly logger: Logger;
  readonly output?: EmulatorOutput;
  /** Delay between attempts to open a missing device; default 250 ms. */
  readonly reopenDelayMs?: number;
  /** Fault tests: line noise before every answer, a broken checksum in every Nth answer. */
  readonly faults?: { readonly noise?: boolean; readonly corruptEvery?: number };
}

/** At most this late, memory.json counts bytes that arrived without changing anything else. */
const BYTES_DUMP_MS = 200;

/** Bytes that start, end or escape a frame in some protocol: noise never holds them. */
const FRAMING = new Set(protocolNames.flatMap((name) => registry[name].emulator.framingBytes));

/** Bytes that are never part of a frame's start, end or escapes in any protocol: pure line noise. */
function noise(): Uint8Array {
  const n = 3 + Math.floor(Math.random() * 12);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let b: number;
    do b = Math.floor(Math.random() * 256);
    while (FRAMING.has(b));
    out[i] = b;
  }
  return out;
}

export class EmulatorHost {
  readonly #o: EmulatorHostOptions;
  #transport: Transport | undefined;
  #stopped = false;
  #dead = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #opened: (() => void) | undefined;
  #shownVersion = -1;
  /** `sign.memoryVersion` when `slides/` was last brought up to date. */
  #slidesVersion = -1;
  #dumpedKey = "";
  #missingLogged = false;
  #answers = 0;
  /** Wakes the host when the sign turns to its next slide by itself. */
  #turnTimer: ReturnType<typeof setTimeout> | undefined;
  #bytesTimer: ReturnType<typeof setTimeout> | undefined;
  /** `stats.bytesReceived` as last written to memory.json. */
  #dumpedBytes = 0;
  /** Resolves the first time the device is open. */
  readonly ready: Promise<void>;

  constructor(options: EmulatorHostOptions) {
    this.#o = options;
    this.ready = new Promise((resolve) => {
      this.#opened = resolve;
    });
  }

  get sign(): EmulatedSign {
    return this.#o.sign;
  }

  get dead(): boolean {
    return this.#dead;
  }

  get connected(): boolean {
    return this.#transport !== undefined;
  }

  start(): Promise<void> {
    this.#flush();
    void this.#open();
    return this.ready;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    clearTimeout(this.#turnTimer);
    clearTimeout(this.#bytesTimer);
    const t = this.#transport;
    this.#transport = undefined;
    await t?.close().catch(() => undefined);
  }

  /** A power cut: the sign forgets what RAM held. */
  powerLoss(): void {
    this.#o.sign.powerLoss();
    this.#o.logger.warn({ device: this.#o.device }, "emulated sign: power lost, RAM cleared");
    this.#flush();
  }

  /** A dead sign hears nothing and answers nothing. */
  setDead(dead: boolean): void {
    this.#dead = dead;
    this.#o.logger.warn(
      { device: this.#o.device },
      `emulated sign: ${dead ? "dead (not answering)" : "alive again"}`,
    );
    this.#flush();
  }

  async #open(): Promise<void> {
    if (this.#stopped) return;
    try {
      const transport = await this.#o.open({
        data: (chunk) => this.#receive(chunk),
        close: (error) => {
          if (this.#transport !== transport) return;
          this.#transport = undefined;
          if (this.#stopped) return;
          this.#o.logger.warn(
            { device: this.#o.device, reason: error?.message },
            "emulated sign: line closed; waiting for it to come back",
          );
          this.#flush();
          this.#retry();
        },
      });
      if (this.#stopped) {
        await transport.close();
        return;
      }
      this.#transport = transport;
      this.#missingLogged = false;
      this.#o.logger.info(
        { device: this.#o.device, protocol: this.#o.sign.protocol },
        "emulated sign: line open",
      );
      this.#flush();
      this.#opened?.();
    } catch (error) {
      if (!this.#missingLogged) {
        this.#missingLogged = true;
        this.#o.logger.warn(
          { device: this.#o.device, err: (error as Error).message },
          "emulated sign: cannot open the line yet",
        );
      }
      this.#retry();
    }
  }

  #retry(): void {
    if (this.#stopped) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#open(), this.#o.reopenDelayMs ?? 250);
  }

  #receive(chunk: Uint8Array): void {
    const sign = this.#o.sign;
    sign.stats.bytesReceived += chunk.length;
    if (this.#dead) {
      this.#flush();
      return;
    }
    let replies: Uint8Array[];
    try {
      replies = sign.receive(chunk);
    } catch (error) {
      // An emulator bug must not take the line down: log it, keep listening.
      this.#o.logger.error(
        { err: error, chunk: toHex(chunk.subarray(0, 32)) },
        "emulated sign: failed on input",
      );
      return;
    }
    // What the sign now holds is on disk before it answers: whoever acts on the answer (the driver's
    // read-back, then a test reading memory.json) must never find the files a step behind it.
    this.#flush(false);
    const t = this.#transport;
    const faults = this.#o.faults ?? {};
    for (const reply of replies) {
      this.#answers++;
      const corrupt = faults.corruptEvery !== undefined && this.#answers % faults.corruptEvery === 0;
      const bytes = corrupt ? sign.corruptReply(reply) : reply;
      const out = faults.noise ? [noise(), bytes] : [bytes];
      for (const piece of out) {
        t?.write(piece).catch((error: Error) =>
          this.#o.logger.warn({ err: error.message }, "emulated sign: could not answer"),
        );
      }
    }
    this.#flush();
  }

  /**
   * Writes memory and display to disk when they changed (`slides`: the PNG per slide too), and looks
   * again when the sign turns a slide.
   */
  #flush(slides = true): void {
    const { output, sign, logger } = this.#o;
    clearTimeout(this.#turnTimer);
    const turn = this.#stopped ? undefined : sign.nextChangeInMs?.();
    if (turn !== undefined) {
      this.#turnTimer = setTimeout(() => this.#flush(), Math.ceil(turn) + 1);
      // A virtual sign in the controller's process must not keep it alive.
      this.#turnTimer.unref?.();
    }
    if (!output) return;
    try {
      const st = sign.stats;
      const key = [
        sign.memoryVersion,
        this.#dead,
        this.#transport !== undefined,
        st.framesReceived,
        st.badFrames,
        st.ignoredFrames,
        st.replies,
        st.powerLosses,
      ].join("|");
      if (key !== this.#dumpedKey) {
        this.#dumpedKey = key;
        this.#dumpMemory();
      } else if (st.bytesReceived !== this.#dumpedBytes && this.#bytesTimer === undefined) {
        // Bytes alone (a frame on its way, noise) are counted on disk a moment later, not at every chunk.
        this.#bytesTimer = setTimeout(() => {
          this.#bytesTimer = undefined;
          if (!this.#stopped) this.#dumpMemory();
        }, BYTES_DUMP_MS);
        this.#bytesTimer.unref?.();
      }
      // After memory.json: a reader who sees the sign lit finds what it holds already written.
      if (sign.displayVersion !== this.#shownVersion) {
        this.#shownVersion = sign.displayVersion;
        const record = output.display(sign);
        if (record) {
          logger.debug(
            {
              seq: record.seq,
              source: record.source,
              mode: record.mode,
              width: record.width,
              height: record.height,
            },
            record.lit ? "emulated sign shows new content" : "emulated sign is dark",
          );
        }
      }
      // What the sign holds changes its slides; a turn to the next slide does not. Last, and after the
      // answer is on its way (`slides` false before it): a PNG per slide takes a while, and neither
      // memory.json nor the answer must wait for it.
      if (slides && sign.memoryVersion !== this.#slidesVersion) {
        this.#slidesVersion = sign.memoryVersion;
        const written = output.slides(sign);
        if (written) logger.debug({ slides: written }, "emulated sign: slides written");
      }
    } catch (error) {
      logger.error({ err: error }, "emulated sign: could not write its output");
    }
  }

  #dumpMemory(): void {
    const { output, sign, logger } = this.#o;
    if (!output) return;
    try {
      this.#dumpedBytes = sign.stats.bytesReceived;
      output.memory(sign, { dead: this.#dead, lineOpen: this.#transport !== undefined });
    } catch (error) {
      logger.error({ err: error }, "emulated sign: could not write its output");
    }
  }
}
