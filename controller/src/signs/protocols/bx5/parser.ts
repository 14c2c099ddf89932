/**
 * Stream parser for BX-5 frames (a sign's answers, or, in the emulator, what the controller sends).
 * Escaping keeps A5 and 5A out of the body, so: bytes before an A5 are noise and skipped; a run of A5 is
 * the preamble (any length from 1 up); the body runs to the next 5A. An A5 inside a body means that frame
 * was cut short: it is reported and the A5 starts the next preamble.
 */

import type { FrameParser, ParseEvent } from "../types.js";
import { BX5_END, BX5_START, type Bx5Frame, decodeBx5Body, unescapeBody } from "./frame.js";

/** Escaped, a 1024×64 two-plane area is about 40 KiB at worst; this leaves room. */
export const BX5_MAX_FRAME_BYTES = 256 * 1024;

export class Bx5Parser implements FrameParser<Bx5Frame> {
  /** Bytes of the frame being received, from its first A5; undefined while hunting for A5. */
  private frame: number[] | undefined;
  /** Index in `frame` where the body starts; undefined while still in the preamble. */
  private bodyAt: number | undefined;

  constructor(private readonly maxFrameBytes = BX5_MAX_FRAME_BYTES) {}

  push(chunk: Uint8Array): ParseEvent<Bx5Frame>[] {
    const events: ParseEvent<Bx5Frame>[] = [];
    for (const b of chunk) {
      if (this.frame === undefined) {
        if (b === BX5_START) {
          this.frame = [b];
          this.bodyAt = undefined;
        }
        continue;
      }
      if (b === BX5_START) {
        if (this.bodyAt === undefined) {
          this.frame.push(b);
        } else {
          events.push({
            ok: false,
            error: "frame cut short: A5 before 5A",
            raw: Uint8Array.from(this.frame),
          });
          this.frame = [b];
          this.bodyAt = undefined;
        }
        continue;
      }
      if (this.bodyAt === undefined) this.bodyAt = this.frame.length;
      this.frame.push(b);
      if (b === BX5_END) {
        const raw = Uint8Array.from(this.frame);
        const escaped = raw.subarray(this.bodyAt, raw.length - 1);
        this.frame = undefined;
        this.bodyAt = undefined;
        const body = unescapeBody(escaped);
        const decoded = body.ok ? decodeBx5Body(body.value) : body;
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
        this.bodyAt = undefined;
      }
    }
    return events;
  }

  reset(): void {
    this.frame = undefined;
    this.bodyAt = undefined;
  }
}
