/**
 * The socket.io events of the display namespace (KIOSK_NAMESPACE), kiosks and big screens alike.
 * Their own file because they name both contracts, and screen.ts builds on kiosk.ts.
 */
import type { HelloAck, KioskEnrolled, KioskHello, KioskState, ProofAck, ProofBatch } from "./kiosk.js";
import type { ScreenState } from "./screen.js";

/** Socket events the kiosk sends; nothing else is accepted from a kiosk. */
export interface KioskClientEvents {
  hello: (hello: KioskHello, ack: (answer: HelloAck) => void) => void;
  proof: (batch: ProofBatch, ack: (answer: ProofAck) => void) => void;
}

/** Socket events the hub sends. */
export interface KioskServerEvents {
  state: (state: KioskState) => void;
  /** To a player whose channel is a big screen (see contract/screen.ts), instead of `state`. */
  screenState: (state: ScreenState) => void;
  /** To an unenrolled kiosk whose code an operator approved. */
  enrolled: (enrolled: KioskEnrolled) => void;
}
