// The Grafana dashboard shipped in docker/ asks only for metrics the web app's /metrics serves
// (a renamed metric would leave a panel silently empty), and the scrape of a flow with counts in
// Redis declares each of them with its type.
import { readFileSync } from "node:fs";
import path from "node:path";
import { keys, recordRunnerRestart } from "@interflow/queue";
import { describe, expect, it } from "vitest";
import { newTenant, useTestServices, webhookFlow } from "../testing/api-fixture";
import { platformMetrics } from "./platform-metrics";

const services = useTestServices();
const dashboard = readFileSync(path.resolve(import.meta.dirname, "../../../../docker/grafana/dashboards/interflow.json"), "utf8");

describe("the Grafana dashboard", () => {
  it("queries only metrics the platform serves", async () => {
    const { caller, workspaceId } = await newTenant(services);
    const { id } = await caller.flows.import({ document: webhookFlow("Dashboarded") });
    await services.redis.hset(keys.stats(id), { "shape.in": 3, "shape.latency.5": 2, "shape.latency.inf": 1, "shape.latency.sum": 40_000, "shape.latency.count": 3, "webhook.answers.202": 3 });
    await recordRunnerRestart(services.redis, { flowId: id, stepId: "send", replica: 0, reason: "test" });
    // what a flow's own runners could write there is never a reason to fail the scrape
    await services.redis.hset(keys.stats(id), { "send.in": "1e999", "send.errors": "-5", "webhook.answers.500": "lots" });
    await services.redis.hset(keys.runnerRestarts(id), "shape", "{not json");
    const text = await platformMetrics(services, { workspaceId });
    expect(text).toContain(`interflow_step_messages_processed_total{workspace="${workspaceId}",flow="${id}",step="send"} 0`);
    expect(text).toContain(`interflow_step_messages_failed_total{workspace="${workspaceId}",flow="${id}",step="send"} 0`);

    const declared = new Map([...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => [m[1] as string, m[2] as string]));
    const asked = new Set([...dashboard.matchAll(/interflow_[a-z_]+/g)].map((m) => m[0]));
    expect(asked.size).toBeGreaterThan(5);
    for (const name of asked) {
      const histogram = /^(.*)_(bucket|sum|count)$/.exec(name)?.[1];
      expect(declared.has(name) || (histogram !== undefined && declared.get(histogram) === "histogram"), name).toBe(true);
    }
    // the histogram from the counts: 2 tries up to 5 ms, 1 past 30 s
    expect(text).toContain(`interflow_step_try_duration_seconds_bucket{workspace="${workspaceId}",flow="${id}",step="shape",le="0.005"} 2`);
    expect(text).toContain(`interflow_step_try_duration_seconds_bucket{workspace="${workspaceId}",flow="${id}",step="shape",le="+Inf"} 3`);
    expect(text).toContain(`interflow_step_try_duration_seconds_sum{workspace="${workspaceId}",flow="${id}",step="shape"} 40`);
    expect(text).toContain(`interflow_step_runner_restarts_total{workspace="${workspaceId}",flow="${id}",step="send"} 1`);
  });
});
