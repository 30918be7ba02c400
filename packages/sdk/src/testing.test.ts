import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineAction, defineTrigger, SDK_VERSION } from "./index";
import { runPoll, runStep, verifyCredential } from "./testing";

describe("@interflow/sdk/testing", () => {
  it("runs an action as a runner does: its config parsed by its schema, the message, what it emitted and filtered", async () => {
    const tag = defineAction({
      title: "Tag",
      description: "tags",
      config: z.object({ tag: z.string().min(1, "tag: required") }),
      process: async ({ config, message, emit }) => {
        if ((message.body as { skip?: boolean }).skip) return emit.filtered();
        emit.data({ ...(message.body as object), tag: config.tag, step: message.meta.stepId }, { headers: { seen: true } });
      },
    });
    expect(await runStep(tag, { config: { tag: "a" }, body: { n: 1 }, meta: { stepId: "tagger" } })).toEqual({
      emitted: [{ n: 1, tag: "a", step: "tagger" }],
      emittedMessages: [{ body: { n: 1, tag: "a", step: "tagger" }, headers: { seen: true } }],
      filtered: false,
    });
    expect((await runStep(tag, { config: { tag: "a" }, body: { skip: true } })).filtered).toBe(true);
    await expect(runStep(tag, { config: {}, body: {} })).rejects.toThrow(/tag/);
  });

  it("runs a poll: the new snapshot when the run set one, the old one when it did not; over 5 KB fails as in a runner", async () => {
    const count = defineTrigger({
      title: "Count",
      description: "counts",
      config: z.object({ keep: z.enum(["yes", "no", "huge"]).default("yes") }),
      poll: async ({ config, snapshot, emit }) => {
        const last = (snapshot as { last?: number } | undefined)?.last ?? 0;
        emit.data({ n: last + 1 });
        if (config.keep === "yes") emit.snapshot({ last: last + 1 });
        if (config.keep === "huge") emit.snapshot({ pad: "x".repeat(6 * 1024) });
      },
    });
    const first = await runPoll(count, { config: {} });
    expect(first).toMatchObject({ emitted: [{ n: 1 }], snapshot: { last: 1 } });
    expect((await runPoll(count, { config: {}, snapshot: first.snapshot })).emitted).toEqual([{ n: 2 }]);
    expect((await runPoll(count, { config: { keep: "no" }, snapshot: first.snapshot })).snapshot).toEqual({ last: 1 });
    await expect(runPoll(count, { config: { keep: "huge" } })).rejects.toThrow(/at most 5120 may be kept/);
    await expect(runPoll(defineTrigger({ title: "Hook", description: "webhook" }), { config: {} })).rejects.toThrow(/not a polling trigger/);
  });

  it("verifies a credential with the fetch it is given, and says when a kind cannot be verified", async () => {
    const asked: string[] = [];
    const fetch = async (input: string | URL) => {
      asked.push(String(input));
      return new Response("{}", { status: 200 });
    };
    const kind = {
      authKind: "api-key" as const,
      title: "Key",
      fields: [],
      verify: async ({ fields, fetch }: { fields: Record<string, unknown>; fetch: (input: string) => Promise<Response> }) =>
        (await fetch(`https://api.test/me?key=${String(fields.key)}`)).ok ? { verified: true as const } : { verified: false as const, message: "no" },
    };
    expect(await verifyCredential(kind, { key: "k" }, { fetch })).toEqual({ verified: true });
    expect(asked).toEqual(["https://api.test/me?key=k"]);
    await expect(verifyCredential({ authKind: "basic", title: "Basic", fields: [] }, {})).rejects.toThrow(/cannot be verified/);
  });

  it("states its own version, as its package.json does (interflow component init depends on it)", () => {
    expect(SDK_VERSION).toBe(JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version);
  });
});
