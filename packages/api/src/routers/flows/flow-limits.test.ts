import { describe, expect, it } from "vitest";
import { newTenant, useTestServices, webhookFlow } from "../../testing/api-fixture";

const services = useTestServices();

const withLimits = (limits: { messages?: number; bytes?: number }) => ({ ...webhookFlow("Orders"), settings: { limits } });

describe("a flow's limits (settings.limits)", () => {
  it("may lower its workspace's limits, never raise them: above is refused naming the field and the ceiling", async () => {
    const { caller } = await newTenant(services);
    // no workspace limits: the platform's defaults are the ceiling
    await expect(caller.flows.import({ document: withLimits({ messages: 1_000_000 }) })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("settings.limits.messages: at most 75000 (the workspace's limit): a flow may lower its workspace's limits, not raise them"),
    });
    await caller.workspaces.update({ name: "Limited", limits: { messages: 500, bytes: 2 * 1024 * 1024 } });
    await expect(caller.flows.import({ document: withLimits({ messages: 501 }) })).rejects.toThrow("settings.limits.messages: at most 500");
    await expect(caller.flows.import({ document: withLimits({ bytes: 3 * 1024 * 1024 }) })).rejects.toThrow(`settings.limits.bytes: at most ${2 * 1024 * 1024}`);
    const { id } = await caller.flows.import({ document: withLimits({ messages: 200 }) });
    const limitsOf = async () => (await caller.flows.dashboard()).flows.find((f) => f.id === id)?.limits;
    expect(await limitsOf()).toEqual({ messages: 200, bytes: 2 * 1024 * 1024 });
    // the workspace lowered since: its limit holds, the flow's higher setting no longer counts
    await caller.workspaces.update({ name: "Limited", limits: { messages: 100, bytes: null } });
    expect(await limitsOf()).toEqual({ messages: 100, bytes: 200 * 1024 * 1024 });
    // and a draft says so where the setting is
    await caller.flows.saveDraft({ id, document: withLimits({ messages: 150 }), samples: {}, baseVersion: 1 });
    expect((await caller.flows.draft({ id })).issues).toEqual([expect.objectContaining({ rule: "limits", path: "settings.limits.messages" })]);
  });
});
