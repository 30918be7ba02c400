// An example custom component. Package it into its own image (FROM the runner's) and install it in
// your workspace with one command:  interflow component build examples/components/greeter
import { defineAction, defineComponent, defineTrigger } from "@interflow/sdk";
import { z } from "zod";

const greetConfig = z.object({
  greeting: z.string().trim().min(1, "greeting: required"),
  shout: z.boolean().default(false),
});

const countConfig = z.object({
  /** how many numbers each run emits */
  perRun: z.number().int().min(1).max(100).default(3),
});

export default defineComponent({
  name: "greeter",
  title: "Greeter",
  description: "Greets whoever the message names, and counts for flows that need a source to poll.",
  icon: "hand",
  help: { description: "An example of a custom component built into its own image.", link: "custom-components" },
  // an API key its steps may sign in with; Verify checks it (here against a fixed key, where a real
  // component would ask its application)
  credentials: [
    {
      authKind: "api-key",
      title: "Greeter API key",
      fields: [{ key: "apiKey", label: "API key", type: "password", required: true }],
      verify: async ({ fields }) =>
        fields.apiKey === "open-sesame" ? { verified: true } : { verified: false, message: "not the key the greeter knows", field: "apiKey" },
    },
  ],
  functions: {
    greet: defineAction({
      title: "Greet",
      description: "Adds `greeting` to the message: the greeting and the message's `name`.",
      fields: [
        { key: "greeting", label: "Greeting", type: "text", required: true, placeholder: "Hello" },
        { key: "shout", label: "Shout", type: "checkbox", default: false },
      ],
      config: greetConfig,
      process: async ({ config, message, emit, logger }) => {
        const body = (typeof message.body === "object" && message.body !== null ? message.body : {}) as Record<string, unknown>;
        const text = `${config.greeting}, ${typeof body.name === "string" ? body.name : "world"}!`;
        logger.info("greeted", { name: body.name });
        // where its code was loaded from: in its image, /opt/interflow/components/greeter/component.mjs
        emit.data({ ...body, greeting: config.shout ? text.toUpperCase() : text, greetedBy: import.meta.url });
      },
    }),
    count: defineTrigger({
      title: "Count",
      description: "Each run emits the next numbers ({ n }), keeping the last one in its snapshot.",
      fields: [{ key: "perRun", label: "Numbers per run", type: "number", min: 1, max: 100, default: 3 }],
      config: countConfig,
      poll: async ({ config, snapshot, emit }) => {
        const last = typeof (snapshot as { last?: unknown } | undefined)?.last === "number" ? (snapshot as { last: number }).last : 0;
        for (let n = last + 1; n <= last + config.perRun; n++) emit.data({ n });
        emit.snapshot({ last: last + config.perRun });
      },
    }),
  },
});
