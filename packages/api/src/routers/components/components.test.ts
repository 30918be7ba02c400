import { describe, expect, it } from "vitest";
import { newPerson, newTenant, useTestServices } from "../../testing/api-fixture";
import { useStepTestWorker } from "../../testing/step-test-worker";

const services = useTestServices();
useStepTestWorker();

describe("components.list", () => {
  it("gives the palette: triggers and actions with their forms, help links under the docs base URL", async () => {
    const { caller } = await newTenant(services);
    const { components } = await caller.components.list();
    expect(components.map((c) => c.name).sort()).toEqual(["http", "transform", "webhook"]);
    const http = components.find((c) => c.name === "http");
    expect(http?.help).toEqual({ description: expect.any(String), url: "http://localhost:3000/docs/components/http" });
    const request = http?.functions.find((f) => f.name === "request");
    expect(request).toMatchObject({ kind: "action", title: "Send an HTTP request" });
    expect(request?.fields.map((f) => f.key)).toEqual(["method", "url", "headers", "timeoutMs"]);
    expect(request?.fields.find((f) => f.key === "url")).toMatchObject({ type: "text", required: true, help: { url: "http://localhost:3000/docs/components/http#url" } });
    const map = components.find((c) => c.name === "transform")?.functions.find((f) => f.name === "map");
    // absolute links stay as they are
    expect(map?.fields[0]).toMatchObject({ type: "code", language: "jsonata", help: { url: "https://docs.jsonata.org/overview.html" } });
    expect(components.find((c) => c.name === "webhook")?.functions[0]).toMatchObject({ kind: "trigger", fields: [] });
  });
});

describe("components.previewMapping", () => {
  it("evaluates a mapping on a sample as a runner would, with $steps and $headers", async () => {
    const { caller } = await newTenant(services);
    const preview = await caller.components.previewMapping({
      expression: '{ "id": order.id, "total": $sum(order.items.(price * qty)), "via": $headers.method, "shop": $steps.webhook.shop }',
      body: { order: { id: "o-1", items: [{ price: 2, qty: 3 }, { price: 1, qty: 4 }] } },
      headers: { method: "POST" },
      steps: { webhook: { shop: "north" } },
    });
    expect(preview).toEqual({ ok: true, value: { id: "o-1", total: 10, via: "POST", shop: "north" } });
  });

  it("answers an expression's error with where it is, at once", async () => {
    const { caller } = await newTenant(services);
    const broken = await caller.components.previewMapping({ expression: '{ "id": order.id ', body: {} });
    expect(broken).toMatchObject({ ok: false, error: { message: expect.stringContaining("at character"), position: expect.any(Number) } });
    const failing = await caller.components.previewMapping({ expression: '$number("abc") + $undefinedFn()', body: {} });
    expect(failing.ok).toBe(false);
    const large = await caller.components.previewMapping({ expression: "$", body: { big: "x".repeat(300 * 1024) } });
    expect(large).toMatchObject({ ok: false, error: { message: expect.stringContaining("previews take at most") } });
  });
});

describe("components.fieldOptions", () => {
  const list = { component: "test-crm", function: "addContact", field: "list" };

  it("lists a dynamic-select field's options from the component's options function, run in a worker on the form so far", async () => {
    const { caller, workspaceId } = await newTenant(services);
    expect(await caller.components.fieldOptions({ ...list, config: { region: "us" } })).toEqual({
      ok: true,
      options: [
        { value: "us-customers", label: "Customers (us)" },
        { value: "us-leads", label: "Leads (us)" },
      ],
    });
    // any member may ask, viewers too: it changes nothing
    const viewer = await newPerson(services, { workspaceId, role: "viewer" });
    expect(await viewer.caller.components.fieldOptions({ ...list, config: {} })).toMatchObject({ ok: true, options: [{ value: "eu-customers" }, { value: "eu-leads" }] });
  });

  it("answers the options function's failure with its message", async () => {
    const { caller } = await newTenant(services);
    expect(await caller.components.fieldOptions({ ...list, config: { region: "down" } })).toEqual({ ok: false, error: { message: "the CRM is down for maintenance" } });
  });

  it("refuses a field without options from a function with BAD_REQUEST, saying why", async () => {
    const { caller } = await newTenant(services);
    await expect(caller.components.fieldOptions({ ...list, field: "region", config: {} })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: 'field: field "region" of test-crm.addContact is a text field, not a dynamic-select: its options are in the form',
    });
    await expect(caller.components.fieldOptions({ component: "http", function: "request", field: "method", config: {} })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(caller.components.fieldOptions({ ...list, component: "nope", config: {} })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: 'component: unknown component "nope"',
    });
  });
});
