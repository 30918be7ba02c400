// Metrics with real messages: the web app's /metrics (the platform's view) counts what a flow's
// steps did and hold, how long their tries took and what the gateway answered; a token sees its
// workspace only; the worker's and the gateway's own /metrics answer.
import { createApiToken, createWorkspace } from "@interflow/db";
import { metricsResponse, platformMetrics } from "@interflow/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleFlow, type Harness, postOrder, startHarness, waitForState } from "./testing/harness";
import { Sink } from "./testing/sink";

let h: Harness;

beforeAll(async () => {
  // a Redis database another file uses too: files run one after another, and the harness empties it
  h = await startHarness({ database: "interflow_worker_metrics_test", redisDb: 3, workerEnv: { INTERFLOW_IDLE_SECONDS: "3600" } });
});
afterAll(() => h?.close());

/** the value of the one sample `name{labels…}` whose labels include all of `labels` */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const line = text.split("\n").find((l) => l.startsWith(`${name}{`) && wanted.every((w) => l.includes(w)));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(" ") + 1));
}

describe("metrics", () => {
  it("count each step's messages, tries and queue, the flow's state and the gateway's answers, from real messages", async () => {
    const sink = await new Sink().start();
    try {
      const { id } = await h.caller.flows.import({ document: exampleFlow(sink.url, "metrics: orders") });
      await h.caller.flows.start({ id });
      await waitForState(h.caller, id, "running");
      for (let i = 0; i < 5; i++) expect(await postOrder(h.gateway.url, id, i)).toBe(202);
      // a request to no flow is answered 404 and counted by no flow
      expect((await fetch(`${h.gateway.url}/hook/not-a-flow`, { method: "POST", body: "{}" })).status).toBe(404);
      await expect.poll(() => sink.deliveries.length, { timeout: 30_000 }).toBe(5);

      const flow = { workspace: h.workspaceId, flow: id };
      const scrape = () => platformMetrics(h.services, { workspaceId: h.workspaceId });
      // runners and gateway write their counts within a second or so
      await expect.poll(async () => sample(await scrape(), "interflow_webhook_answers_total", { ...flow, status: "202" }), { timeout: 10_000 }).toBe(5);
      await expect.poll(async () => sample(await scrape(), "interflow_step_try_duration_seconds_count", { ...flow, step: "deliver" }), { timeout: 10_000 }).toBe(5);
      // each step's runner writes its counts on its own beat: the last one may come a moment after the others
      const processed = async () => {
        const now = await scrape();
        return ["webhook", "transform", "deliver"].map((step) => sample(now, "interflow_step_messages_processed_total", { ...flow, step }));
      };
      await expect.poll(processed, { timeout: 10_000 }).toEqual([5, 5, 5]);
      const text = await scrape();
      for (const step of ["webhook", "transform", "deliver"]) {
        expect(sample(text, "interflow_step_messages_processed_total", { ...flow, step }), step).toBe(5);
        expect(sample(text, "interflow_step_messages_failed_total", { ...flow, step }), step).toBe(0);
        expect(sample(text, "interflow_step_queue_messages", { ...flow, step }), step).toBe(0);
      }
      expect(sample(text, "interflow_step_messages_emitted_total", { ...flow, step: "transform" })).toBe(5);
      expect(sample(text, "interflow_flow_state", { ...flow, state: "running" })).toBe(1);
      expect(sample(text, "interflow_flow_state", { ...flow, state: "stopped" })).toBe(0);
      expect(sample(text, "interflow_flow_queue_limit_messages", flow)).toBeGreaterThan(0);
      expect(sample(text, "interflow_flow_info", { ...flow, flow_name: "metrics: orders", version: "1" })).toBe(1);
      // a histogram: cumulative buckets up to +Inf, which holds every try
      expect(sample(text, "interflow_step_try_duration_seconds_bucket", { ...flow, step: "deliver", le: "+Inf" })).toBe(5);
      expect(sample(text, "interflow_step_try_duration_seconds_bucket", { ...flow, step: "deliver", le: "30" })).toBe(5);
      expect(text).toContain("# TYPE interflow_step_try_duration_seconds histogram");
      expect(text).not.toContain("not-a-flow");

      // over HTTP: a token sees its workspace's flows; without one, or with a wrong one, 401
      const { token } = await createApiToken(h.db, { workspaceId: h.workspaceId, name: "prometheus" });
      const answer = await metricsResponse(h.services, new Headers({ authorization: `Bearer ${token}` }), false);
      expect(answer.status).toBe(200);
      expect(answer.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
      const body = await answer.text();
      expect(sample(body, "interflow_step_messages_processed_total", { ...flow, step: "deliver" })).toBe(5);
      expect(body).toMatch(/^interflow_web_process_resident_memory_bytes \d+/m);
      const none = await metricsResponse(h.services, new Headers(), false);
      expect([none.status, none.headers.get("www-authenticate")]).toEqual([401, 'Bearer realm="interflow metrics"']);
      expect(await none.text()).toMatch(/^metrics: send an API token/);
      expect((await metricsResponse(h.services, new Headers({ authorization: "Bearer ifk_nope" }), false)).status).toBe(401);
      // another workspace's token does not see this flow; open metrics see every workspace's
      const other = await createWorkspace(h.db, { name: "Other team" });
      const { token: otherToken } = await createApiToken(h.db, { workspaceId: other.id, name: "prometheus" });
      expect(await (await metricsResponse(h.services, new Headers({ authorization: `Bearer ${otherToken}` }), false)).text()).not.toContain(id);
      expect(await (await metricsResponse(h.services, new Headers(), true)).text()).toContain(id);

      // each process's own
      const worker = await (await fetch(`${h.worker.healthUrl}/metrics`)).text();
      expect(worker).toMatch(/^interflow_worker_leader 1$/m);
      const gateway = await (await fetch(`${h.gateway.url}/metrics`)).text();
      expect(sample(gateway, "interflow_gateway_webhook_answers_total", { status: "202" })).toBe(5);
      expect(sample(gateway, "interflow_gateway_webhook_answers_total", { status: "404" })).toBe(1);
      await h.caller.flows.stop({ id });
      await waitForState(h.caller, id, "stopped");
    } finally {
      await sink.close();
    }
  });
});
