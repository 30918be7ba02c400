import { createServer, type Server } from "node:http";

/**
 * A real HTTP server standing in for the application a flow delivers to (as the worker's tests'
 * Sink): it notes each request's body and answers 200, after `delayMs` if set; while `down`, it
 * answers 503 and takes nothing.
 */
export class Sink {
  readonly deliveries: unknown[] = [];
  /** the headers of each delivery, in the order of `deliveries` */
  readonly deliveryHeaders: Array<Record<string, string | string[] | undefined>> = [];
  /** each request's headers, in order (refused ones too) */
  readonly headers: Array<Record<string, string | string[] | undefined>> = [];
  /** when set, a request without `Authorization: Bearer <token>` is answered 401 and not delivered */
  requireBearer: string | undefined;
  /** milliseconds to wait before answering each request */
  delayMs = 0;
  /** when true, every request is answered 503 (the target is down) and not delivered */
  down = false;
  private server: Server | undefined;
  private port = 0;

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        this.headers.push(req.headers);
        if (this.requireBearer !== undefined && req.headers.authorization !== `Bearer ${this.requireBearer}`) {
          res.writeHead(401, { "content-type": "application/json" });
          res.end('{"error":"unauthorized"}');
          return;
        }
        if (this.down) {
          res.writeHead(503, { "content-type": "application/json" });
          res.end('{"error":"down for maintenance"}');
          return;
        }
        if (req.method === "GET") {
          res.writeHead(200, { "content-type": "application/json" });
          res.end('{"ok":true}');
          return;
        }
        this.deliveries.push(JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}"));
        this.deliveryHeaders.push(req.headers);
        setTimeout(() => {
          res.writeHead(200, { "content-type": "application/json" });
          res.end('{"ok":true}');
        }, this.delayMs);
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

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}
