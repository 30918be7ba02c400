import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import type { StepTestProcessor } from "@interflow/runner";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createContext } from "../../context";
import { apiTestRedisUrl, newPerson, newTenant, useTestServices, webhookFlow } from "../../testing/api-fixture";
import { startTestStepWorker } from "../../testing/step-test-worker";
import { appRouter } from "../app";

const services = useTestServices();

/** A worker that logs everything it would log (with its fields), so the capture below sees it. */
let worker: StepTestProcessor | undefined;
beforeAll(async () => {
  const log = (level: "info" | "warn" | "error") => (message: string, fields?: Record<string, unknown>) => console[level](message, fields ?? {});
  worker = await startTestStepWorker({ redisUrl: apiTestRedisUrl(), logger: { info: log("info"), warn: log("warn"), error: log("error") } });
});
afterAll(() => worker?.close());

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

/** A local API that answers 200 only to requests carrying `authorization`; it remembers what each carried. */
async function apiRequiring(authorization: string) {
  const seen: Array<string | undefined> = [];
  const server = createServer((req, res) => {
    seen.push(req.headers.authorization);
    res.writeHead(req.headers.authorization === authorization ? 200 : 401, { "content-type": "application/json" }).end("{}");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    seen,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

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

  it("appears in no answer of verifying or testing a credential, of running a step that signs in with it, nor in an exported flow using it, over HTTP too", async () => {
    const w = await workspace();
    const apiKey = secret("crm");
    const typed = secret("crm");
    const wrong = secret("nope");
    const token = secret("tok");
    const responses: string[] = [];
    const call = async (path: string, input: unknown, mutation = true) => {
      const answer = await overHttp({ path, token: w.token, mutation, input });
      responses.push(answer.text);
      return answer;
    };

    const created = await call("credentials.create", { name: "CRM", component: "test-crm", values: { region: "eu" }, secrets: { apiKey } });
    const id = JSON.parse(created.text).result.data.id as string;
    const verified = await call("credentials.verify", { id });
    expect(JSON.parse(verified.text).result.data.result).toEqual({ verified: true });
    await call("credentials.update", { id, secrets: { apiKey: wrong } });
    const failed = await call("credentials.verify", { id });
    expect(JSON.parse(failed.text).result.data.result).toMatchObject({ verified: false, field: "apiKey" });
    const tested = await call("credentials.test", { component: "test-crm", values: { region: "eu" }, secrets: { apiKey: typed } });
    expect(JSON.parse(tested.text).result.data).toEqual({ verified: true });
    // refusals of the wizard's check echo nothing either
    const refused = await call("credentials.test", { component: "test-crm", values: { region: "eu", apiKey: typed }, secrets: {} });
    expect(refused.status).toBe(400);
    await call("credentials.test", { component: "test-crm", values: { region: "eu" }, secrets: { apiKey: [typed] } });

    // a flow whose step uses an http credential: its export names the credential, nothing more
    const http = await w.editor.caller.credentials.create({ name: "Billing", component: "http", authKind: "bearer", secrets: { token } });
    const doc = webhookFlow("Billing sync");
    const flow = await w.editor.caller.flows.import({ document: { ...doc, nodes: doc.nodes.map((n) => (n.id === "send" ? { ...n, credentialId: http.id } : n)) } });
    // the designer runs the step once: the worker signs it in with the token, and its answer and logs show nothing of it
    const api = await apiRequiring(`Bearer ${token}`);
    try {
      const draft = { ...doc, nodes: doc.nodes.map((n) => (n.id === "send" ? { ...n, credentialId: http.id, config: { url: `${api.url}/orders` } } : n)) };
      const samples = { shape: { body: { id: "o-1" }, headers: {}, source: "run", takenAt: "2030-01-01T00:00:00.000Z" } };
      const ran = await call("samples.runStep", { id: flow.id, document: draft, stepId: "send", samples });
      expect(JSON.parse(ran.text).result.data).toMatchObject({ ok: true, sample: { body: { status: 200 } } });
      expect(api.seen).toEqual([`Bearer ${token}`]);
    } finally {
      await api.close();
    }
    const exported = await call("flows.export", { id: flow.id }, false);
    expect(JSON.parse(exported.text).result.data.document.nodes[2].credential).toEqual({ name: "Billing", component: "http" });
    expect(exported.text).not.toContain(http.id);
    // refused while the flow uses it: the refusal names the flow, nothing of the credential's fields
    expect((await call("credentials.delete", { id: http.id })).status).toBe(409);
    responses.push(JSON.stringify(await w.owner.caller.audit.list()));

    expect(responses.join("\n")).toContain("••••••••");
    for (const known of [apiKey, typed, wrong, token]) {
      for (const response of responses) expect(response, response.slice(0, 200)).not.toContain(known);
      expect(printed.join(""), "printed").not.toContain(known);
    }
  });

});
