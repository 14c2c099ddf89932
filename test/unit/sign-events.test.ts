import { describe, expect, it } from "vitest";
import type { SignDriverStatus } from "../../controller/src/signs/driver/driver-status.js";
import {
  CONNECT_GRACE_MS,
  observeSign,
  type SignObservation,
  shownFrames,
  signTransitions,
} from "../../controller/src/signs/sign-events.js";

const origin = (id: string) => (id === "welcome" ? "pack:cau-treo" : null);

function status(overrides: Partial<SignDriverStatus> = {}): SignDriverStatus {
  return {
    state: "connected",
    connected: true,
    responding: true,
    port: "/dev/pts/9",
    serial: "9600 7E1",
    connectedAt: "2026-12-01T00:00:00.000Z",
    reconnects: 0,
    lastReplyAt: null,
    lastError: null,
    errors: 0,
    timeouts: 0,
    refusals: 0,
    badFrames: 0,
    unsolicited: 0,
    retries: 0,
    bytesSent: 0,
    bytesReceived: 0,
    showing: {
      key: "k1",
      slide: 1,
      sentAt: "2026-12-01T00:00:00.000Z",
      itemIds: ["welcome"],
      frames: [
        { itemId: "welcome", language: "vi", width: 96, height: 16, scroll: false, slide: 0 },
        { itemId: "welcome", language: "lo", width: 96, height: 16, scroll: false, slide: 1 },
        { itemId: "clock", language: "vi", width: 96, height: 16, scroll: false, slide: 1 },
      ],
      slides: [
        { layout: "a", effect: "hold", width: 96, height: 16, dwellMs: 6000 },
        { layout: "b", effect: "hold", width: 96, height: 16, dwellMs: 2000 },
        { layout: "c", effect: "hold", width: 96, height: 16, dwellMs: 8000, notShown: "memory full" },
      ],
      problems: [],
    },
    pending: false,
    lastSentAt: null,
    lastRefreshAt: null,
    contentLost: 0,
    lastClockSetAt: null,
    lastUpload: null,
    ...overrides,
  };
}

describe("what a sign holds", () => {
  it("gives each frame its slide's share of the time; slides that did not fit get none", () => {
    expect(shownFrames(status().showing, origin)).toEqual([
      { itemId: "welcome", language: "vi", share: 0.75, origin: "pack:cau-treo" },
      { itemId: "welcome", language: "lo", share: 0.125, origin: "pack:cau-treo" },
      { itemId: "clock", language: "vi", share: 0.125, origin: null },
    ]);
    expect(shownFrames(null, origin)).toBeNull();
  });
});

describe("sign events", () => {
  const at = "2026-12-01T01:00:00.000Z";

  it("logs online and what it holds once, then only changes", () => {
    const first = observeSign(status(), undefined, 60_000, origin);
    const events = signTransitions("gate-sign", undefined, first, at);
    expect(events.map((e) => e.kind)).toEqual(["online", "showing"]);
    // The same frames re-sent (a clock redrawn, a refresh): nothing to log.
    const again = observeSign(
      status({ showing: { ...(status().showing as NonNullable<SignDriverStatus["showing"]>), key: "k2" } }),
      undefined,
      65_000,
      origin,
    );
    expect(signTransitions("gate-sign", first, again, at)).toEqual([]);
  });

  it("logs an outage with its reason, a change of reason, and the return with what it holds", () => {
    const up = observeSign(status(), undefined, 60_000, origin);
    const down = observeSign(
      status({ state: "disconnected", connected: false, lastError: { at, message: "port closed" } }),
      undefined,
      70_000,
      origin,
    );
    expect(signTransitions("gate-sign", up, down, at)).toEqual([
      { signId: "gate-sign", at, kind: "offline", detail: { reason: "port closed" } },
    ]);
    const mute = observeSign(
      status({ responding: false, lastError: { at, message: "no answer in 2000 ms" } }),
      undefined,
      80_000,
      origin,
    );
    expect(signTransitions("gate-sign", down, mute, at)).toEqual([
      { signId: "gate-sign", at, kind: "offline", detail: { reason: "not answering: no answer in 2000 ms" } },
    ]);
    expect(signTransitions("gate-sign", mute, up, at).map((e) => e.kind)).toEqual(["online", "showing"]);
  });

  it("gives a sign that is still connecting after a start a grace period, then calls it offline", () => {
    const connecting = status({ state: "connecting", connected: false, connectedAt: null, showing: null });
    const early = observeSign(connecting, undefined, CONNECT_GRACE_MS - 1, origin);
    expect(early.online).toBeNull();
    expect(signTransitions("gate-sign", undefined, early, at)).toEqual([]);
    const late = observeSign(connecting, undefined, CONNECT_GRACE_MS, origin);
    expect(signTransitions("gate-sign", undefined, late, at)).toEqual([
      { signId: "gate-sign", at, kind: "offline", detail: { reason: "never connected" } },
    ]);
    const failed: SignObservation = observeSign(undefined, "no such port /dev/ttyUSB9", 0, origin);
    expect(failed).toMatchObject({ online: false, reason: "no such port /dev/ttyUSB9" });
  });
});
