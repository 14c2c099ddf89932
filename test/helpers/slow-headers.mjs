// A slow-header (slowloris) attacker in its own process, as another host on the LAN would be: the test
// process stays free to time the honest clients. Opens TOTAL connections to 127.0.0.1:PORT from
// loopback addresses 127.0.<HOSTS_FROM + n / 250>.<n % 250 + 1> (PER_HOST each), sends half a request
// on each, then waits. Prints JSON lines: {"ready":opened,"failed":n} once all tried, then
// {"open":n} every second, and {"open":0} when the server has closed every one (then exits).
// Usage: node slow-headers.mjs PORT TOTAL PER_HOST HOSTS_FROM
import net from "node:net";

const [port, total, perHost, hostsFrom] = process.argv.slice(2).map(Number);
let open = 0;
let failed = 0;
let next = 0;

function one(i) {
  const host = Math.floor(i / perHost);
  const localAddress = `127.0.${hostsFrom + Math.floor(host / 250)}.${(host % 250) + 1}`;
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port, localAddress });
    let connected = false;
    socket.once("connect", () => {
      connected = true;
      open++;
      socket.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
      socket.once("close", () => open--);
      resolve();
    });
    socket.on("error", () => {
      if (!connected) failed++;
      resolve();
    });
    // Flowing: a paused socket never reads the server's end of the connection.
    socket.resume();
  });
}

await Promise.all(
  Array.from({ length: 64 }, async () => {
    while (next < total) await one(next++);
  }),
);
process.stdout.write(`${JSON.stringify({ ready: open, failed })}\n`);
const timer = setInterval(() => {
  process.stdout.write(`${JSON.stringify({ open })}\n`);
  if (open === 0) {
    clearInterval(timer);
    process.exit(0);
  }
}, 1000);
// The test ends the attack by closing stdin (or killing the process).
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
