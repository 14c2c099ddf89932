import http, { type IncomingMessage } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { guardConnections } from "../../controller/src/http/connection-guard.js";
import { isForeignOrigin, isLoopback } from "../../controller/src/http/socket-guard.js";
import { createLogger } from "../../controller/src/log.js";
import { closed, connectFrom, requestFrom } from "../helpers/raw-http.js";

const servers: http.Server[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

/** A real HTTP server with the guard; `/hold` answers only when `release()` is called. */
async function guarded(caps: { maxConnections: number; maxConnectionsPerAddress: number }) {
  const held: http.ServerResponse[] = [];
  const server = http.createServer((req, res) => {
    if (req.url === "/hold") held.push(res);
    else res.end("ok");
  });
  servers.push(server);
  const guard = guardConnections(server, caps, createLogger("silent", false));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    guard,
    port,
    /** How many `/hold` requests the handler is holding (they arrived and were parsed). */
    holding: () => held.length,
    release: () => {
      for (const res of held.splice(0)) res.end("done");
    },
  };
}

async function slow(port: number, from: string): Promise<Socket> {
  const s = await connectFrom(port, from);
  s.write("GET / HTTP/1.1\r\nHost: x\r\n");
  sockets.push(s);
  return s;
}

/** Resolves once `probe` holds (the server has counted the connections, say). */
async function until(probe: () => boolean): Promise<void> {
  await expect.poll(probe, { timeout: 60_000, interval: 10 }).toBe(true);
}

describe("the connection guard", () => {
  it("closes a connection beyond an address's share, and not another address's", async () => {
    const { guard, port } = await guarded({ maxConnections: 100, maxConnectionsPerAddress: 3 });
    const mine = [
      await slow(port, "127.0.0.2"),
      await slow(port, "127.0.0.2"),
      await slow(port, "127.0.0.2"),
    ];
    await until(() => guard.stats().open === 3);
    const fourth = await slow(port, "127.0.0.2");
    await closed(fourth);
    expect(guard.stats().refused).toBe(1);
    expect(mine.every((s) => !s.destroyed)).toBe(true);
    expect((await requestFrom(port, { path: "/", localAddress: "127.0.0.3" })).status).toBe(200);
  });

  it("makes room when full: the oldest connection that never sent a request goes first", async () => {
    const { guard, port } = await guarded({ maxConnections: 4, maxConnectionsPerAddress: 10 });
    const oldest = await slow(port, "127.0.0.2");
    const others = [
      await slow(port, "127.0.0.3"),
      await slow(port, "127.0.0.4"),
      await slow(port, "127.0.0.5"),
    ];
    await until(() => guard.stats().open === 4);
    const answer = await requestFrom(port, { path: "/", localAddress: "127.0.0.6" });
    expect(answer.status).toBe(200);
    await closed(oldest);
    expect(others.every((s) => !s.destroyed)).toBe(true);
    expect(guard.stats().evicted).toBe(1);
  });

  it("never closes a connection with a request in progress: a full server of busy ones refuses", async () => {
    const { guard, port, holding, release } = await guarded({
      maxConnections: 2,
      maxConnectionsPerAddress: 10,
    });
    const busy = [
      requestFrom(port, { path: "/hold", localAddress: "127.0.0.2" }),
      requestFrom(port, { path: "/hold", localAddress: "127.0.0.3" }),
    ];
    // Both requests have arrived (the handler holds them): nothing is waiting, so nothing gives way.
    await until(() => guard.stats().open === 2 && holding() === 2);
    expect((await requestFrom(port, { path: "/", localAddress: "127.0.0.4" })).status).toBe(0);
    expect(guard.stats().refused).toBe(1);
    release();
    expect((await Promise.all(busy)).map((a) => a.status)).toEqual([200, 200]);
  });
});

function req(headers: Record<string, string>, remoteAddress = "192.168.1.20"): IncomingMessage {
  return { headers, socket: { remoteAddress } } as unknown as IncomingMessage;
}

describe("the socket.io Origin rule", () => {
  it("allows no Origin and the same origin; refuses another host, port, scheme, null and junk", () => {
    const host = "192.168.1.10:8080";
    expect(isForeignOrigin(req({ host }))).toBe(false);
    expect(isForeignOrigin(req({ host, origin: "http://192.168.1.10:8080" }))).toBe(false);
    expect(isForeignOrigin(req({ host: "gate.local", origin: "http://GATE.local:80" }))).toBe(false);
    for (const origin of [
      "http://evil.example",
      "http://192.168.1.10:8081",
      "https://192.168.1.10:8080",
      "null",
      "not a url",
    ]) {
      expect(isForeignOrigin(req({ host, origin })), origin).toBe(true);
    }
    expect(isForeignOrigin(req({ origin: "http://192.168.1.10:8080" }))).toBe(true);
  });

  it("believes X-Forwarded-Proto only from a proxy on the same PC", () => {
    const headers = { host: "gate.example", origin: "https://gate.example", "x-forwarded-proto": "https" };
    expect(isForeignOrigin(req(headers, "127.0.0.1"))).toBe(false);
    expect(isForeignOrigin(req(headers, "::ffff:127.0.0.1"))).toBe(false);
    expect(isForeignOrigin(req(headers, "192.168.1.20"))).toBe(true);
    expect(isLoopback("::1")).toBe(true);
    expect(isLoopback("127.4.5.6")).toBe(true);
    expect(isLoopback("128.0.0.1")).toBe(false);
  });
});
