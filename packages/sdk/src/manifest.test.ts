import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineAction, defineComponent, defineTrigger } from "./component";
import { componentManifestSchema, definitionOfManifest, manifestOf } from "./manifest";

const greeter = defineComponent({
  name: "greeter",
  title: "Greeter",
  description: "Says hello",
  functions: {
    greet: defineAction({
      title: "Greet",
      description: "Adds a greeting",
      fields: [{ key: "greeting", label: "Greeting", type: "text", required: true }],
      config: z.object({ greeting: z.string().min(1, "greeting: required"), times: z.number().int().min(1).max(5).default(1) }),
      process: async (ctx) => ctx.emit.data({ text: `${ctx.config.greeting}` }),
    }),
    changes: defineTrigger({ title: "Changes", description: "polls", poll: async () => {} }),
  },
  credentials: [{ authKind: "api-key", title: "API key", fields: [{ key: "apiKey", label: "API key", type: "password" }], verify: async () => ({ verified: true }) }],
});

describe("component manifests", () => {
  it("describes a component as data that survives JSON and validates configs as the zod schema did", () => {
    const manifest = JSON.parse(JSON.stringify(manifestOf(greeter, "1.2.0")));
    expect(componentManifestSchema.safeParse(manifest).success).toBe(true);
    expect(manifest.functions.greet.polling).toBe(false);
    expect(manifest.functions.changes.polling).toBe(true);
    expect(manifest.credentials[0]).toMatchObject({ authKind: "api-key", canVerify: true });

    const definition = definitionOfManifest(manifest);
    const config = definition.functions.greet?.config;
    expect(config?.parse({ greeting: "hi" })).toEqual({ greeting: "hi", times: 1 });
    const bad = config?.safeParse({ greeting: "", times: 9 });
    expect(bad?.success).toBe(false);
    expect(bad?.error?.issues.map((i) => i.path.join("."))).toEqual(["greeting", "times"]);
  });

  it("refuses a custom webhook trigger, a bad name and a bad version, naming the field", () => {
    const manifest = manifestOf(
      defineComponent({ name: "hooks", title: "Hooks", description: "", functions: { receive: defineTrigger({ title: "Receive", description: "" }) } }),
      "1.0.0",
    );
    const messages = (m: unknown) => componentManifestSchema.safeParse(m).error?.issues.map((i) => i.message) ?? [];
    expect(messages(manifest)).toEqual([expect.stringMatching(/^functions\.receive: a custom trigger must poll/)]);
    expect(messages({ ...manifestOf(greeter, "1.0.0"), name: "Greeter" })).toEqual([expect.stringMatching(/^name:/)]);
    expect(messages(manifestOf(greeter, "latest"))).toEqual([expect.stringMatching(/^version:/)]);
  });

  it("runs nothing of the component in the platform's processes", async () => {
    const definition = definitionOfManifest(manifestOf(greeter, "1.0.0"));
    await expect(definition.functions.greet?.process({} as never)).rejects.toThrow(/installed from its own image/);
  });
});
