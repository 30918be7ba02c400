// flows.rotateWebhookUrl: a new unguessable webhook URL, the old one answered for the grace
// period; the route the gateways read gets both at once when the flow has one; audited; editors
// only; a flow without a webhook trigger is refused, naming why.
import { keys, type Route, routeSchema } from "@interflow/queue";
import { describe, expect, it } from "vitest";
import { moveFlow, newPerson, newTenant, useTestServices, webhookFlow } from "../../testing/api-fixture";

const services = useTestServices();

describe("flows.rotateWebhookUrl", () => {
  it("gives the flow a new unguessable URL, keeps the old one for the grace period in the gateways' route, and audits it", async () => {
    const tenant = await newTenant(services);
    const { id } = await tenant.caller.flows.import({ document: webhookFlow("Orders") });
    await moveFlow(services, id, [
      ["stopped", "start", "starting"],
      ["starting", "step-runners-up", "running"],
    ]);
    // the route the worker published when it started (as its id)
    const route: Route = { flowId: id, workspaceId: tenant.workspaceId, flowVersion: 1, state: "running", triggerStepId: "hook", component: "webhook", function: "receive", config: {}, limits: { messages: 10, bytes: 10_000 } };
    await services.redis.hset(keys.routes, id, JSON.stringify(route));
    const before = (await tenant.caller.flows.status({ id })).webhookUrl;
    expect(before).toMatch(new RegExp(`/hook/${id}$`));

    const rotated = await tenant.caller.flows.rotateWebhookUrl({ id, graceHours: 2 });
    const path = rotated.webhookUrl.split("/hook/")[1] ?? "";
    expect(path).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(rotated.previousUrl).toBe(before);
    expect(Date.parse(rotated.previousValidUntil) - Date.now()).toBeGreaterThan(2 * 3_600_000 - 60_000);
    expect((await tenant.caller.flows.status({ id })).webhookUrl).toBe(rotated.webhookUrl);
    const published = routeSchema.parse(JSON.parse((await services.redis.hget(keys.routes, id)) as string));
    expect(published.hook).toEqual({ path, previous: { path: id, until: rotated.previousValidUntil } });
    // again: the one just made becomes the previous, the id is no longer answered
    const again = await tenant.caller.flows.rotateWebhookUrl({ id, graceHours: 0 });
    expect(routeSchema.parse(JSON.parse((await services.redis.hget(keys.routes, id)) as string)).hook?.previous?.path).toBe(path);
    expect(again.webhookUrl).not.toBe(rotated.webhookUrl);
    const entries = (await tenant.caller.audit.list({})).entries.filter((e) => e.action === "flow.webhook-url.rotate");
    expect(entries).toHaveLength(2);
    expect(JSON.stringify(entries)).not.toContain(path);
  });

  it("is refused to a viewer and for a flow without a webhook trigger, naming why", async () => {
    const tenant = await newTenant(services);
    const { id } = await tenant.caller.flows.import({ document: webhookFlow("Viewer's") });
    const viewer = await newPerson(services, { workspaceId: tenant.workspaceId, role: "viewer" });
    await expect(viewer.caller.flows.rotateWebhookUrl({ id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const document = webhookFlow("Scheduled");
    document.nodes = document.nodes.map((n) => (n.id === "hook" ? { ...n, component: "schedule", function: "tick", config: {} } : n));
    const scheduled = await tenant.caller.flows.import({ document });
    await expect(tenant.caller.flows.rotateWebhookUrl({ id: scheduled.id })).rejects.toThrow(/takes no webhooks/);
  });
});
