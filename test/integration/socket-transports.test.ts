import { io as connect, type Socket } from "socket.io-client";
import { afterEach, describe, expect, it } from "vitest";
import type { KioskState } from "../../controller/src/contract/kiosk.js";
import { MAX_SOCKET_MESSAGE_BYTES } from "../../controller/src/http/server-limits.js";
import type { RunningController } from "../../controller/src/server.js";
import { startTestController } from "../helpers/controller.js";

const sockets: Socket[] = [];
afterEach(() => {
  for (const s of sockets.splice(0)) s.disconnect();
});

function kiosk(
  c: RunningController,
  transports: ("polling" | "websocket")[],
  extraHeaders: Record<string, string> = {},
): Socket {
  // A connect timeout for a stuck server, not a slow one (the client's default is 20 s).
  const socket = connect(`${c.url}/kiosk`, {
    transports,
    reconnection: false,
    extraHeaders,
    timeout: 60_000,
  });
  sockets.push(socket);
  return socket;
}

/** Says hello and resolves with the first state the hub sends (the transport carried both ways). */
function firstState(socket: Socket): Promise<KioskState> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no state within 60 s")), 60_000);
    socket.once("state", (state: KioskState) => {
      clearTimeout(timer);
      resolve(state);
    });
    socket.once("connect_error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.emit("hello", { kioskId: "kiosk-transport", name: "Sảnh A", channel: "hall" }, () => undefined);
  });
}

function connectError(socket: Socket): Promise<Error> {
  return new Promise((resolve, reject) => {
    socket.once("connect", () => reject(new Error("connected, expected a refusal")));
    socket.once("connect_error", resolve);
  });
}

describe("socket.io on the controller's HTTP server", () => {
  it("answers a bare polling handshake (the request that used to end the process) and keeps serving", async () => {
    const c = await startTestController();
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${c.url}/socket.io/?EIO=4&transport=polling`);
      expect(res.status).toBe(200);
      // engine.io's open packet: "0{...sid...}"
      expect(await res.text()).toMatch(/^0\{"sid":/);
    }
    // express still answers everything else, including /socket.io without the slash.
    expect((await fetch(`${c.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${c.url}/socket.io`)).status).toBe(404);
  });

  it("carries a kiosk's hello and state over long-polling only", async () => {
    const c = await startTestController();
    const socket = kiosk(c, ["polling"]);
    const state = await firstState(socket);
    expect(state.channel.id).toBe("hall");
    expect(socket.io.engine.transport.name).toBe("polling");
  });

  it("carries a kiosk's hello and state over WebSocket only", async () => {
    const c = await startTestController();
    const socket = kiosk(c, ["websocket"]);
    const state = await firstState(socket);
    expect(state.channel.id).toBe("hall");
    expect(socket.io.engine.transport.name).toBe("websocket");
  });

  it("takes a message as large as the largest proof batch, and cuts off a larger one", async () => {
    const c = await startTestController();
    for (const transport of ["websocket", "polling"] as const) {
      const socket = kiosk(c, [transport]);
      await firstState(socket);
      // 200 sessions of 100 pages of 70 characters: more than engine.io's default 1 MB, within ours.
      const pages = Array.from({ length: 100 }, (_, i) => `item:${"p".repeat(60)}-${i}`);
      const at = new Date().toISOString();
      const sessions = Array.from({ length: 200 }, () => ({
        startedAt: at,
        endedAt: at,
        language: "vi",
        pages,
      }));
      expect(JSON.stringify(sessions).length).toBeGreaterThan(1_000_000);
      const ack = await socket.timeout(60_000).emitWithAck("proof", { plays: [], sessions });
      expect(ack).toBeTypeOf("object");
      expect(socket.connected).toBe(true);

      const disconnected = new Promise((resolve) => socket.once("disconnect", resolve));
      socket.emit("proof", { junk: "x".repeat(MAX_SOCKET_MESSAGE_BYTES) });
      await disconnected;
    }
    expect((await fetch(`${c.url}/healthz`)).status).toBe(200);
  });

  it("accepts the gate's own origin and refuses another, on both transports", async () => {
    const c = await startTestController();
    const own = new URL(c.url).origin;
    expect((await firstState(kiosk(c, ["polling"], { origin: own }))).channel.id).toBe("hall");
    expect((await firstState(kiosk(c, ["websocket"], { origin: own }))).channel.id).toBe("hall");

    for (const origin of [
      "http://evil.example",
      "null",
      `https://${new URL(c.url).host}`,
      "http://127.0.0.1:1",
    ]) {
      await connectError(kiosk(c, ["polling"], { origin }));
      await connectError(kiosk(c, ["websocket"], { origin }));
      const res = await fetch(`${c.url}/socket.io/?EIO=4&transport=polling`, { headers: { origin } });
      expect(res.status).toBe(400);
    }
    // A session opened without Origin cannot be ridden by a page elsewhere: every request is checked.
    const open = await (await fetch(`${c.url}/socket.io/?EIO=4&transport=polling`)).text();
    const sid = JSON.parse(open.slice(1)).sid as string;
    const ride = await fetch(`${c.url}/socket.io/?EIO=4&transport=polling&sid=${sid}`, {
      method: "POST",
      headers: { origin: "http://evil.example", "content-type": "text/plain" },
      body: '40/kiosk,{"kioskId":"x"}',
    });
    expect(ride.status).toBe(400);
    expect((await fetch(`${c.url}/healthz`)).status).toBe(200);
  });
});
