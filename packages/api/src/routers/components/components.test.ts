import { describe, expect, it } from "vitest";
import { newTenant, useTestServices } from "../../testing/api-fixture";

const services = useTestServices();

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
