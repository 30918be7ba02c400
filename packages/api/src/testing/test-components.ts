import { createHash } from "node:crypto";
import { builtinComponents } from "@interflow/components";
import { defineAction, defineComponent, manifestOf, StepError } from "@interflow/sdk";
import { z } from "zod";

/**
 * A component of the tests with a `dynamic-select` field (no built-in has one yet): its options
 * depend on the form's "region"; region "down" makes its options function fail.
 */
export const testCrmComponent = defineComponent({
  name: "test-crm",
  title: "Test CRM",
  description: "A CRM that exists only in the API tests.",
  functions: {
    addContact: defineAction({
      title: "Add a contact",
      description: "Adds the message as a contact to a list.",
      fields: [
        { key: "region", label: "Region", type: "text" },
        { key: "list", label: "List", type: "dynamic-select", optionsFrom: "lists" },
      ],
    }),
  },
  // a declared credential (no built-in has one yet): a region, an API key (secret) and an optional signing secret
  credentials: [
    {
    authKind: "api-key",
    title: "API key",
    fields: [
      { key: "region", label: "Region", type: "text", required: true },
      { key: "apiKey", label: "API key", type: "password", required: true },
      { key: "signingSecret", label: "Webhook signing secret", type: "password" },
    ],
    help: { description: "Find your API key under Settings → API in the CRM.", link: "components/test-crm#credential" },
    verify: async ({ fields }) =>
      String(fields.apiKey).startsWith("crm_") ? { verified: true } : { verified: false, field: "apiKey", message: "the CRM refused this API key" },
    },
  ],
  options: {
    lists: async ({ config }) => {
      const region = String(config.region ?? "eu");
      if (region === "down") throw new StepError("the CRM is down for maintenance");
      return [
        { value: `${region}-customers`, label: `Customers (${region})` },
        { value: `${region}-leads`, label: `Leads (${region})` },
      ];
    },
  },
});

/**
 * An application of the tests that checks a credential by calling it: `verify` sends one GET to
 * `<baseUrl>/me` with the API key as a bearer token. 2xx: verified; 401: the key is refused.
 */
export const testApiComponent = defineComponent({
  name: "test-api",
  title: "Test API",
  description: "An API that exists only in the API tests: its credentials are verified against a local server.",
  functions: {
    send: defineAction({ title: "Send", description: "Sends the message to the API." }),
  },
  credentials: [
    {
      authKind: "api-key",
      title: "API key",
      fields: [
        { key: "baseUrl", label: "Base URL", type: "text", required: true },
        { key: "apiKey", label: "API key", type: "password", required: true },
      ],
      verify: async ({ fields, signal }) => {
        const url = new URL("/me", String(fields.baseUrl));
        const response = await fetch(url, { headers: { authorization: `Bearer ${String(fields.apiKey)}` }, signal }).catch((error: Error & { cause?: { code?: string } }) => {
          if (signal.aborted) throw error;
          throw new StepError(`cannot reach ${url.host} (${error.cause?.code ?? error.message}): is the base URL right?`);
        });
        if (response.ok) return { verified: true };
        if (response.status === 401) return { verified: false, field: "apiKey", message: "the API refused this key (HTTP 401)" };
        return { verified: false, message: `the API answered HTTP ${response.status}` };
      },
    },
  ],
});

/** What the API test services and their step-test worker know: the built-ins and the test's own. */
export const TEST_COMPONENTS = [...builtinComponents, testCrmComponent, testApiComponent];

/**
 * What `interflow component build` installs, for a custom component of the API tests: its manifest
 * (from a real definition), an image reference and a bundle the API stores but never runs.
 */
export function customComponentInstall(name = "acme-tools", version = "1.0.0") {
  const definition = defineComponent({
    name,
    title: "Acme tools",
    description: "A custom component of the API tests.",
    functions: {
      stamp: defineAction({
        title: "Stamp",
        description: "Stamps the message with a label.",
        fields: [{ key: "label", label: "Label", type: "text", required: true }],
        config: z.object({ label: z.string().min(1, "label: required"), times: z.number().int().min(1).max(3).default(1) }),
      }),
    },
    credentials: [{ authKind: "api-key", title: "Acme API key", fields: [{ key: "apiKey", label: "API key", type: "password", required: true }] }],
  });
  const bundle = `export default ${JSON.stringify({ name })};`;
  const digest = createHash("sha256").update(bundle).digest("hex").slice(0, 12);
  return { manifest: manifestOf(definition, version), image: `interflow/component-${name}:${version}-${digest}`, bundle };
}
