import { describe, expect, it } from "vitest";
import {
  type ReadFn,
  readOrHangUp,
  type UnixPort,
} from "../../controller/src/signs/driver/hangup-binding.js";

/** A Unix port binding as far as readOrHangUp looks: fd, isOpen and a poller that says "readable". */
function port() {
  let waits = 0;
  const p = {
    fd: 7 as number | null,
    get isOpen() {
      return p.fd !== null;
    },
    poller: {
      once(_event: "readable", callback: (error: Error | null) => void) {
        waits++;
        setImmediate(() => callback(null));
      },
    },
    get waits() {
      return waits;
    },
  };
  return p;
}

function reads(answers: (number | NodeJS.ErrnoException)[]): ReadFn & { calls: number } {
  const fn = Object.assign(
    async () => {
      fn.calls++;
      const next = answers.shift();
      if (next === undefined) throw new Error("read more often than expected");
      if (typeof next !== "number") throw next;
      return { bytesRead: next };
    },
    { calls: 0 },
  );
  return fn;
}

const errno = (code: string) => Object.assign(new Error(code), { code });

describe("reading a serial line that may hang up", () => {
  it("returns what arrives, waiting while the tty says EAGAIN", async () => {
    const p = port();
    const fn = reads([errno("EAGAIN"), errno("EINTR"), 5]);
    const answer = await readOrHangUp(p as unknown as UnixPort, Buffer.alloc(16), 0, 16, fn);
    expect(answer.bytesRead).toBe(5);
    expect(p.waits).toBe(2);
  });

  it("fails as a disconnect on end of file, instead of reading again for ever", async () => {
    const fn = reads([0, 0]);
    await expect(
      readOrHangUp(port() as unknown as UnixPort, Buffer.alloc(16), 0, 16, fn),
    ).rejects.toMatchObject({
      disconnect: true,
      message: expect.stringMatching(/hung up/),
    });
    expect(fn.calls).toBe(2);
  });

  it("takes one empty read followed by data as data", async () => {
    const answer = await readOrHangUp(port() as unknown as UnixPort, Buffer.alloc(16), 0, 16, reads([0, 3]));
    expect(answer.bytesRead).toBe(3);
  });

  it("marks EIO and ENXIO as disconnects, and says 'canceled' once the port is closed", async () => {
    for (const code of ["EIO", "ENXIO", "EBADF"]) {
      await expect(
        readOrHangUp(port() as unknown as UnixPort, Buffer.alloc(4), 0, 4, reads([errno(code)])),
      ).rejects.toMatchObject({
        code,
        disconnect: true,
      });
    }
    const closed = port();
    closed.fd = null;
    await expect(
      readOrHangUp(closed as unknown as UnixPort, Buffer.alloc(4), 0, 4, reads([])),
    ).rejects.toMatchObject({
      canceled: true,
    });
  });
});
