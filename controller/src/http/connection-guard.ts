/**
 * Connection caps for the HTTP server: so many connections in all, so many per address, and room made
 * for a new client when full.
 *
 * Why not `server.maxConnections` alone: it refuses every new connection once full, so a few thousand
 * slow-header connections (each of which does nothing) lock every kiosk and operator out until their
 * timeouts run. Here a full server closes the oldest connection that has not sent a complete request
 * yet (a slowloris one, or a keep-alive connection sitting idle) and takes the new one: a working
 * client always gets in, and an attacker only loses its own oldest connections.
 */
import type { Server } from "node:http";
import type { Socket } from "node:net";
import type { Logger } from "../log.js";

export interface ConnectionCaps {
  maxConnections: number;
  maxConnectionsPerAddress: number;
}

export interface ConnectionGuard {
  /** Open connections now, and connections closed or refused by the caps since the start. */
  stats(): { open: number; addresses: number; refused: number; evicted: number };
}

/** How often (at most) a refusal or an eviction is logged: an attack must not flood the journal. */
const LOG_EVERY_MS = 60_000;

export function guardConnections(server: Server, caps: ConnectionCaps, logger: Logger): ConnectionGuard {
  const perAddress = new Map<string, number>();
  // Insertion-ordered: the first entry is the oldest. A connection is in one of the two while it waits
  // for a request; one that never sent a complete request is closed before an idle keep-alive one.
  const neverServed = new Set<Socket>();
  const idle = new Set<Socket>();
  const served = new WeakSet<Socket>();
  let open = 0;
  let refused = 0;
  let evicted = 0;
  let lastLog = 0;

  const report = (message: string, fields: Record<string, unknown>) => {
    const now = Date.now();
    if (now - lastLog < LOG_EVERY_MS) return;
    lastLog = now;
    logger.warn({ ...fields, open, refused, evicted }, message);
  };

  const waiting = (socket: Socket) => {
    if (socket.destroyed) return;
    (served.has(socket) ? idle : neverServed).add(socket);
  };
  const busy = (socket: Socket) => {
    neverServed.delete(socket);
    idle.delete(socket);
  };

  // Counted from acceptance to release; released once (an evicted socket's close comes later).
  const addressOf = new Map<Socket, string>();
  const release = (socket: Socket) => {
    const address = addressOf.get(socket);
    if (address === undefined) return;
    addressOf.delete(socket);
    busy(socket);
    open--;
    const left = (perAddress.get(address) ?? 1) - 1;
    if (left > 0) perAddress.set(address, left);
    else perAddress.delete(address);
  };

  const evictOne = (): boolean => {
    const victim = neverServed.values().next().value ?? idle.values().next().value;
    if (!victim) return false;
    release(victim);
    evicted++;
    victim.destroy();
    return true;
  };

  server.on("connection", (socket: Socket) => {
    const address = socket.remoteAddress ?? "unknown";
    const mine = perAddress.get(address) ?? 0;
    if (mine >= caps.maxConnectionsPerAddress) {
      refused++;
      report("refused connections: too many from one address", { address });
      socket.destroy();
      return;
    }
    if (open >= caps.maxConnections) {
      if (!evictOne()) {
        refused++;
        report("refused connections: the server is full of busy connections", { address });
        socket.destroy();
        return;
      }
      report("closed waiting connections to make room for new ones", { address });
    }
    open++;
    perAddress.set(address, mine + 1);
    addressOf.set(socket, address);
    waiting(socket);
    socket.once("close", () => release(socket));
  });

  // Headers complete: the connection works. When the answer is sent it waits for the next request.
  server.on("request", (req, res) => {
    const socket = req.socket;
    busy(socket);
    served.add(socket);
    res.once("finish", () => waiting(socket));
  });
  // A WebSocket (or any upgrade) holds its connection for good: never an idle one to close.
  server.on("upgrade", (req) => busy(req.socket));

  return {
    stats: () => ({ open, addresses: perAddress.size, refused, evicted }),
  };
}
