// A contacts API on localhost for the polling tests, and a flow that polls it.
import { createServer, type Server } from "node:http";
import type { FlowDocument } from "@interflow/flow";
import type { Sink } from "./sink";

type Contact = { id: number; name: string; updatedAt: string };

/** A contacts API: GET /contacts?since=<ISO> answers the contacts changed at or after it. */
export class ContactsApi {
  private readonly contacts = new Map<number, Contact>();
  readonly sinceAsked: Array<string | null> = [];
  private server: Server | undefined;
  port = 0;

  /** `lateMs`: stamped that long before it becomes visible (a transaction committed late) */
  put(id: number, name: string, lateMs = 0) {
    this.contacts.set(id, { id, name, updatedAt: new Date(Date.now() - lateMs).toISOString() });
  }

  get all(): Contact[] {
    return [...this.contacts.values()];
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://localhost");
      const since = url.searchParams.get("since");
      this.sinceAsked.push(since);
      const found = this.all.filter((c) => since === null || c.updatedAt >= since).sort((a, b) => a.updatedAt.localeCompare(b.updatedAt));
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ data: { contacts: found } }));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    const address = this.server.address();
    this.port = typeof address === "object" && address ? address.port : 0;
    return this;
  }

  async close() {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

/** contacts (http poll, `data.contacts`) → deliver (http request to the sink) */
export function pollingFlow(api: ContactsApi, sink: Sink, name: string, schedule: NonNullable<FlowDocument["settings"]>["schedule"] = { every: "1h" }): FlowDocument {
  return {
    schema: "interflow/flow@1",
    name,
    type: "ordinary",
    settings: { schedule },
    nodes: [
      {
        id: "contacts",
        component: "http",
        function: "poll",
        config: { url: `http://127.0.0.1:${api.port}/contacts`, itemsPath: "data.contacts", timePath: "updatedAt", idPath: "id", overlapSeconds: 2 },
        position: { x: 0, y: 0 },
      },
      { id: "deliver", component: "http", function: "request", config: { method: "POST", url: `${sink.url}/contacts` }, position: { x: 300, y: 0 } },
    ],
    edges: [{ source: "contacts", target: "deliver" }],
  };
}

