import { flowDocumentSchema } from "@interflow/flow";
import { describe, expect, it } from "vitest";
import { newTenant, useTestServices, webhookFlow } from "../../testing/api-fixture";

const services = useTestServices();

describe("flows.export", () => {
  it("writes the current version's document, which imports again as the same flow", async () => {
    const { caller } = await newTenant(services);
    const original = webhookFlow("Round trip");
    const { id } = await caller.flows.import({ document: original });

    const { document } = await caller.flows.export({ id });
    expect(document).toEqual(flowDocumentSchema.parse(original));

    const other = await newTenant(services);
    const copy = await other.caller.flows.import({ document: JSON.parse(JSON.stringify(document)) });
    expect((await other.caller.flows.export({ id: copy.id })).document).toEqual(document);
  });
});
