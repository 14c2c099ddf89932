/**
 * The live link of a kiosk, or of a big screen's player, to the hub (one namespace for both). socket.io reconnects on its own with exponential backoff and
 * jitter (so forty kiosks do not knock on a restarted controller at the same instant); after every
 * (re)connect the kiosk says hello again and the hub answers with the current state: that is the
 * whole catch-up protocol.
 */
import { io, type Socket } from "socket.io-client";
import type {
  KioskClientEvents,
  KioskServerEvents,
} from "../../../controller/src/contract/display-events.js";
import {
  KIOSK_NAMESPACE,
  type KioskAuth,
  type KioskEnrolled,
  type KioskHello,
  type KioskPairingCode,
  type KioskState,
  type ProofAck,
  type ProofBatch,
} from "../../../controller/src/contract/kiosk.js";
import type { ScreenState } from "../../../controller/src/contract/screen.js";

export interface ConnectionOptions {
  /** What to say on each (re)connect; asked each time, so it carries what the kiosk shows now. */
  hello: () => KioskHello | undefined;
  /** What to prove itself with on each (re)connect: the token, or the pairing secret. */
  auth: () => KioskAuth;
  onState: (state: KioskState) => void;
  /** A big screen's player: the hub sends its channel's state as `screenState` instead. */
  onScreenState?: (state: ScreenState) => void;
  onOnline: (online: boolean) => void;
  /** After a hello was accepted: the moment to send what waited (only an enrolled kiosk sends). */
  onReady: (enrolled: boolean) => void;
  /** Not enrolled: the code to show (null: none could be issued now; asked again later). */
  onPairing: (pairing: KioskPairingCode | null) => void;
  /** An operator approved the code: keep the token; the connection starts again with it. */
  onEnrolled: (enrolled: KioskEnrolled) => void;
  /** The token sent is not valid any more (revoked): forget it. */
  onTokenRefused: () => void;
  path?: string;
}

const ACK_TIMEOUT_MS = 10_000;
/** After the hub refused the handshake (too many connections): socket.io does not retry that itself. */
const REFUSED_RETRY_MS = 10_000;
/** A kiosk with no code (the hub was busy) asks again this often. */
const PAIRING_RETRY_MS = 60_000;

export class KioskConnection {
  readonly #socket: Socket<KioskServerEvents, KioskClientEvents>;
  #ready = false;
  #pairingTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: ConnectionOptions) {
    this.#socket = io(KIOSK_NAMESPACE, {
      path: options.path ?? "/socket.io",
      // WebSocket first (lowest latency on the gate LAN); long-polling if something in between blocks it.
      transports: ["websocket", "polling"],
      reconnectionDelay: 500,
      reconnectionDelayMax: 5_000,
      randomizationFactor: 0.5,
      timeout: 5_000,
      autoConnect: false,
      // A function: asked at every (re)connect, so a token received a moment ago is used at once.
      auth: (send) => send(options.auth() as Record<string, unknown>),
    });
    this.#socket.on("connect", () => this.#sayHello());
    this.#socket.on("connect_error", () => {
      // A refusal by the hub's middleware leaves the socket inactive; a network error does not.
      if (!this.#socket.active) setTimeout(() => this.#socket.connect(), REFUSED_RETRY_MS);
    });
    this.#socket.on("state", (state) => options.onState(state));
    this.#socket.on("screenState", (state) => options.onScreenState?.(state));
    this.#socket.on("enrolled", (enrolled) => {
      options.onEnrolled(enrolled);
      this.reconnect();
    });
    this.#socket.on("disconnect", (reason) => {
      this.#ready = false;
      options.onOnline(false);
      // The hub closing the socket on purpose is not retried by socket.io; a kiosk retries anyway.
      if (reason === "io server disconnect") setTimeout(() => this.#socket.connect(), 1_000);
    });
  }

  get ready(): boolean {
    return this.#ready;
  }

  start(): void {
    this.#socket.connect();
  }

  stop(): void {
    clearTimeout(this.#pairingTimer);
    this.#socket.disconnect();
  }

  /** Starts the connection again (with a new token: the hub checks it in the handshake only). */
  reconnect(): void {
    this.#socket.disconnect();
    this.#socket.connect();
  }

  /** Says hello again (the channel became known, or what the kiosk shows changed a lot). */
  refreshHello(): void {
    if (this.#socket.connected) this.#sayHello();
  }

  /** Sends one batch; resolves with the hub's ack, rejects when none came (it is sent again later). */
  sendProof(batch: ProofBatch): Promise<ProofAck> {
    return this.#socket.timeout(ACK_TIMEOUT_MS).emitWithAck("proof", batch);
  }

  #sayHello(): void {
    const hello = this.options.hello();
    if (!hello) return;
    clearTimeout(this.#pairingTimer);
    this.#socket.timeout(ACK_TIMEOUT_MS).emit("hello", hello, (err, answer) => {
      if (err || !("ok" in answer)) {
        console.warn("the hub did not accept the hello", err ?? answer);
        return;
      }
      if (answer.tokenRefused) this.options.onTokenRefused();
      this.#ready = true;
      this.options.onOnline(true);
      if (answer.kiosk) {
        this.options.onPairing(null);
      } else {
        const pairing = answer.pairing ?? null;
        this.options.onPairing(pairing);
        // No code (the hub had too many requests), or one that expires: ask again then.
        const wait = pairing ? Math.max(5_000, Date.parse(pairing.expiresAt) - Date.now()) : PAIRING_RETRY_MS;
        this.#pairingTimer = setTimeout(() => this.refreshHello(), Math.min(wait, 2 ** 31 - 1));
      }
      this.options.onReady(answer.kiosk !== null);
    });
  }
}
