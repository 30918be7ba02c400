// 1,000 generated webhook requests — random JSON, text, bytes, deep nesting, odd content types —
// through a running flow: the gateway answers each 202 or a 4xx with a message (never 5xx); every
// message it accepted is delivered or kept as a failed message (the transform may not fit it),
// none is lost, and no runner went down.
import { readRunnerRestarts } from "@interflow/queue";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Caller, exampleFlow, type Harness, runningFlow, startHarness, stopFlow } from "./testing/harness";
import { Sink } from "./testing/sink";

let h: Harness;
let caller: Caller;

beforeAll(async () => {
  h = await startHarness({ database: "interflow_worker_webhook_fuzz_test", redisDb: 0, workerEnv: { INTERFLOW_IDLE_SECONDS: "3600", INTERFLOW_RETRY_BASE_DELAY_MS: "100" } });
  caller = h.caller;
});
afterAll(() => h?.close());

const nested = (levels: number) => `${"[".repeat(levels)}${"]".repeat(levels)}`;

const request = fc.oneof(
  { weight: 5, arbitrary: fc.jsonValue({ maxDepth: 6 }).map((v) => ({ type: "application/json", body: JSON.stringify(v) ?? "null" })) },
  {
    weight: 3,
    arbitrary: fc
      .record({ id: fc.oneof(fc.string(), fc.integer()), customer: fc.jsonValue({ maxDepth: 3 }), items: fc.oneof(fc.array(fc.record({ price: fc.jsonValue(), quantity: fc.jsonValue() })), fc.jsonValue()) }, { requiredKeys: [] })
      .map((v) => ({ type: "application/json", body: JSON.stringify(v) })),
  },
  { weight: 1, arbitrary: fc.string().map((s) => ({ type: "application/json", body: s })) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((b) => ({ type: "application/octet-stream", body: Buffer.from(b) })) },
  { weight: 1, arbitrary: fc.string().map((s) => ({ type: fc.sample(fc.constantFrom("text/plain", "application/x-www-form-urlencoded", "", "application/json; charset=latin1", "multipart/form-data"), 1)[0] as string, body: s })) },
  { weight: 1, arbitrary: fc.integer({ min: 200, max: 100_000 }).map((levels) => ({ type: "application/json", body: nested(levels) })) },
);

describe("webhook bodies, generated", () => {
  it("1,000 requests through a running flow: 202 or a 4xx with a message; every accepted one delivered or kept as failed; no runner down", { timeout: 240_000 }, async () => {
    const sink = await new Sink().start();
    // its trigger takes every content type and empty bodies: every kind of body reaches the flow
    const doc = exampleFlow(sink.url, "fuzz: webhook bodies");
    const takingAll = { contentTypes: ["json", "form", "text", "xml", "any"], acceptEmpty: true };
    const id = await runningFlow(caller, { ...doc, nodes: doc.nodes.map((n) => (n.component === "webhook" ? { ...n, config: takingAll } : n)) });
    try {
      const hook = `${h.gateway.url}/hook/${id}`;
      let accepted = 0;
      const refusals = new Map<number, number>();
      await fc.assert(
        fc.asyncProperty(request, async ({ type, body }) => {
          const res = await fetch(hook, { method: "POST", headers: type ? { "content-type": type } : {}, body });
          const answer = (await res.json()) as { messageId?: string; error?: string };
          if (res.status === 202) {
            expect(answer.messageId).toBeTruthy();
            accepted++;
            return;
          }
          expect(res.status, answer.error).toBeGreaterThanOrEqual(400);
          expect(res.status, answer.error).toBeLessThan(500);
          expect(answer.error).toMatch(/\S/);
          refusals.set(res.status, (refusals.get(res.status) ?? 0) + 1);
        }),
        { numRuns: 1000 },
      );
      expect(accepted).toBeGreaterThan(500);
      // none lost: delivered, or a failed message (with its error) at the step it did not fit
      const failed = async () => (await caller.executions.failed({ id, limit: 1 })).total;
      await expect.poll(async () => sink.deliveries.length + (await failed()), { timeout: 60_000 }).toBe(accepted);
      expect(new Set(sink.deliveries.map((d) => d.idempotencyKey)).size).toBe(sink.deliveries.length);
      expect((await readRunnerRestarts(h.redis, id)).size).toBe(0);
    } finally {
      await stopFlow(caller, id);
      await sink.close();
    }
  });
});
