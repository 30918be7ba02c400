// The benchmark's target application: a real HTTP server in its own process that records every
// delivery (Idempotency-Key, end-to-end latency from the sender's `sentAt`).
import { createServer } from "node:http";

let deliveries = 0;
const keys = new Set();
/** sequence numbers (from the sender) of every delivered message */
let seqs = new Set();
let latencies = [];
let firstAt = 0;
let lastAt = 0;
/** milliseconds before each answer: a slow target application */
let delayMs = 0;

const server = createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const now = Date.now();
    deliveries++;
    keys.add(req.headers["idempotency-key"]);
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      if (typeof body.sentAt === "number") latencies.push(now - body.sentAt);
      if (typeof body.seq === "number") seqs.add(body.seq);
    } catch {}
    firstAt ||= now;
    lastAt = now;
    const answer = () => {
      res.writeHead(200, { "content-type": "application/json", "content-length": 11 });
      res.end('{"ok":true}');
    };
    if (delayMs > 0) setTimeout(answer, delayMs);
    else answer();
  });
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.SINK_PORT ?? 0), "127.0.0.1", () => {
  process.send?.({ type: "listening", port: server.address().port });
});

process.on("message", (msg) => {
  if (typeof msg === "object" && msg?.type === "delay") {
    delayMs = msg.ms;
  } else if (msg === "report") {
    const sorted = [...latencies].sort((a, b) => a - b);
    const pct = (p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : null);
    process.send?.({ type: "report", deliveries, unique: keys.size, p50: pct(50), p99: pct(99), max: sorted.at(-1) ?? null, firstAt, lastAt });
  } else if (msg === "seqs") {
    process.send?.({ type: "seqs", seqs: [...seqs] });
  } else if (msg === "reset") {
    seqs = new Set();
    deliveries = 0;
    keys.clear();
    latencies = [];
    firstAt = 0;
    lastAt = 0;
  } else if (msg === "exit") {
    process.exit(0);
  }
});
