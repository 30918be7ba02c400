import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { platformFetch } from "@interflow/components";
import { expect, it } from "vitest";
import { shutdownController } from "./shutdown-signal";

it("the shutdown signal goes with ctx.fetch (undici asks its listener limit), and aborts it", async () => {
  const server = createServer((req, res) => {
    if (req.url === "/slow") return; // never answers: the abort ends it
    res.end('{"ok":true}');
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const abort = shutdownController();
    const answered = await platformFetch(`${url}/fast`, { method: "POST", body: "{}", signal: abort.signal });
    expect(await answered.json()).toEqual({ ok: true });
    const pending = platformFetch(`${url}/slow`, { signal: abort.signal });
    abort.abort(new Error("the runner is shutting down"));
    await expect(pending).rejects.toThrow("the runner is shutting down");
  } finally {
    server.closeAllConnections();
    server.close();
  }
});
