/**
 * The BX-5 protocol as the driver sees it. BX-5 font areas take GB2312 only, so everything we show goes
 * as a bitmap in dynamic area 0 covering the whole panel; every request is answered with ACK or NAK.
 * The dynamic area cannot be read back, so there is no `verify`: the driver re-sends on its own schedule.
 */

import { hexDigits, toHex } from "../bytes.js";
import type {
  Exchange,
  ReplyMatcher,
  ShowEffect,
  ShowPlan,
  ShowRequest,
  SignProtocol,
  SignTarget,
  WallClock,
} from "../types.js";
import {
  BX5_COMMANDS,
  type Bx5Command,
  type Bx5DisplayMode,
  decodeBx5Command,
  encodeBx5Command,
} from "./commands.js";
import {
  BX5_BROADCAST_ADDRESS,
  BX5_PC_ADDRESS,
  type Bx5Frame,
  encodeBx5Frame,
  requestHeader,
} from "./frame.js";
import { Bx5Parser } from "./parser.js";

const EFFECT_MODES: Record<ShowEffect, Bx5DisplayMode> = {
  hold: "static",
  scrollLeft: "continuousLeft",
  scrollUp: "moveUp",
  flash: "flash",
};
const DEFAULT_SPEED = 4;
const DEFAULT_STAY_SECONDS = 3;
const ACK_TIMEOUT_MS = 2000;
/** A large bitmap takes the controller card a while to take in before it answers. */
const AREA_ACK_TIMEOUT_MS = 5000;

/** Matches the ACK or NAK a sign sends for `command` sent to `target`. */
function ackMatcher(
  name: string,
  command: Bx5Command,
  target: SignTarget,
  timeoutMs: number,
): ReplyMatcher<Bx5Frame, void> {
  const id =
    command.kind === "unknown" ? { group: command.group, code: command.code } : BX5_COMMANDS[command.kind];
  const from = target.address ?? BX5_BROADCAST_ADDRESS;
  return {
    timeoutMs,
    match: (frame) => {
      if (frame.header.destination !== BX5_PC_ADDRESS) return undefined;
      if (from !== BX5_BROADCAST_ADDRESS && frame.header.source !== from) return undefined;
      const answer = decodeBx5Command(frame.data).command;
      if (answer.kind !== "ack" && answer.kind !== "nak") return undefined;
      // An answer that names its command must name ours; one that names none answers the pending request.
      if (answer.of !== undefined && (answer.of.group !== id.group || answer.of.code !== id.code))
        return undefined;
      if (answer.kind === "ack") return { ok: true, value: undefined };
      const reason = answer.reason === undefined ? "" : `, reason 0x${hexDigits(answer.reason, 2)}`;
      return { ok: false, error: `sign refused ${name} (NAK${reason})` };
    },
  };
}

function request(
  name: string,
  command: Bx5Command,
  target: SignTarget,
  timeoutMs = ACK_TIMEOUT_MS,
): Exchange<Bx5Frame> {
  return {
    name,
    bytes: encodeBx5Frame({ header: requestHeader(target.address), data: encodeBx5Command(command) }),
    pauseAfterMs: 0,
    reply: ackMatcher(name, command, target, timeoutMs),
  };
}

export const bx5Protocol: SignProtocol<Bx5Frame> = {
  name: "bx5",
  limits: { maxBitmapWidth: 0xffff, maxBitmapHeight: 0xffff },
  canShowText: () => false,
  createParser: () => new Bx5Parser(),

  show(req: ShowRequest, target: SignTarget): ShowPlan<Bx5Frame> {
    if (req.content.kind !== "bitmap") {
      throw new RangeError("BX-5 shows bitmaps only: render the text first");
    }
    const command: Bx5Command = {
      kind: "dynamicArea",
      area: {
        areaId: 0,
        x: 0,
        y: 0,
        width: target.panel.width,
        height: target.panel.height,
        mode: EFFECT_MODES[req.effect],
        speed: DEFAULT_SPEED,
        staySeconds: req.holdSeconds ?? DEFAULT_STAY_SECONDS,
        planes: target.colours === 3 ? 2 : 1,
        bitmap: req.content.bitmap,
      },
    };
    return { exchanges: [request("bx5 dynamicArea 0", command, target, AREA_ACK_TIMEOUT_MS)] };
  },

  setClock: (clock: WallClock, target: SignTarget) =>
    request("bx5 setTime", { kind: "setTime", clock }, target),

  ping: (target: SignTarget) => request("bx5 ping", { kind: "ping" }, target),

  describeFrame(frame: Bx5Frame): string {
    const { header, data } = frame;
    const { replyWanted, command } = decodeBx5Command(data);
    const what =
      command.kind === "unknown"
        ? `unknown ${hexDigits(command.group, 2)} ${hexDigits(command.code, 2)} (${command.reason}) [${toHex(data.subarray(0, 16))}]`
        : command.kind;
    return `bx5 ${hexDigits(header.source, 4)}→${hexDigits(header.destination, 4)} ${what}${replyWanted ? " (reply wanted)" : ""}`;
  },
};
