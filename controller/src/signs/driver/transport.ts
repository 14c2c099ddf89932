/**
 * A byte pipe to a sign. The driver opens one per connection attempt and drops it when it closes.
 *
 * Two kinds: a real serial port (`serialport`, also used on the pty pairs of the virtual sign and the
 * tests), and an in-memory pair for unit tests and for the virtual sign when socat is missing.
 *
 * The serial transport always has a reader attached: without one, an unplugged USB converter goes
 * unnoticed until the next write (serialport only sees the hang-up when it reads).
 */

import { SerialPortStream } from "@serialport/stream";
import { hangUpAwareBinding } from "./hangup-binding.js";
import type { SerialSettings } from "./line.js";

/** One for every port: a hung-up line closes the port instead of spinning (hangup-binding.ts). */
const BINDING = hangUpAwareBinding();

export interface TransportHandlers {
  data(chunk: Uint8Array): void;
  /** The port went away (unplugged, socat killed) or was closed; `error` says why when it was not us. */
  close(error?: Error): void;
}

export interface Transport {
  /** Device path, or a description for in-memory links. */
  readonly path: string;
  /** Resolves once the OS has taken the bytes. */
  write(bytes: Uint8Array): Promise<void>;
  /** Resolves once everything written has left the port. */
  drain(): Promise<void>;
  close(): Promise<void>;
}

/** Opens a transport; rejects when the device is not there (the driver retries with backoff). */
export type OpenTransport = (handlers: TransportHandlers) => Promise<Transport>;

export class TransportClosedError extends Error {
  override name = "TransportClosedError";
}

/** `serialport` on `path` with the sign's settings. */
export function serialTransport(path: string, settings: SerialSettings): OpenTransport {
  return (handlers) =>
    new Promise<Transport>((resolve, reject) => {
      // serialport's own stream, on its binding with hang-ups seen (hangup-binding.ts).
      const port = new SerialPortStream({
        path,
        baudRate: settings.baudRate,
        dataBits: settings.dataBits,
        parity: settings.parity,
        stopBits: settings.stopBits,
        autoOpen: false,
        // Another program on the same converter would interleave frames with ours.
        lock: true,
        binding: BINDING,
      });
      let closed = false;
      const finish = (error?: Error) => {
        if (closed) return;
        closed = true;
        handlers.close(error);
      };
      port.open((error) => {
        if (error) {
          reject(error);
          return;
        }
        // The reader: keeps the port in flowing mode so a hang-up is seen at once.
        port.on("data", (chunk: Buffer) => handlers.data(new Uint8Array(chunk)));
        port.on("close", (err?: Error | null) => finish(err ?? undefined));
        port.on("error", (err: Error) => {
          // An error on an open port (EIO after an unplug) ends this connection; the driver reopens.
          finish(err);
          if (port.isOpen) port.close(() => undefined);
        });
        resolve({
          path,
          write: (bytes) =>
            new Promise<void>((res, rej) => {
              if (closed || !port.isOpen) {
                rej(new TransportClosedError(`${path} is closed`));
                return;
              }
              port.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), (err) =>
                err ? rej(err) : res(),
              );
            }),
          drain: () =>
            new Promise<void>((res, rej) => {
              if (closed || !port.isOpen) {
                rej(new TransportClosedError(`${path} is closed`));
                return;
              }
              port.drain((err) => (err ? rej(err) : res()));
            }),
          close: () =>
            new Promise<void>((res) => {
              if (!port.isOpen) {
                finish();
                res();
                return;
              }
              port.close(() => {
                finish();
                res();
              });
            }),
        });
      });
    });
}

/** One end of an in-memory link: open it like a port; `unplug()` on the pair closes both ends. */
export interface MemoryEnd {
  readonly open: OpenTransport;
  /** True while this end is open. */
  readonly isOpen: () => boolean;
}

export interface MemoryLink {
  readonly a: MemoryEnd;
  readonly b: MemoryEnd;
  /** Closes both ends as an unplugged cable would; they can be opened again (replug). */
  unplug(reason?: string): void;
}

/**
 * Two connected in-memory ends. Bytes written on one arrive at the other on a later tick, so ordering and
 * re-entrancy match a real port; bytes written while the other end is closed are lost, as on a wire.
 */
export function memoryLink(name = "memory"): MemoryLink {
  type Side = { handlers?: TransportHandlers };
  const sides: [Side, Side] = [{}, {}];
  const end = (me: 0 | 1): MemoryEnd => {
    const other = sides[me === 0 ? 1 : 0];
    const self = sides[me];
    return {
      isOpen: () => self.handlers !== undefined,
      open: async (handlers) => {
        if (self.handlers) throw new Error(`${name} end ${me === 0 ? "a" : "b"} is already open`);
        self.handlers = handlers;
        const closed = () => self.handlers !== handlers;
        return {
          path: `${name}:${me === 0 ? "a" : "b"}`,
          write: async (bytes) => {
            if (closed()) throw new TransportClosedError(`${name} is closed`);
            const copy = bytes.slice();
            setImmediate(() => other.handlers?.data(copy));
          },
          drain: async () => {
            if (closed()) throw new TransportClosedError(`${name} is closed`);
          },
          close: async () => {
            if (closed()) return;
            self.handlers = undefined;
            handlers.close();
          },
        };
      },
    };
  };
  return {
    a: end(0),
    b: end(1),
    unplug(reason = "unplugged") {
      for (const side of sides) {
        const h = side.handlers;
        side.handlers = undefined;
        h?.close(new Error(reason));
      }
    },
  };
}
