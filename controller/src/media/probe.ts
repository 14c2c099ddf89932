/**
 * The thin driver around Debian's ffprobe and ffmpeg (package `ffmpeg`): run a command on a stored
 * file, bounded in time and output, asynchronously (an upload never blocks the event loop), and at most
 * two at once so a burst of uploads cannot take the gate PC's two cores from the signs. What the output
 * means is video-policy.ts's.
 */
import { spawn } from "node:child_process";

export interface MediaTools {
  ffprobe: string;
  ffmpeg: string;
}

/** The command is not installed (or not executable): video uploads need the `ffmpeg` package. */
export class MediaToolMissing extends Error {
  override name = "MediaToolMissing";
}

export interface ToolRun {
  code: number | null;
  stdout: Buffer;
  stderr: string;
  timedOut: boolean;
  /** stdout passed its cap; what was read is kept, the process was killed. */
  overflow: boolean;
}

const MAX_PARALLEL = 2;
let running = 0;
const waiting: (() => void)[] = [];

async function slot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_PARALLEL) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** Runs `command args`, killed (SIGKILL) after `timeoutMs` or when stdout passes `maxStdout` bytes. */
export function runTool(
  command: string,
  args: readonly string[],
  limits: { timeoutMs: number; maxStdout: number; maxStderr?: number },
): Promise<ToolRun> {
  return slot(
    () =>
      new Promise<ToolRun>((resolve, reject) => {
        const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
        const out: Buffer[] = [];
        let outBytes = 0;
        let stderr = "";
        const maxStderr = limits.maxStderr ?? 16 * 1024;
        let timedOut = false;
        let overflow = false;
        const timer = setTimeout(() => {
          timedOut = true;
          child.kill("SIGKILL");
        }, limits.timeoutMs);
        child.stdout.on("data", (chunk: Buffer) => {
          if (overflow) return;
          outBytes += chunk.length;
          if (outBytes > limits.maxStdout) {
            overflow = true;
            child.kill("SIGKILL");
            return;
          }
          out.push(chunk);
        });
        child.stderr.on("data", (chunk: Buffer) => {
          if (stderr.length < maxStderr) stderr += chunk.toString("utf8").slice(0, maxStderr - stderr.length);
        });
        child.on("error", (error: NodeJS.ErrnoException) => {
          clearTimeout(timer);
          if (error.code === "ENOENT" || error.code === "EACCES") {
            reject(
              new MediaToolMissing(
                `${command} is not installed on the controller: install ffmpeg (apt install ffmpeg)`,
              ),
            );
          } else {
            reject(error);
          }
        });
        child.on("close", (code) => {
          clearTimeout(timer);
          resolve({ code, stdout: Buffer.concat(out), stderr, timedOut, overflow });
        });
      }),
  );
}

export type ProbeResult = { ok: true; json: unknown } | { ok: false; reason: string };

/** ffprobe's view of a file's container and streams. */
export async function probeFile(tools: MediaTools, file: string): Promise<ProbeResult> {
  const run = await runTool(
    tools.ffprobe,
    ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", "--", file],
    { timeoutMs: 30_000, maxStdout: 1024 * 1024 },
  );
  if (run.timedOut) return { ok: false, reason: "ffprobe took longer than 30 s to read the file" };
  if (run.overflow) return { ok: false, reason: "ffprobe's description of the file is unreasonably large" };
  if (run.code !== 0) {
    const first = run.stderr.split("\n").find((l) => l.trim()) ?? `ffprobe exited with ${run.code}`;
    return {
      ok: false,
      reason: `ffprobe cannot read the file: ${first.replace(/^\[[^\]]*\]\s*/, "").slice(0, 200)}`,
    };
  }
  try {
    return { ok: true, json: JSON.parse(run.stdout.toString("utf8")) };
  } catch {
    return { ok: false, reason: "ffprobe's answer is not JSON" };
  }
}

/**
 * Decodes the video's last second and returns what ffmpeg complained about (empty when nothing): a
 * file cut short keeps its header, so only the end shows it.
 */
export async function decodeTail(tools: MediaTools, file: string): Promise<string> {
  const run = await runTool(
    tools.ffmpeg,
    ["-nostdin", "-v", "error", "-xerror", "-sseof", "-1", "-i", file, "-map", "0:v:0", "-f", "null", "-"],
    { timeoutMs: 60_000, maxStdout: 64 * 1024 },
  );
  if (run.timedOut) return "decoding the end of the video took longer than 60 s";
  if (run.code !== 0 && !run.stderr.trim())
    return `ffmpeg exited with ${run.code} decoding the end of the video`;
  return run.stderr;
}

/** One JPEG frame at `atSeconds`, at most 640 px wide; null when ffmpeg gives none. */
export async function extractPoster(
  tools: MediaTools,
  file: string,
  atSeconds: number,
): Promise<Buffer | null> {
  const run = await runTool(
    tools.ffmpeg,
    [
      "-nostdin",
      "-v",
      "error",
      "-ss",
      atSeconds.toFixed(3),
      "-i",
      file,
      "-map",
      "0:v:0",
      "-frames:v",
      "1",
      "-vf",
      "scale='min(640,iw)':-2",
      "-q:v",
      "4",
      "-f",
      "image2",
      "-c:v",
      "mjpeg",
      "pipe:1",
    ],
    { timeoutMs: 60_000, maxStdout: 4 * 1024 * 1024 },
  );
  if (run.timedOut || run.overflow || run.code !== 0 || run.stdout.length < 4) return null;
  return run.stdout[0] === 0xff && run.stdout[1] === 0xd8 ? run.stdout : null;
}
