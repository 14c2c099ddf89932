/** The explanatory part of docs/reliability.md; run.ts appends the last run's table. */
export const DOC = `# Reliability suite

\`npm run soak\` runs four bounded tests against real controller processes on loopback (127.0.0.1 only;
no network, no hardware) and writes the table below. \`npm run soak -- --quick\` is the short setting
used for the recorded figures; the options are listed at the top of \`soak/run.ts\` (\`--publishes\`,
\`--serial-events\`, \`--kiosks\`, \`--rate\`, \`--minutes\`, \`--only power,serial,load,fuzz\`,
\`--seed\`, \`--no-write\`). Random moments (kills, faults) come from a seeded generator: the same
\`--seed\` replays the same run. It needs \`socat\` (installed by the script on Debian as root).

| test | what it does | passes when |
|---|---|---|
| power cut | an operator publishes 200 times (\`PUT /api/v1/items/soak-note\` then \`POST /api/v1/publications\`) at Cầu Treo (no approval) while the controller child is killed with SIGKILL at random moments (0.1–1.6 s after each start) and restarted | after every restart: \`PRAGMA integrity_check\` = ok; no publication left pending; the last acknowledged publication's version holds what was sent; every published version holds exactly what one request sent, in order; live content equals the newest version |
| serial faults | controller ↔ socat pty pair ↔ \`gatecast sign emulate\` (Alpha, \`--noise --corrupt-every 9\`); N events: 30 % cable pulls (socat killed and restarted after 20–170 ms), 70 % bursts of 8–200 random bytes written into the line | the sign settles (connected, responding, nothing pending), is lit, and holds the same memory layout and files (text and pictures, from the emulator's \`memory.json\`) as before the faults — line faults must never leave corrupt content on it; controller RSS ≤ 400 MB |
| load | 200 socket.io kiosk clients on \`/kiosk\` send \`hello\` and stay connected while 50 API requests/s (\`/now\`, \`/items\`, \`/schedules\`, \`/healthz\`, \`/kiosk/state\`) run for the set time | no error, no drop; p99 latency and RSS reported; RSS ≤ 400 MB |
| bad input | every \`/api/\` route (read from the express router stack) × odd path parameters × malformed JSON, a 2 MB body, wrong types, unknown fields, deep nesting, other content types; with an admin session and without | no 5xx answer, no crash, \`/healthz\` still 200 |

What a failure means and where to look: the figures column names the first problems; the controller's
log of the failing part is not kept (run that part alone with \`--only\` and \`LOG_LEVEL=debug\`).
`;
