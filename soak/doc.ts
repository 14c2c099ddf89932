/** The explanatory part of docs/reliability.md; run.ts appends the last run's table. */
export const DOC = `# Reliability suite

\`npm run soak\` runs four bounded tests and the adversarial suite at full size against real controller
processes on loopback (127.0.0.0/8 only, and network namespaces the tests make themselves; no other
network, no hardware) and writes the table below, with the command, date, duration and machine of
the run. The defaults take about 30 minutes and are what the recorded figures come from;
\`npm run soak -- --quick\` (200 serial events, 30 s of load) checks the same things in a few minutes.
The options are listed at the top of \`soak/run.ts\` (\`--publishes\`, \`--serial-events\`, \`--kiosks\`,
\`--rate\`, \`--minutes\`, \`--only power,serial,load,fuzz,adversarial\`, \`--seed\`, \`--no-write\`). Random
moments come from seeded generators, one per test: the same \`--seed\` replays the same serial events
(kinds, outage lengths, bytes) and the same kill delays (how many publishes fit between two kills
depends on the machine). It needs \`socat\` (installed by the script on Debian as root).

| test | what it does | passes when |
|---|---|---|
| power cut | an operator publishes 200 times (\`PUT /api/v1/items/soak-note\` then \`POST /api/v1/publications\`) at Cầu Treo (no approval) while the controller child is killed with SIGKILL at random moments (0.1–1.6 s after each start) and restarted | after every restart: \`PRAGMA integrity_check\` = ok; no publication left pending; the last acknowledged publication's version holds what was sent; every published version holds exactly what one request sent, in order; live content equals the newest version |
| serial faults | controller ↔ socat pty line ↔ \`gatecast sign emulate\` (Alpha, \`--noise --corrupt-every 9\`); 1,000 events: 30 % unplugs of the controller's half of the line (socat killed, started again after the outage: a quarter are contact glitches of 20–200 ms, the rest pulls of 0.5–2.5 s), 70 % garbage bursts (8–200 random bytes with 1–3 frame starts and an EOT, written into the line towards the controller); after each replug the next event waits for the driver's reconnect (5 s at most) | the sign settles (connected, responding, nothing pending), is lit, and holds the same memory layout and files (text and pictures, from the emulator's \`memory.json\`) as before the faults — line faults must never leave corrupt content on it; ≥ 90 % of the unplugs seen as a reconnect within 5 s; the driver's bad frames ≥ 90 % of the frame starts injected; it received at least every garbage byte written; controller RSS ≤ 400 MB |
| load | 120 socket.io kiosk clients on \`/kiosk\` (12 to a loopback address, as kiosks on a LAN; the controller holds at most 128 sockets, 16 per address) send \`hello\` and stay connected while 50 API requests/s (\`/now\`, \`/items\`, \`/schedules\`, \`/healthz\`, \`/kiosk/state\`) run for 3 minutes | no error, no drop; p99 latency and RSS reported; RSS ≤ 400 MB |
| bad input | every \`/api/\` route (read from the express router stack) × odd path parameters × malformed JSON, a 2 MB body, wrong types, unknown fields, deep nesting, other content types; with an admin session and without | no 5xx answer, no crash, \`/healthz\` still 200 |
| adversarial (one row per area) | \`test/adversarial/\` under vitest with \`SOAK_LONG=1\`: the attacks \`npm test\` runs short, at full size — transport (16,500 slow-header connections, engine.io floods in both transports, foreign origins, oversized messages, the route fuzzer), kiosk (anonymous proof floods, 20,000 hellos, takeovers, implausible plays, a locked database, a full tmpfs), central (a hostile central: gigabyte bodies for small signed files, huge lists, slow drip, cut connections; a 1 GB USB bundle; token guessing; a thin link in a network namespace), disk (a tmpfs filled and emptied; a night's pruning of 300,000 rows), auth (login floods from many addresses), content (hostile text through every content route). Threats and defences: [security.md](security.md) | the controller alive after each attack; every \`/healthz\` probe answered within 1 s throughout; peak RSS under each area's bound; nothing stored that should not be (each area's own checks) |

What a failure means and where to look: the figures column names the first problems. The serial test
keeps its folder (controller log, last sign status, emulator log and output) in \`/tmp/gatecast-soak-serial-*\`;
for the other parts the controller's log is not kept (run that part alone with \`--only\` and
\`LOG_LEVEL=debug\`; \`SOAK_LOG_LEVEL=debug\` does it for the serial part).

## Reading the serial figures

They set what the suite injected against the driver's own counters (\`GET /api/v1/signs/{id}\`, the
\`SignDriverStatus\` fields), taken before and after the faults, so a run whose faults never reach the
driver cannot pass.

- **Unplugs → reconnects.** The driver sees an unplug at once (the read on its port fails) but opens the
  port again only after its reconnect backoff: 0.5 s, doubling while the device stays missing. A glitch
  therefore costs about 0.5 s whatever its length, and a pull its length plus up to one backoff step
  ("replug → reconnect"). Unplugs closer together than the backoff would merge into one outage, and
  garbage written while the driver is away is flushed when it reopens: hence the wait for each
  reconnect. (An earlier version pulled the cable 20–170 ms at a time back to back and saw 1 reconnect
  for 62 unplugs and 0 bad frames.)
- **Why the line has two halves.** Only the controller's pty comes and goes, as a USB adapter's
  \`/dev/ttyUSB*\` does; the emulator's pty stays up (a sign's UART does not notice a cable), joined to
  the controller's through a middle pty. What the sign sends while the adapter is out is dropped.
- **Garbage → bad frames.** Bytes before a frame start (SOH) are skipped as line noise; each SOH starts a
  frame that ends at the next SOH or at the EOT and fails to decode, so every SOH injected is one bad
  frame. The emulator's corrupt checksums (every 9th answer) add theirs; "bytes received" includes the
  sign's answers. A burst that lands while the driver waits for an answer spoils that exchange: it is
  retried (the retries), and the real answer, arriving after, counts as unsolicited.
- **Controller CPU and RSS** cover the fault phase (polling the status API every 25 ms included).

## A hang-up during a read (found by this suite, fixed)

The first full runs found a driver problem: when the port is hung up (pty master closed, or a USB
serial adapter unplugged: the kernel hangs up its tty) while a read is under way, every later
\`read()\` returns 0 bytes, and \`@serialport/bindings-cpp\` (\`unixRead\`) simply read again: the port
never reported \`close\`, the driver stayed "connected" to a dead port, and the read loop spun (about
0.6 CPU-second per second and RSS +80 MB per 10 s) until a write failed, up to \`refreshIntervalS\`
later. Since 2026-12-02 the driver's serial binding (\`controller/src/signs/driver/hangup-binding.ts\`)
takes two empty reads in a row as the hang-up they are (the ports are opened with VMIN=1, so an idle
line answers EAGAIN, never 0 bytes) and the connection ends at once. The suite still counts an unplug
it did not see as "missed", asks for a read-back so the run goes on, and passes only when at least
90 % were seen.
`;
