import { execFileSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, rmSync, statfsSync, writeSync } from "node:fs";
import { open } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

/** Mounting needs root; tests that fill a disk skip with this reason otherwise. */
export const CAN_MOUNT = typeof process.getuid === "function" && process.getuid() === 0;
export const NOT_ROOT_REASON =
  "not root: cannot mount a small tmpfs to fill (run the suite as root, as CI does, to include it)";

/** A fresh tmpfs of `sizeMb` mounted on a new folder; `unmount` removes it. */
export function mountTmpfs(sizeMb: number): { dir: string; unmount(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), "gatecast-tmpfs-"));
  execFileSync("mount", ["-t", "tmpfs", "-o", `size=${sizeMb}m,mode=0755`, "tmpfs", dir]);
  return {
    dir,
    unmount() {
      try {
        execFileSync("umount", ["-l", dir]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

export function freeBytes(dir: string): number {
  const s = statfsSync(dir);
  return s.bavail * s.bsize;
}

/**
 * Writes a filler file until only `leaveBytes` are free on the disk of `file` (0: until the disk
 * refuses, ENOSPC). Returns the bytes written.
 */
export function fillDisk(file: string, leaveBytes: number): number {
  const fd = openSync(file, "a");
  const chunk = Buffer.alloc(1024 * 1024, 0x5a);
  let written = 0;
  try {
    for (;;) {
      const room = freeBytes(path.dirname(file)) - leaveBytes;
      if (room <= 0) break;
      try {
        written += writeSync(fd, chunk, 0, Math.min(chunk.length, room));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOSPC") break;
        throw error;
      }
    }
  } finally {
    closeSync(fd);
  }
  return written;
}

/** fillDisk without holding this process's event loop (a test that measures latency meanwhile). */
export async function fillDiskAsync(file: string, leaveBytes: number): Promise<number> {
  const handle = await open(file, "a");
  const chunk = Buffer.alloc(1024 * 1024, 0x5a);
  let written = 0;
  try {
    for (;;) {
      const room = freeBytes(path.dirname(file)) - leaveBytes;
      if (room <= 0) break;
      try {
        written += (await handle.write(chunk, 0, Math.min(chunk.length, room))).bytesWritten;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOSPC") break;
        throw error;
      }
    }
  } finally {
    await handle.close();
  }
  return written;
}
