import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { describe, expect, it } from "vitest";
import { createContext } from "./context";
import { appRouter } from "./routers/app";
import { newTenant, useTestServices } from "./testing/api-fixture";

const services = useTestServices();

/** Calls a procedure over tRPC's HTTP protocol, as the web app and the CLI do. */
async function post(path: string, input: unknown, token?: string): Promise<{ status: number; body: any }> {
  const req = new Request(`http://api.test/api/trpc/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(input),
  });
  const res = await fetchRequestHandler({ endpoint: "/api/trpc", req, router: appRouter, createContext: () => createContext({ services, headers: req.headers }) });
  return { status: res.status, body: await res.json() };
}

describe("errors over HTTP", () => {
  it("an invalid flow is a 400 whose data.issues lists each issue", async () => {
    const { token } = await newTenant(services);
    const { status, body } = await post("flows.import", { document: { schema: "interflow/flow@1", name: "x", nodes: [{ id: "a", component: "nope", function: "f" }] } }, token);
    expect(status).toBe(400);
    expect(body.error.message).toMatch(/^the flow is not valid: node "a": unknown component "nope"/);
    expect(body.error.data).toMatchObject({ code: "BAD_REQUEST", httpStatus: 400, issues: [{ rule: "unknown-component", nodeId: "a", path: "nodes[0].component" }] });
  });

  it("bad input is a 400 naming the field, with the flattened zod error", async () => {
    const { token } = await newTenant(services);
    const { status, body } = await post("flows.start", { id: 42 }, token);
    expect(status).toBe(400);
    expect(body.error.message).toMatch(/^invalid input: id: /);
    expect(body.error.data.zodError).toEqual({ formErrors: [], fieldErrors: { id: [expect.any(String)] } });
  });

  it("codes map to HTTP statuses: unknown flow 404, missing token 401", async () => {
    const { token } = await newTenant(services);
    expect((await post("flows.start", { id: "missing" }, token)).status).toBe(404);
    expect((await post("flows.start", { id: "missing" })).status).toBe(401);
  });
});
