/**
 * The HTTP server's and socket.io's limits, in one place, each with why. The controller serves a LAN
 * shared with travelers' phones and other agencies' PCs: no client may hold more than its share of
 * connections, memory or time. Figures are in docs/api.md ("Limits").
 */
import type { ServerOptions as HttpServerOptions } from "node:http";
import type { ServerOptions as SocketServerOptions } from "socket.io";
import { PROOF_LIMITS } from "../contract/kiosk.js";

export const HTTP_LIMITS = {
  /**
   * Time to send a request's headers. A browser sends them in one packet; 10 s covers a congested
   * Wi-Fi link and cuts slow-header (slowloris) connections 6× sooner than Node's 60 s.
   */
  headersTimeoutMs: 10_000,
  /**
   * Time to send a whole request, body included. The largest body is a 500 MB video upload from the
   * console: 15 min lets it through at 4.5 Mbit/s, while a body dripped byte by byte is still cut.
   */
  requestTimeoutMs: 900_000,
  /** An idle keep-alive connection is closed after 5 s (Node's default): browsers reconnect at once. */
  keepAliveTimeoutMs: 5_000,
  /**
   * How often Node checks the two timeouts above (default 30 s, which would let a slow-header
   * connection live 40 s instead of 10 s). The check walks the open connections: cheap at 1 s.
   */
  connectionsCheckingIntervalMs: 1_000,
  /** A browser sends about 20 headers; 64 leaves room for proxies without parsing thousands. */
  maxHeadersCount: 64,
  /**
   * Open connections in all. Kept well below the open-file limit (LimitNOFILE=16384 in gatecast.service:
   * 16,500 slow connections once reached it and every accept failed) so SQLite, media files and serial
   * ports always get descriptors. When full, the oldest connection
   * still waiting for its first request is closed to make room (see connection-guard.ts).
   */
  maxConnections: 4_096,
  /**
   * Open connections from one address: a browser opens 6 per host, a kiosk 1–2, a proxy in front of
   * several kiosks a few dozen. One address cannot take every slot.
   */
  maxConnectionsPerAddress: 256,
  /**
   * Connections the kernel queues before the controller accepts them: Node's 511, set here on purpose.
   * The controller accepts everything queued in one turn of its event loop, so a longer queue lets a
   * connection flood hold the loop longer: with 4,096, /healthz took up to 855 ms during 5,000 slow
   * connections on a loaded 2-core PC; with 511, up to 380 ms. A full queue delays a new client's
   * connection by a SYN retry (1 s), never an established one.
   */
  listenBacklog: 511,
} as const;

/** Options for `http.createServer`: the timeouts the server enforces while parsing requests. */
export function httpServerOptions(): HttpServerOptions {
  return {
    headersTimeout: HTTP_LIMITS.headersTimeoutMs,
    requestTimeout: HTTP_LIMITS.requestTimeoutMs,
    keepAliveTimeout: HTTP_LIMITS.keepAliveTimeoutMs,
    connectionsCheckingInterval: HTTP_LIMITS.connectionsCheckingIntervalMs,
  };
}

/**
 * The largest message a kiosk sends is a proof batch (PROOF_LIMITS): a play is at most about 270
 * bytes of JSON (ids of 64 characters, an ISO instant with offset), a session at most 130 bytes plus
 * 103 per page (pages are at most 100 ASCII characters: the kiosk's page names are ids).
 */
const PLAY_JSON_MAX = 300;
const SESSION_JSON_MAX = 130 + 103 * PROOF_LIMITS.pagesPerSession;
/** socket.io framing, the event name, the ack id and `showing`. */
const FRAMING = 4_096;
export const MAX_SOCKET_MESSAGE_BYTES =
  PROOF_LIMITS.plays * PLAY_JSON_MAX + PROOF_LIMITS.sessions * SESSION_JSON_MAX + FRAMING;

export const SOCKET_LIMITS = {
  /**
   * engine.io sessions (kiosks) in all: a gate has a handful of kiosks; the rest is room for attackers
   * on several addresses without locking kiosks out. Bounds memory: each session may buffer one message
   * of MAX_SOCKET_MESSAGE_BYTES at most.
   */
  maxClients: 128,
  /** engine.io sessions from one address: several kiosks behind one proxy; not one phone taking all. */
  maxClientsPerAddress: 16,
} as const;

/** socket.io's own options: message size, liveness, and no client script served. */
export function socketServerOptions(): Partial<SocketServerOptions> {
  return {
    serveClient: false,
    // A larger message is cut off (WebSocket close 1009, polling 413) before it is buffered whole.
    maxHttpBufferSize: MAX_SOCKET_MESSAGE_BYTES,
    // A kiosk that stopped answering is dropped within 25 + 20 s; its slot is freed for the next one.
    pingInterval: 25_000,
    pingTimeout: 20_000,
    // A connection that never joins a namespace is closed after 10 s (default 45 s).
    connectTimeout: 10_000,
    // An upgrade from polling to WebSocket that does not complete in 10 s is abandoned.
    upgradeTimeout: 10_000,
    // No compression: a compressed frame can expand far beyond maxHttpBufferSize (a zip bomb), and a
    // kiosk's state is a few kilobytes on a LAN.
    perMessageDeflate: false,
    httpCompression: false,
  };
}
