import { describe, expect, it } from "vitest";
import { createLogger } from "../../controller/src/log.js";
import { ExchangeQueue, SignExchangeError } from "../../controller/src/signs/driver/exchange-queue.js";
import { LinePacer } from "../../controller/src/signs/driver/pacer.js";
import { realTimer } from "../../controller/src/signs/driver/timing.js";
import { memoryLink, type Transport } from "../../controller/src/signs/driver/transport.js";
import {
  type Bx5Command,
  type Bx5Frame,
  Bx5Parser,
  bx5Protocol,
  decodeBx5Command,
  encodeBx5Command,
  encodeBx5Frame,
  replyHeader,
} from "../../controller/src/signs/protocols/bx5/index.js";
import type { Exchange } from "../../controller/src/signs/protocols/types.js";

const target = { colours: 3 as const, panel: { width: 32, height: 16 } };

type Answer = (frame: Bx5Frame, n: number) => Uint8Array[];

/** A queue on one end of an in-memory line, and a scripted sign on the other. */
async function rig(answer: Answer, attempts = 3) {
  const link = memoryLink("test");
  const queue = new ExchangeQueue<Bx5Frame>({
    protocol: bx5Protocol,
    pacer: new LinePacer(0.001, 32, realTimer),
    timer: realTimer,
    logger: createLogger("silent", false),
    attempts,
    retryBackoff: { initialMs: 5, maxMs: 10, jitter: 0 },
  });
  const parser = bx5Protocol.createParser();
  const host = await link.a.open({
    data: (c) => {
      for (const e of parser.push(c)) queue.onParseEvent(e);
    },
    close: () => queue.attach(undefined),
  });
  queue.attach(host);
  const received: Bx5Frame[] = [];
  const signParser = new Bx5Parser();
  let sign: Transport | undefined;
  sign = await link.b.open({
    data: (c) => {
      for (const e of signParser.push(c)) {
        if (!e.ok) continue;
        received.push(e.frame);
        for (const r of answer(e.frame, received.length)) void sign?.write(r);
      }
    },
    close: () => {
      sign = undefined;
    },
  });
  return { queue, received, link };
}

const reply = (request: Bx5Frame, command: Bx5Command) =>
  encodeBx5Frame({ header: replyHeader(request.header, 1), data: encodeBx5Command(command, false) });
const ackOf = (request: Bx5Frame) => {
  const data = request.data;
  return reply(request, { kind: "ack", of: { group: data[1] ?? 0, code: data[2] ?? 0 } });
};
const ping = (timeoutMs = 60): Exchange<Bx5Frame> => {
  const e = bx5Protocol.ping(target);
  return { ...e, reply: { timeoutMs, match: e.reply?.match ?? (() => undefined) } };
};

describe("ExchangeQueue", () => {
  it("resolves an exchange with the reply its matcher accepts", async () => {
    const { queue, received } = await rig((f) => [ackOf(f)]);
    await expect(queue.run(ping())).resolves.toBeUndefined();
    expect(received).toHaveLength(1);
    expect(queue.counters).toMatchObject({ exchanges: 1, errors: 0, retries: 0 });
    expect(queue.counters.lastReplyAt).toBeTypeOf("number");
  });

  it("names the command when no reply comes, after every attempt", async () => {
    const { queue, received } = await rig(() => []);
    const error = await queue.run(ping(40)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SignExchangeError);
    expect((error as SignExchangeError).message).toBe("no reply to 'bx5 ping' within 40 ms");
    expect((error as SignExchangeError).kind).toBe("timeout");
    expect(received).toHaveLength(3);
    expect(queue.counters).toMatchObject({ exchanges: 3, errors: 3, timeouts: 3, retries: 2 });
  });

  it("retries after a NAK and counts the refusal", async () => {
    const { queue } = await rig((f, n) => [
      n === 1 ? reply(f, { kind: "nak", of: { group: 0xa2, code: 0 } }) : ackOf(f),
    ]);
    await queue.run(ping());
    expect(queue.counters).toMatchObject({ exchanges: 2, refusals: 1, retries: 1 });
  });

  it("fails an attempt at once on a corrupted reply, then retries", async () => {
    const { queue } = await rig((f, n) => {
      const good = ackOf(f);
      if (n > 1) return [good];
      const bad = good.slice();
      bad[8] = (bad[8] ?? 0) ^ 0x01; // first body byte: the CRC no longer matches
      return [bad];
    });
    await queue.run(ping(5000));
    // Not a timeout: the bad frame ended the first attempt.
    expect(queue.counters).toMatchObject({ badFrames: 1, retries: 1, timeouts: 0 });
  });

  it("skips noise and counts frames no one waits for", async () => {
    const { queue } = await rig((f) => [
      Uint8Array.of(0x13, 0x37, 0xff, 0x00),
      reply(f, { kind: "ack", of: { group: 0xa2, code: 0x03 } }), // answers another command
      ackOf(f),
    ]);
    await queue.run(ping());
    expect(queue.counters).toMatchObject({ unsolicited: 1, errors: 0, badFrames: 0 });
  });

  it("sends one exchange at a time: the next waits for the previous reply", async () => {
    const log: string[] = [];
    const { queue } = await rig((_f, n) => {
      log.push(`request ${n}`);
      return [];
    }, 1);
    // Nobody answers: the second request must not be on the line before the first one's timeout.
    const first = queue.run(ping(300));
    const second = queue.run(ping(300));
    await new Promise((r) => setTimeout(r, 100));
    expect(log).toEqual(["request 1"]);
    await expect(first).rejects.toThrow(SignExchangeError);
    await expect(second).rejects.toThrow(SignExchangeError);
    expect(log).toEqual(["request 1", "request 2"]);
  });

  it("fails at once, without retrying, when the port closes while waiting", async () => {
    const { queue, link } = await rig(() => []);
    const pending = queue.run(ping(5000));
    setTimeout(() => link.unplug(), 30);
    const error = (await pending.catch((e: unknown) => e)) as SignExchangeError;
    expect(error.kind).toBe("disconnected");
    expect(error.message).toContain("'bx5 ping'");
    expect(queue.counters.retries).toBe(0);
  });

  it("runs an exchange without reply as write then pause", async () => {
    const { queue, received } = await rig(() => []);
    const e = bx5Protocol.ping(target);
    const started = performance.now();
    await queue.run({ name: "fire and forget", bytes: e.bytes, pauseAfterMs: 50 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(40);
    await new Promise((r) => setTimeout(r, 10));
    expect(decodeBx5Command(received[0]?.data ?? new Uint8Array()).command.kind).toBe("ping");
  });

  it("stops waiting when aborted, with the abort's reason", async () => {
    const { queue } = await rig(() => []);
    const abort = new AbortController();
    const pending = queue.run(ping(5000), abort.signal);
    setTimeout(() => abort.abort(new Error("newer content")), 20);
    await expect(pending).rejects.toThrow("newer content");
    expect(queue.counters.errors).toBe(0);
  });
});
