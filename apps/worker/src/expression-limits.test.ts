// Hostile JSONata in a running flow, on real runners, Redis and PostgreSQL: an expression that never
// ends and one that eats memory each fail their own message into the failed messages with a clear
// error; the runner goes on with the other messages. The designer's step test (run by the worker)
// is stopped the same way. The worker's limit on an http step's response reaches the runners too.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Caller, exampleFlow, type Harness, order, runningFlow, startHarness, stopFlow } from "./testing/harness";
import { Sink } from "./testing/sink";

let h: Harness;
let caller: Caller;

beforeAll(async () => {
  h = await startHarness({
    database: "interflow_worker_expression_limits_test",
    redisDb: 10,
    workerEnv: { INTERFLOW_RETRY_BASE_DELAY_MS: "100", INTERFLOW_IDLE_SECONDS: "3600", INTERFLOW_EXPRESSION_TIMEOUT_MS: "500", INTERFLOW_EXPRESSION_MEMORY_MB: "96", INTERFLOW_HTTP_RESPONSE_LIMIT: "4096" },
  });
  caller = h.caller;
});
afterAll(() => h?.close());

const RUNAWAY = "($f := function($x){$f($x)}; $f(1))";
const MEMORY_BOMB = "$map([1..100], function($v){[1..10000000]})";

/** The example flow whose transform runs `hostile` for the order whose id is `bad`, and maps the others as usual. */
function hostileFlow(sinkUrl: string, name: string, hostile: string) {
  const doc = exampleFlow(sinkUrl, name);
  const transform = doc.nodes.find((n) => n.id === "transform");
  if (!transform) throw new Error("example flow lost its transform step");
  transform.config = { expression: `id = "bad" ? ${hostile} : { "orderId": id, "customer": customer.name }` };
  return doc;
}

describe("expressions with limits in a running flow", () => {
  for (const [what, hostile, error] of [
    ["never ends", RUNAWAY, "transform expression failed: expression stopped after 500 ms (the time one evaluation may take)"],
    ["eats memory", MEMORY_BOMB, "transform expression failed: expression stopped: it needed more than 96 MB of memory"],
  ] as const) {
    it(`an expression that ${what} fails its own message into the failed messages; the others are delivered`, { timeout: 90_000 }, async () => {
      const sink = await new Sink().start();
      const id = await runningFlow(caller, hostileFlow(sink.url, `limits: ${what}`, hostile));
      try {
        const hook = `${h.gateway.url}/hook/${id}`;
        const post = (body: unknown) => fetch(hook, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }).then((r) => r.status);
        const statuses = await Promise.all([...Array.from({ length: 10 }, (_, i) => post(order(i))), post({ ...order(99), id: "bad" }), ...Array.from({ length: 10 }, (_, i) => post(order(10 + i)))]);
        expect(statuses.every((s) => s === 202)).toBe(true);
        await expect.poll(() => sink.distinct("orderId").size, { timeout: 30_000 }).toBe(20);
        await expect.poll(async () => (await caller.executions.failed({ id })).total, { timeout: 30_000 }).toBe(1);
        const [failed] = (await caller.executions.failed({ id })).items;
        expect(failed).toMatchObject({ stepId: "transform", attempts: 1, error, body: expect.objectContaining({ id: "bad" }) });
        // the runner went on: it was never restarted, and takes new messages
        expect(await h.redis.hget(`if:{${id}}:runner-restarts`, "transform")).toBeNull();
        expect(await post(order(42))).toBe(202);
        await expect.poll(() => sink.distinct("orderId").has("order-42"), { timeout: 15_000 }).toBe(true);
      } finally {
        await stopFlow(caller, id);
        await sink.close();
      }
    });
  }

  it("a step test of a runaway expression stops with the same error, and the worker answers the next one", { timeout: 60_000 }, async () => {
    const sink = await new Sink().start();
    try {
      const doc = hostileFlow(sink.url, "limits: step test", RUNAWAY);
      const { id } = await caller.flows.import({ document: doc });
      const takenAt = new Date().toISOString();
      const sample = (body: unknown) => ({ webhook: { body, headers: { method: "POST" }, source: "webhook" as const, takenAt } });
      const started = Date.now();
      const stopped = await caller.samples.runStep({ id, document: doc, stepId: "transform", samples: sample({ ...order(1), id: "bad" }) });
      expect(stopped).toMatchObject({ ok: false, error: { message: "transform expression failed: expression stopped after 500 ms (the time one evaluation may take)" } });
      expect(Date.now() - started).toBeLessThan(10_000);
      const fine = await caller.samples.runStep({ id, document: doc, stepId: "transform", samples: sample(order(2)) });
      expect(fine).toMatchObject({ ok: true, sample: { body: { orderId: "order-2", customer: "Customer 2" } } });
    } finally {
      await sink.close();
    }
  });

  it("an http step's response over the worker's INTERFLOW_HTTP_RESPONSE_LIMIT fails its message, naming the limit", { timeout: 60_000 }, async () => {
    // a target that answers 5 KB: over the 4 KB the worker was given
    const target = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ padding: "x".repeat(5_000) }));
    });
    await new Promise<void>((resolve) => target.listen(0, "127.0.0.1", resolve));
    const id = await runningFlow(caller, exampleFlow(`http://127.0.0.1:${(target.address() as AddressInfo).port}`, "limits: response"));
    try {
      const status = await fetch(`${h.gateway.url}/hook/${id}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(order(1)) });
      expect(status.status).toBe(202);
      await expect.poll(async () => (await caller.executions.failed({ id })).total, { timeout: 30_000 }).toBe(1);
      const [failed] = (await caller.executions.failed({ id })).items;
      expect(failed?.stepId).toBe("deliver");
      expect(failed?.error).toContain("larger than 4096 bytes, the limit (INTERFLOW_HTTP_RESPONSE_LIMIT)");
    } finally {
      await stopFlow(caller, id);
      target.close();
    }
  });
});
