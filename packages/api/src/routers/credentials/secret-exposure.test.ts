import { randomBytes } from "node:crypto";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createContext } from "../../context";
import { newPerson, newTenant, useTestServices } from "../../testing/api-fixture";
import { appRouter } from "../app";

const services = useTestServices();

const secret = (what: string) => `${what}_${randomBytes(16).toString("hex")}`;

/** Everything the process prints while a test runs, to prove that no secret is ever logged. */
let printed: string[] = [];
const originals = { stdout: process.stdout.write, stderr: process.stderr.write, console: { ...console } };
beforeEach(() => {
  printed = [];
  const capture = (stream: "stdout" | "stderr") =>
    function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
      printed.push(String(chunk));
      return (originals[stream] as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
    } as typeof process.stdout.write;
  process.stdout.write = capture("stdout");
  process.stderr.write = capture("stderr");
  for (const method of ["log", "info", "warn", "error", "debug"] as const) {
    console[method] = (...args: unknown[]) => {
      printed.push(args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" "));
      originals.console[method](...args);
    };
  }
});
afterEach(() => {
  process.stdout.write = originals.stdout;
  process.stderr.write = originals.stderr;
  Object.assign(console, originals.console);
});

async function workspace() {
  const tenant = await newTenant(services);
  const editor = await newPerson(services, { workspaceId: tenant.workspaceId, role: "editor" });
  const owner = await newPerson(services, { workspaceId: tenant.workspaceId, role: "owner" });
  return { ...tenant, editor, owner };
}

/** A call over tRPC's HTTP protocol, as the browser and the CLI send it: the whole body, as sent. */
async function overHttp(p: { path: string; token: string; input?: unknown; mutation?: boolean }): Promise<{ status: number; text: string }> {
  const url = new URL(`http://localhost:3000/api/trpc/${p.path}`);
  if (!p.mutation && p.input !== undefined) url.searchParams.set("input", JSON.stringify(p.input));
  const req = new Request(url, {
    method: p.mutation ? "POST" : "GET",
    headers: { authorization: `Bearer ${p.token}`, "content-type": "application/json" },
    body: p.mutation ? JSON.stringify(p.input) : undefined,
  });
  const res = await fetchRequestHandler({ endpoint: "/api/trpc", req, router: appRouter, createContext: () => createContext({ services, headers: req.headers }) });
  return { status: res.status, text: await res.text() };
}

describe("a credential's secret", () => {
  it("appears in no API response, refusal, audit entry or log line, over HTTP too", async () => {
    const w = await workspace();
    const apiKey = secret("crm");
    const replaced = secret("crm");
    const responses: string[] = [];
    const keep = (answer: unknown) => responses.push(JSON.stringify(answer));

    const created = await overHttp({ path: "credentials.create", token: w.token, mutation: true, input: { name: "CRM", component: "test-crm", values: { region: "eu" }, secrets: { apiKey } } });
    expect(created.status).toBe(200);
    responses.push(created.text);
    const id = JSON.parse(created.text).result.data.id as string;
    // refusals echo nothing of the input either: a duplicate, a secret in the wrong place, bad input
    for (const input of [
      { name: "CRM", component: "test-crm", values: { region: "eu" }, secrets: { apiKey } },
      { name: "CRM 2", component: "test-crm", values: { region: "eu", apiKey }, secrets: {} },
      { name: "CRM 3", component: "test-crm", values: { region: "eu" }, secrets: { apiKey: [apiKey] } },
    ]) {
      const refused = await overHttp({ path: "credentials.create", token: w.token, mutation: true, input });
      expect(refused.status).toBeGreaterThanOrEqual(400);
      expect(refused.status).toBeLessThan(500);
      responses.push(refused.text);
    }
    responses.push((await overHttp({ path: "credentials.list", token: w.token })).text);
    responses.push((await overHttp({ path: "credentials.update", token: w.token, mutation: true, input: { id, secrets: { apiKey: replaced } } })).text);
    responses.push((await overHttp({ path: "credentials.list", token: w.token, input: { component: "test-crm" } })).text);
    keep(await w.editor.caller.credentials.list());
    keep(await w.owner.caller.audit.list());
    keep(await w.owner.caller.credentials.update({ id, name: "CRM renamed" }));
    keep(await w.owner.caller.credentials.delete({ id }));
    keep(await w.owner.caller.audit.list());

    expect(responses.join("\n")).toContain("••••••••");
    for (const known of [apiKey, replaced]) {
      for (const response of responses) expect(response, response.slice(0, 200)).not.toContain(known);
      expect(printed.join("")).not.toContain(known);
    }
    const rows = await services.db.prisma.$queryRaw<unknown[]>`SELECT * FROM "AuditEntry" WHERE "workspaceId" = ${w.workspaceId}`;
    expect(JSON.stringify(rows)).not.toContain(apiKey);
  });

});
