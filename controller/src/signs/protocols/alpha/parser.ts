/**
 * Stream parser for Alpha transmissions (a sign's replies, or, in the emulator, what the controller sends).
 * Anything before an SOH (sync NULs, line noise) is skipped; a frame runs from SOH to EOT. An SOH inside a
 * frame means the previous one was cut short: it is reported and parsing restarts at the new SOH.
 */

import type { FrameParser, ParseEvent } from "../types.js";
import { type AlphaTransmission, decodeAlphaTransmission, EOT, SOH } from "./frame.js";

/** Larger than any transmission we send (a 255×31 picture plus a TEXT file is about 8 KiB). */
export const ALPHA_MAX_FRAME_BYTES = 64 * 1024;

export class AlphaParser implements FrameParser<AlphaTransmission> {
  /** The frame being received, from its SOH; undefined while hunting for SOH. */
  private frame: number[] | undefined;

  constructor(private readonly maxFrameBytes = ALPHA_MAX_FRAME_BYTES) {}

  push(chunk: Uint8Array): ParseEvent<AlphaTransmission>[] {
    const events: ParseEvent<AlphaTransmission>[] = [];
    for (const b of chunk) {
      if (this.frame === undefined) {
        if (b === SOH) this.frame = [b];
        continue;
      }
      if (b === SOH) {
        events.push({
          ok: false,
          error: "frame cut short: SOH before EOT",
          raw: Uint8Array.from(this.frame),
        });
        this.frame = [b];
        continue;
      }
      this.frame.push(b);
      if (b === EOT) {
        const raw = Uint8Array.from(this.frame);
        this.frame = undefined;
        const decoded = decodeAlphaTransmission(raw);
        events.push(
          decoded.ok ? { ok: true, frame: decoded.value, raw } : { ok: false, error: decoded.error, raw },
        );
      } else if (this.frame.length >= this.maxFrameBytes) {
        events.push({
          ok: false,
          error: `frame longer than ${this.maxFrameBytes} bytes`,
          raw: Uint8Array.from(this.frame),
        });
        this.frame = undefined;
      }
    }
    return events;
  }

  reset(): void {
    this.frame = undefined;
  }
}
