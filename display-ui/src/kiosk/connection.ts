/**
 * The kiosk's live link to the hub. socket.io reconnects on its own with exponential backoff and
 * jitter (so forty kiosks do not knock on a restarted controller at the same instant); after every
 * (re)connect the kiosk says hello again and the hub answers with the current state: that is the
 * whole catch-up protocol.
 */
import { io, type Socket } from "socket.io-client";
import {
  KIOSK_NAMESPACE,
  type KioskClientEvents,
  type KioskHello,
  type KioskServerEvents,
  type KioskState,
  type ProofAck,
  type ProofBatch,
} from "../../../controller/src/kiosk/contract.js";

export interface ConnectionOptions {
  /** What to say on each (re)connect; asked each time, so it carries what the kiosk shows now. */
  hello: () => KioskHello | undefined;
  onState: (state: KioskState) => void;
  onOnline: (online: boolean) => void;
  /** After a hello was accepted: the moment to send what waited. */
  onReady: () => void;
  path?: string;
}

const ACK_TIMEOUT_MS = 10_000;

export class KioskConnection {
  readonly #socket: Socket<KioskServerEvents, KioskClientEvents>;
  #ready = false;

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
    });
    this.#socket.on("connect", () => this.#sayHello());
    this.#socket.on("state", (state) => options.onState(state));
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
    this.#socket.disconnect();
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
    this.#socket.timeout(ACK_TIMEOUT_MS).emit("hello", hello, (err, answer) => {
      if (err || !("ok" in answer)) {
        console.warn("the hub did not accept the hello", err ?? answer);
        return;
      }
      this.#ready = true;
      this.options.onOnline(true);
      this.options.onReady();
    });
  }
}
