import { createServer, type Server } from "node:http";

export interface Delivery {
  idempotencyKey: string;
  /** the request's path (and query) */
  path: string;
  body: Record<string, unknown>;
  at: number;
}

/** A real HTTP server standing in for the target application of a flow. */
export class Sink {
  readonly deliveries: Delivery[] = [];
  private server: Server | undefined;
  /** milliseconds to wait before answering each request */
  delayMs = 0;
  /** the status each delivery is answered with (a target that is down answers 503; 0: it never answers) */
  statusOf: (delivery: Delivery) => number = () => 200;
  /** called with each delivery as it arrives (before it is answered) */
  onDelivery: (delivery: Delivery) => void = () => {};
  port = 0;

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const delivery = { idempotencyKey: String(req.headers["idempotency-key"]), path: req.url ?? "/", body: JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}"), at: Date.now() };
        const status = this.statusOf(delivery);
        // a delivery counts when the request arrives and is taken (2xx), whenever the answer goes out
        if (status >= 200 && status < 300) this.deliveries.push(delivery);
        this.onDelivery(delivery);
        if (status === 0) return;
        const answer = () => {
          res.writeHead(status, { "content-type": "application/json" });
          res.end(status >= 200 && status < 300 ? '{"ok":true}' : '{"error":"down"}');
        };
        if (this.delayMs > 0) setTimeout(answer, this.delayMs);
        else answer();
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    const address = this.server.address();
    this.port = typeof address === "object" && address ? address.port : 0;
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** distinct values of `field` among the delivered bodies */
  distinct(field: string): Set<unknown> {
    return new Set(this.deliveries.map((d) => d.body[field]));
  }

  /** The distinct values of a body field among the deliveries to one path. */
  distinctAt(path: string, field: string): Set<unknown> {
    return new Set(this.deliveries.filter((d) => d.path === path).map((d) => d.body[field]));
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

/** Sends `count` requests with at most `concurrency` in flight; returns the status of each. */
export async function sendAll(count: number, concurrency: number, send: (i: number) => Promise<number>): Promise<number[]> {
  const statuses: number[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        statuses[i] = await send(i);
      }
    }),
  );
  return statuses;
}
