import { builtinComponents } from "@interflow/components";
import { defineAction, defineComponent, StepError } from "@interflow/sdk";

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

/** What the API test services and their step-test worker know: the built-ins and the test's own. */
export const TEST_COMPONENTS = [...builtinComponents, testCrmComponent];
