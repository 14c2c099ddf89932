/**
 * serialport's Unix binding with one change: a read that returns no bytes ends the connection.
 *
 * The binding opens ports with VMIN=1, non-blocking: a tty with nothing to read answers EAGAIN, and
 * "0 bytes" only ever means end of file, i.e. the line hung up. Linux hangs a tty up when its USB
 * converter is unplugged (usb-serial calls tty_vhangup) and, racing with EIO, when a pty's master
 * closes; from then on every read returns 0. `@serialport/bindings-cpp` (unixRead) reads again at
 * once on 0 bytes, so the port spins, never reports `close`, and grows a promise chain (+80 MB in 10 s
 * measured) until some write fails. Here the second empty read in a row is a disconnect: the stream
 * closes with a DisconnectedError and the driver reconnects with its backoff.
 * It relies on the binding's internals (UnixPort below), hence the exact version pin in package.json;
 * test/integration/serial-hangup.test.ts (real ptys) is the guard when that pin moves.
 */
import { read } from "node:fs";
import { promisify } from "node:util";
import {
  autoDetect,
  type BindingInterface,
  type BindingPortInterface,
  BindingsError,
} from "@serialport/bindings-cpp";

const readAsync = promisify(read);

/** What the Unix port bindings (Linux, Darwin) have beyond the interface: their fd and poller. */
export interface UnixPort extends BindingPortInterface {
  fd: number | null;
  poller: { once(event: "readable", callback: (error: Error | null) => void): unknown };
}

export type ReadFn = (
  fd: number,
  buffer: Buffer,
  offset: number,
  length: number,
  position: null,
) => Promise<{ bytesRead: number }>;

const WAIT = new Set(["EAGAIN", "EWOULDBLOCK", "EINTR"]);
const GONE = new Set(["EBADF", "ENXIO", "EIO", "ENODEV", "UNKNOWN"]);

function notOpen(): BindingsError {
  return new BindingsError("Port is not open", { canceled: true });
}

function readable(port: UnixPort): Promise<void> {
  return new Promise((resolve, reject) => {
    port.poller.once("readable", (error) => (error ? reject(error) : resolve()));
  });
}

/** Reads at least one byte, waits while there is none, and fails as a disconnect on end of file. */
export async function readOrHangUp(
  port: UnixPort,
  buffer: Buffer,
  offset: number,
  length: number,
  readFn: ReadFn = readAsync,
): Promise<{ bytesRead: number; buffer: Buffer }> {
  let empty = 0;
  for (;;) {
    if (!port.isOpen || port.fd === null) throw notOpen();
    let bytesRead: number;
    try {
      ({ bytesRead } = await readFn(port.fd, buffer, offset, length, null));
    } catch (error) {
      const err = error as NodeJS.ErrnoException & { disconnect?: boolean };
      if (err.code && WAIT.has(err.code)) {
        if (!port.isOpen) throw notOpen();
        await readable(port);
        continue;
      }
      if ((err.code && GONE.has(err.code)) || err.errno === -1) err.disconnect = true;
      throw err;
    }
    if (bytesRead > 0) return { bytesRead, buffer };
    // One empty read could be a signal's doing; two in a row is the hung-up tty answering.
    if (++empty >= 2) {
      throw Object.assign(new Error("the serial line hung up (end of file: unplugged?)"), {
        disconnect: true,
      });
    }
  }
}

/** The platform's binding, its ports' reads replaced by readOrHangUp (Windows: unchanged). */
export function hangUpAwareBinding(base: BindingInterface = autoDetect()): BindingInterface {
  if (process.platform === "win32") return base;
  return {
    list: () => base.list(),
    async open(options) {
      const port = (await base.open(options)) as UnixPort;
      // Replaces the method on this one instance: the rest of the binding (open options, writes,
      // flush, drain, signals) stays serialport's own.
      port.read = (buffer, offset, length) => {
        if (buffer.length < offset + length) return Promise.reject(new Error("buffer is too small"));
        return readOrHangUp(port, buffer, offset, length);
      };
      return port;
    },
  };
}
