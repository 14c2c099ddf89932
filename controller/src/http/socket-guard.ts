/**
 * Who may open a socket.io connection: same-origin browsers and non-browser clients, within the
 * client caps. Checked on every engine.io request (handshake, each long-poll, each WebSocket upgrade),
 * not only on the handshake, so a page elsewhere cannot ride on a session id it learnt.
 *
 * Origin policy, as for the console's API (auth.ts isCrossOrigin): a browser always sends Origin on
 * a WebSocket upgrade and on a cross-origin XHR or fetch, so a request whose Origin names another site
 * is a page elsewhere using a traveler's browser: refused. No Origin is a client that is not a web
 * page (the gate PC's tools, tests) or a same-origin GET: allowed. "null" (sandboxed frames, file:
 * pages) and anything unparsable are refused.
 */
import type { IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";
import type { Server as SocketServer } from "socket.io";
import type { Logger } from "../log.js";

export interface SocketCaps {
  maxClients: number;
  maxClientsPerAddress: number;
}

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6: the only peers whose X-Forwarded-Proto is believed. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith("::ffff:") ? address.slice(7) : address;
  return v4 === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * True when the request's Origin header names another origin than the one it was sent to (scheme,
 * host and port). The scheme is the connection's own, or X-Forwarded-Proto from a proxy on the same
 * PC (as express's `trust proxy: loopback` in app.ts).
 */
export function isForeignOrigin(req: IncomingMessage): boolean {
  const origin = firstHeader(req.headers.origin);
  if (origin === undefined) return false;
  const host = req.headers.host;
  if (!host) return true;
  const forwarded = firstHeader(req.headers["x-forwarded-proto"])?.split(",")[0]?.trim().toLowerCase();
  const scheme = (req.socket as Partial<TLSSocket>).encrypted
    ? "https"
    : forwarded && isLoopback(req.socket.remoteAddress)
      ? forwarded
      : "http";
  try {
    const from = new URL(origin);
    const to = new URL(`${scheme}://${host}`);
    return from.protocol !== to.protocol || from.host !== to.host;
  } catch {
    return true;
  }
}

export interface SocketGuard {
  stats(): { clients: number; refusedOrigin: number; refusedFull: number; evicted: number };
}

/** The part of an engine.io socket the guard uses. */
interface EngineSession {
  remoteAddress: string;
  /** The handshake's request: the key its pending count is settled by. */
  request: IncomingMessage;
  once(event: "close" | "message", listener: () => void): void;
  close(discard?: boolean): void;
}

/**
 * Installs the Origin check and the client caps on socket.io's engine (after `io.attach`).
 *
 * When the gate is full, the oldest session that never sent a message makes room for the new one.
 * A bare handshake costs a page nothing (an `<img>` pointing at /socket.io/ opens one, and it lives
 * until socket.io's connectTimeout), so a full gate must not refuse a kiosk over them; a kiosk's own
 * session sends its namespace request at once and is never one of those.
 */
export function guardSockets(io: SocketServer, caps: SocketCaps, logger: Logger): SocketGuard {
  const perAddress = new Map<string, number>();
  // Insertion-ordered: the first bare session found is the oldest.
  const sessions = new Map<EngineSession, { address: string; active: boolean }>();
  // Handshakes allowed but not yet sessions: engine.io creates the session a few microtasks after
  // allowRequest answers, so concurrent handshakes would otherwise all see room for one.
  const pending = new Map<string, number>();
  let pendingTotal = 0;
  const handshakes = new WeakMap<IncomingMessage, () => void>();
  let refusedOrigin = 0;
  let refusedFull = 0;
  let evicted = 0;
  let lastLog = 0;
  const report = (message: string, fields: Record<string, unknown>) => {
    const now = Date.now();
    if (now - lastLog < 60_000) return;
    lastLog = now;
    logger.warn({ ...fields, refusedOrigin, refusedFull, evicted }, message);
  };
  const forget = (session: EngineSession) => {
    const entry = sessions.get(session);
    if (!entry) return;
    sessions.delete(session);
    const left = (perAddress.get(entry.address) ?? 1) - 1;
    if (left > 0) perAddress.set(entry.address, left);
    else perAddress.delete(entry.address);
  };
  const evictBare = (): boolean => {
    for (const [session, entry] of sessions) {
      if (entry.active) continue;
      forget(session);
      evicted++;
      // `true`: discard the transport, so a long-polling session without a pending GET closes now
      // instead of after engine.io's 30 s close timeout.
      session.close(true);
      return true;
    }
    return false;
  };

  // Every request, upgrades included; an error answers 400 and closes (engine.io's own refusal).
  io.engine.use((req: IncomingMessage, _res: unknown, next: (error?: Error) => void) => {
    if (!isForeignOrigin(req)) return next();
    refusedOrigin++;
    report("refused socket.io requests from another origin", { origin: req.headers.origin });
    next(new Error("cross-origin socket.io request refused"));
  });

  // Handshakes only (a new engine.io session): the caps.
  io.engine.opts.allowRequest = (req, callback) => {
    const address = req.socket.remoteAddress ?? "unknown";
    if ((perAddress.get(address) ?? 0) + (pending.get(address) ?? 0) >= caps.maxClientsPerAddress) {
      refusedFull++;
      report("refused socket.io clients: too many from one address", { address });
      return callback("too many clients from this address", false);
    }
    if (sessions.size + pendingTotal >= caps.maxClients && !evictBare()) {
      refusedFull++;
      report("refused socket.io clients: the gate has its maximum", { address });
      return callback("too many clients", false);
    }
    pending.set(address, (pending.get(address) ?? 0) + 1);
    pendingTotal++;
    let settled = false;
    const settle = () => {
      if (settled) return;
      settled = true;
      handshakes.delete(req);
      pendingTotal--;
      const left = (pending.get(address) ?? 1) - 1;
      if (left > 0) pending.set(address, left);
      else pending.delete(address);
    };
    // The handshake's session counts from its "connection" (below), which settles it: engine.io makes
    // the session a few microtasks after this callback. Handshakes that arrive in one poll phase of
    // the event loop are all answered before any setImmediate runs, so settling only there counted
    // each new session twice meanwhile: twelve kiosks opening at once from one address were refused
    // past eight. One that never becomes a session (ws refused the upgrade) settles on the next turn.
    handshakes.set(req, settle);
    setImmediate(settle);
    callback(null, true);
  };
  io.engine.on("connection", (session: EngineSession) => {
    handshakes.get(session.request)?.();
    const address = session.remoteAddress ?? "unknown";
    const entry = { address, active: false };
    sessions.set(session, entry);
    perAddress.set(address, (perAddress.get(address) ?? 0) + 1);
    session.once("message", () => {
      entry.active = true;
    });
    session.once("close", () => forget(session));
  });

  return {
    stats: () => ({ clients: sessions.size, refusedOrigin, refusedFull, evicted }),
  };
}
