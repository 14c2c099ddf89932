/**
 * Raw TCP clients for attacks no well-behaved library sends: WebSocket upgrades with chosen headers
 * and hand-made frames, slow-header connections from chosen loopback addresses.
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import net from "node:net";

/** Connects from `localAddress` (any of 127.0.0.0/8) to the controller; resolves once connected. */
export function connectFrom(port: number, localAddress = "127.0.0.1"): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: "127.0.0.1", port, localAddress });
    socket.once("connect", () => {
      socket.off("error", reject);
      // Errors after this (a reset when the server cuts us off) are expected: only `close` matters.
      socket.on("error", () => undefined);
      // Flowing, so the server's end of the connection is seen (a paused socket never reads the EOF).
      socket.resume();
      resolve(socket);
    });
    socket.once("error", reject);
  });
}

/** Resolves when the socket is closed (by either side). */
export function closed(socket: net.Socket): Promise<void> {
  if (socket.destroyed) return Promise.resolve();
  return new Promise((resolve) => socket.once("close", () => resolve()));
}

export interface Upgrade {
  socket: net.Socket;
  /** The HTTP status of the answer: 101 when the WebSocket opened; 0 when closed without one. */
  status: number;
  /** Bytes after the answer's head (the first WebSocket frames). */
  rest: Buffer;
}

/** Sends a WebSocket upgrade for engine.io and reads the answer's head. */
export async function wsUpgrade(
  port: number,
  options: { origin?: string; localAddress?: string; path?: string } = {},
): Promise<Upgrade> {
  return wsUpgradeOn(await connectFrom(port, options.localAddress), port, options);
}

/** The upgrade of `wsUpgrade` on a connection already open: written before this returns, so several
 *  can be sent in one synchronous loop and reach the server in the same turn of its event loop. */
export function wsUpgradeOn(
  socket: net.Socket,
  port: number,
  options: { origin?: string; path?: string } = {},
): Promise<Upgrade> {
  const path = options.path ?? "/socket.io/?EIO=4&transport=websocket";
  const lines = [
    `GET ${path} HTTP/1.1`,
    `Host: 127.0.0.1:${port}`,
    "Upgrade: websocket",
    "Connection: Upgrade",
    `Sec-WebSocket-Key: ${randomBytes(16).toString("base64")}`,
    "Sec-WebSocket-Version: 13",
    ...(options.origin ? [`Origin: ${options.origin}`] : []),
  ];
  socket.write(`${lines.join("\r\n")}\r\n\r\n`);
  return new Promise((resolve) => {
    let data = Buffer.alloc(0);
    const timer = setTimeout(() => finish(0), 10_000);
    const onData = (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      const end = data.indexOf("\r\n\r\n");
      if (end < 0) return;
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(data.subarray(0, end).toString("latin1"))?.[1] ?? 0);
      finish(status, data.subarray(end + 4));
    };
    const onClose = () => finish(0);
    function finish(status: number, rest = Buffer.alloc(0)) {
      clearTimeout(timer);
      socket.off("data", onData);
      socket.off("close", onClose);
      resolve({ socket, status, rest });
    }
    socket.on("data", onData);
    socket.once("close", onClose);
  });
}

/** One WebSocket frame as a client sends it (masked); `length` may lie about the payload's size. */
export function wsFrame(
  payload: Buffer | string,
  options: { opcode?: number; length?: number } = {},
): Buffer {
  const body = typeof payload === "string" ? Buffer.from(payload) : payload;
  const length = options.length ?? body.length;
  const opcode = options.opcode ?? 1;
  let head: Buffer;
  if (length < 126) {
    head = Buffer.from([0x80 | opcode, 0x80 | length]);
  } else if (length < 65_536) {
    head = Buffer.alloc(4);
    head[0] = 0x80 | opcode;
    head[1] = 0x80 | 126;
    head.writeUInt16BE(length, 2);
  } else {
    head = Buffer.alloc(10);
    head[0] = 0x80 | opcode;
    head[1] = 0x80 | 127;
    head.writeBigUInt64BE(BigInt(length), 2);
  }
  const mask = randomBytes(4);
  const masked = Buffer.from(body);
  for (let i = 0; i < masked.length; i++) masked[i] = (masked[i] as number) ^ (mask[i % 4] as number);
  return Buffer.concat([head, mask, masked]);
}

/**
 * Resolves true once the server closes the WebSocket: a close frame received (the server then waits
 * for ours, up to 30 s, before dropping the TCP connection) or the connection closed; false after
 * `timeoutMs`.
 */
export function serverCloses(up: Upgrade, timeoutMs = 20_000): Promise<boolean> {
  return new Promise((resolve) => {
    let data = up.rest;
    const done = (result: boolean) => {
      clearTimeout(timer);
      up.socket.off("data", onData);
      up.socket.off("close", onClose);
      resolve(result);
    };
    const scan = () => {
      let at = 0;
      while (data.length - at >= 2) {
        const opcode = (data[at] as number) & 0x0f;
        let length = (data[at + 1] as number) & 0x7f;
        let head = 2;
        if (length === 126) {
          if (data.length - at < 4) return;
          length = data.readUInt16BE(at + 2);
          head = 4;
        } else if (length === 127) {
          if (data.length - at < 10) return;
          length = Number(data.readBigUInt64BE(at + 2));
          head = 10;
        }
        if (opcode === 8) return done(true);
        if (data.length - at < head + length) return;
        at += head + length;
      }
    };
    const onData = (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      scan();
    };
    const onClose = () => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    up.socket.on("data", onData);
    up.socket.once("close", onClose);
    if (up.socket.destroyed) done(true);
    else scan();
  });
}

/** One HTTP request from `localAddress`, on its own connection; never rejects (status 0 on a cut). */
export function requestFrom(
  port: number,
  options: {
    localAddress?: string;
    method?: string;
    path: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
  },
): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        localAddress: options.localAddress ?? "127.0.0.1",
        method: options.method ?? "GET",
        path: options.path,
        headers: options.headers,
        agent: false,
        timeout: 30_000,
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => {
          if (body.length < 100_000) body += d;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        res.on("error", () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on("error", () => resolve({ status: 0, body: "" }));
    req.on("timeout", () => req.destroy());
    req.end(options.body);
  });
}
