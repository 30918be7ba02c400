import { recordCredentialRefusal, updateWorkspace } from "@interflow/db";
import { keys } from "@interflow/queue";
import { describe, expect, it } from "vitest";
import { moveFlow, newTenant, useTestServices, webhookFlow } from "../../testing/api-fixture";

const services = useTestServices();

describe("flows.dashboard", () => {
  it("shows each flow's state with its cause, allowed actions, queues against limits and recent activity", async () => {
    const { caller, workspaceId } = await newTenant(services);
    await updateWorkspace(services.db, { workspaceId, limits: { messages: 500 } });
    const running = await caller.flows.import({ document: { ...webhookFlow("Running one"), settings: { limits: { bytes: 4096 } } } });
    const stopped = await caller.flows.import({ document: webhookFlow("Stopped one") });
    await moveFlow(services, running.id, [
      ["stopped", "start", "starting"],
      ["starting", "step-runners-up", "running"],
    ]);
    // what the gateway and the runners write as messages move (see packages/runner stats and backlog)
    const minute = Math.floor(Date.now() / 60_000);
    const ten = Math.floor(Date.now() / 10_000);
    await services.redis.hset(keys.backlog(running.id), "shape.messages", 12, "shape.bytes", 3000);
    await services.redis.hset(keys.statsBucket(running.id, 10, ten), "hook.in", 7, "send.errors", 2);
    await services.redis.hset(keys.statsBucket(running.id, 60, minute - 5), "hook.in", 100, "send.errors", 3);
    await services.redis.hset(keys.statsBucket(running.id, 60, minute), "hook.in", 7, "send.errors", 2);

    const { flows } = await caller.flows.dashboard();
    const [first, second] = flows;
    expect(first).toMatchObject({
      id: running.id,
      state: "running",
      stateLabel: "Running",
      lastTransition: { from: "starting", to: "running", event: "step-runners-up", cause: "test: step-runners-up" },
      allowedActions: ["stop", "suspend"],
      limits: { messages: 500, bytes: 4096 },
      processed: { lastMinute: 7, lastHour: 107 },
      errored: { lastMinute: 2, lastHour: 5 },
      droppedAfterRetention: 0,
      polling: null,
    });
    expect(first?.steps.map((s) => [s.id, s.queued.messages, s.queued.bytes])).toEqual([
      ["hook", 0, 0],
      ["shape", 12, 3000],
      ["send", 0, 0],
    ]);
    expect(second).toMatchObject({ id: stopped.id, state: "stopped", allowedActions: ["start"], lastTransition: null });
    expect((await caller.flows.dashboard({ states: ["running", "suspended"] })).flows.map((f) => f.id)).toEqual([running.id]);
  });

  it("offers resume and stop for a suspended flow, and never shows another workspace's flows", async () => {
    const a = await newTenant(services);
    const b = await newTenant(services);
    const { id } = await a.caller.flows.import({ document: webhookFlow() });
    await moveFlow(services, id, [
      ["stopped", "start", "starting"],
      ["starting", "step-runners-up", "running"],
      ["running", "limit-exceeded", "suspending"],
      ["suspending", "runners-stopped", "suspended"],
    ]);
    expect((await a.caller.flows.dashboard()).flows[0]).toMatchObject({ state: "suspended", allowedActions: ["stop", "resume"] });
    expect((await b.caller.flows.dashboard()).flows).toEqual([]);
  });

  it("names a step's credential that failed (refused while the flow ran), with where to fix it, until it is changed", async () => {
    const { caller, workspaceId } = await newTenant(services);
    const credential = await caller.credentials.create({ name: "CRM token", component: "http", authKind: "bearer", secrets: { token: "tok_dashboard_secret" } });
    const document = webhookFlow("Signed in");
    const { id } = await caller.flows.import({ document: { ...document, nodes: document.nodes.map((n) => (n.id === "send" ? { ...n, credentialId: credential.id } : n)) } });
    const problems = async () => (await caller.flows.dashboard()).flows.find((f) => f.id === id)?.steps.map((s) => [s.id, s.credentialProblem]);
    expect(await problems()).toEqual([
      ["hook", null],
      ["shape", null],
      ["send", null],
    ]);

    // what the worker stores when the step's application refuses the credential
    const message = 'refused by the application while flow "Signed in" ran (HTTP 401)';
    await recordCredentialRefusal(services.db, { workspaceId, credentialId: credential.id, message, at: new Date() });
    const answer = await caller.flows.dashboard();
    expect(answer.flows[0]?.steps.find((s) => s.id === "send")?.credentialProblem).toEqual({
      credentialId: credential.id,
      credentialName: "CRM token",
      message,
      helpUrl: "http://localhost:3000/settings/credentials",
    });
    expect(JSON.stringify(answer)).not.toContain("tok_dashboard_secret");

    await caller.credentials.update({ id: credential.id, secrets: { token: "tok_dashboard_new" } });
    expect(await problems()).toEqual([
      ["hook", null],
      ["shape", null],
      ["send", null],
    ]);
  });
});
