// The designer's step tests, on real Redis, calling a real local HTTP server: an http action run
// once on a sample, its failures classified as a runner does, the time limit, and the options of a
// dynamic-select field fetched by a component's options function.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { builtinComponents } from "@interflow/components";
import { createRedis, STEP_TEST_JOB, STEP_TEST_QUEUE, StepTestClient } from "@interflow/queue";
import { defineAction, defineComponent, StepError } from "@interflow/sdk";
import { Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fieldOptionsOnce } from "./field-options";
import { runStepOnce } from "./run-step-once";
import { runStepTest, type StepTestProcessor, startStepTestProcessor } from "./step-test";

const silent = { info: () => {}, warn: () => {}, error: () => {} };
let server: Server;
let base = "";
let respond: (req: IncomingMessage, res: ServerResponse, body: string) => void = (_q, res) => res.end();
const received: Array<{ url: string; body: string }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      received.push({ url: req.url ?? "", body });
      respond(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
};

const http = builtinComponents.find((c) => c.name === "http")?.functions.request;
if (!http) throw new Error("the http component is built in");
const meta = { flowId: "flow-1", flowVersion: 1, executionId: "e", stepId: "send", parentMessageId: null, traceId: "t", attempt: 0 };
const message = (body: unknown) => ({ body, headers: { method: "POST" }, steps: { hook: body }, meta });

/** A component of the test: its "list" field takes its options from the local server's lists. */
const crm = defineComponent({
  name: "crm",
  title: "CRM",
  description: "A CRM of the test",
  functions: {
    addContact: defineAction({
      title: "Add a contact",
      description: "",
      fields: [
        { key: "region", label: "Region", type: "text" },
        { key: "list", label: "List", type: "dynamic-select", optionsFrom: "lists" },
        { key: "note", label: "Note", type: "text" },
      ],
    }),
  },
  options: {
    lists: async ({ config, signal, logger }) => {
      logger.info("fetching lists", { region: config.region });
      const res = await fetch(`${base}/lists?region=${String(config.region ?? "")}`, { signal });
      if (!res.ok) throw new StepError(`the CRM answered ${res.status} for its lists`);
      const lists = (await res.json()) as Array<{ id: string; name: string }>;
      return lists.map((list) => ({ value: list.id, label: list.name }));
    },
    broken: async () => [{ value: 1 }] as never,
  },
});

describe("a step run once on a sample", () => {
  it("says when the step filtered the message out (emitting nothing on purpose) and when it kept it", async () => {
    const fn = builtinComponents.find((c) => c.name === "filter")?.functions.keep as NonNullable<(typeof builtinComponents)[number]["functions"][string]>;
    const dropped = await runStepOnce({ fn, config: { condition: "total > 100" }, message: message({ total: 5 }), timeLimitMs: 5_000 });
    expect(dropped).toMatchObject({ ok: true, emittedCount: 0, filtered: true });
    const kept = await runStepOnce({ fn, config: { condition: "total > 100" }, message: message({ total: 500 }), timeLimitMs: 5_000 });
    expect(kept).toMatchObject({ ok: true, emittedCount: 1, filtered: false, emitted: [{ body: { total: 500 } }] });
  });

  it("runs an http action on the mapped body and gives the response as what it emitted", async () => {
    respond = (_q, res) => json(res, 201, { id: "c-7" });
    const result = await runStepOnce({ fn: http, config: { url: `${base}/contacts` }, message: message({ name: "Ada" }), timeLimitMs: 5_000 });
    expect(result).toMatchObject({ ok: true, emittedCount: 1, emitted: [{ body: { status: 201, body: { id: "c-7" } }, headers: {} }] });
    expect(received.at(-1)).toEqual({ url: "/contacts", body: '{"name":"Ada"}' });
  });

  it("classifies a failure as a runner does: 500 is retryable, with the response as its details", async () => {
    respond = (_q, res) => json(res, 500, { error: "database down" });
    const result = await runStepOnce({ fn: http, config: { url: `${base}/contacts` }, message: message({}), timeLimitMs: 5_000 });
    expect(result).toMatchObject({
      ok: false,
      error: { kind: "retryable", message: `POST ${base}/contacts answered 500`, details: { status: 500, body: { error: "database down" } } },
    });
  });

  it("answers timeout at the time limit and aborts the step's signal", async () => {
    let cut = false;
    respond = (_q, res) => {
      res.on("close", () => (cut = !res.writableEnded));
      setTimeout(() => json(res, 200, {}), 3_000).unref();
    };
    const started = Date.now();
    const result = await runStepOnce({ fn: http, config: { url: `${base}/slow` }, message: message({}), timeLimitMs: 300 });
    expect(result).toMatchObject({ ok: false, error: { kind: "timeout", message: "the step did not finish within its time limit of 300 ms" } });
    expect(Date.now() - started).toBeLessThan(2_000);
    // the request was cut off, not left running
    await expect.poll(() => cut, { timeout: 2_000 }).toBe(true);
  });

  it("names the config field that is wrong, and calls nothing", async () => {
    const before = received.length;
    const result = await runStepOnce({ fn: http, config: { url: "ftp://example.test" }, message: message({}), timeLimitMs: 1_000 });
    expect(result).toMatchObject({ ok: false, error: { kind: "step-error", message: "config.url: must be an absolute http:// or https:// URL" } });
    expect(received.length).toBe(before);
  });

  it("keeps the first 20 emitted messages, counts them all, and keeps the logs", async () => {
    const chatty = defineAction({
      title: "Chatty",
      description: "",
      process: async (ctx) => {
        ctx.logger.info("splitting", { items: 25 });
        for (let i = 0; i < 25; i++) ctx.emit.data({ i }, { headers: { index: i } });
        ctx.logger.warn("done");
      },
    });
    const result = await runStepOnce({ fn: chatty, config: {}, message: message({}), timeLimitMs: 1_000 });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.emittedCount).toBe(25);
    expect(result.emitted).toHaveLength(20);
    expect(result.emitted[19]).toEqual({ body: { i: 19 }, headers: { index: 19 } });
    expect(result.logs.map((l) => [l.level, l.message, l.fields])).toEqual([
      ["info", "splitting", { items: 25 }],
      ["warn", "done", undefined],
    ]);
  });
});

describe("a step run once that signs in with its credential", () => {
  const TOKEN = "tok-run-once-5c2e";
  // a stand-in seal of the test (the real one is the installation's AES-256-GCM: the API's run-step tests use it)
  const sealed = { credentialId: "c-1", envelope: Buffer.from(JSON.stringify({ token: TOKEN })).toString("base64") };
  const openSecrets = (s: { envelope: string }) => JSON.parse(Buffer.from(s.envelope, "base64").toString("utf8")) as Record<string, unknown>;
  const test = (credential = { authKind: "bearer", values: {}, sealed }) =>
    ({
      kind: "run-step",
      component: "http",
      function: "request",
      config: { url: `${base}/contacts` },
      message: { body: { name: "Ada" }, headers: {}, steps: {} },
      flowId: "flow-1",
      flowVersion: 1,
      stepId: "send",
      credential,
      timeLimitMs: 5_000,
    }) as const;
  let authorization: string | undefined;
  const requireToken = (req: IncomingMessage, res: ServerResponse) => {
    authorization = req.headers.authorization;
    json(res, authorization === `Bearer ${TOKEN}` ? 200 : 401, {});
  };

  it("gets it opened in the worker, as a runner gives it to the component", async () => {
    respond = requireToken;
    const result = await runStepTest({ test: test(), components: builtinComponents, openSecrets });
    expect(result).toMatchObject({ ok: true, emitted: [{ body: { status: 200 } }] });
    expect(authorization).toBe(`Bearer ${TOKEN}`);
  });

  it("is refused, quoting no secret, by a worker without the key or when the secrets do not open; a refusing API is a step error", async () => {
    respond = requireToken;
    const before = received.length;
    expect(await runStepTest({ test: test(), components: builtinComponents })).toEqual({
      ok: false,
      error: { kind: "step-error", message: expect.stringContaining("the worker has no INTERFLOW_ENCRYPTION_KEY") },
      logs: [],
    });
    const refusing = () => {
      throw new Error("credential secrets refused: they fail their integrity check");
    };
    expect(await runStepTest({ test: test(), components: builtinComponents, openSecrets: refusing })).toEqual({
      ok: false,
      error: { kind: "step-error", message: "the step's credential: credential secrets refused: they fail their integrity check" },
      logs: [],
    });
    expect(received.length).toBe(before);
    const wrong = { authKind: "bearer", values: {}, sealed: { ...sealed, envelope: Buffer.from(JSON.stringify({ token: "nope" })).toString("base64") } };
    const refused = await runStepTest({ test: test(wrong), components: builtinComponents, openSecrets });
    expect(refused).toMatchObject({ ok: false, error: { kind: "step-error", message: `POST ${base}/contacts answered 401` } });
    expect(JSON.stringify(refused)).not.toContain(TOKEN);
  });
});

describe("the options of a dynamic-select field", () => {
  const ask = (field: string, config: Record<string, unknown> = {}, timeLimitMs = 2_000) =>
    fieldOptionsOnce({ component: crm, function: "addContact", field, config, timeLimitMs });

  it("come from the component's options function, which sees the form filled so far", async () => {
    respond = (req, res) => {
      const region = new URL(req.url ?? "/", base).searchParams.get("region");
      json(res, 200, [
        { id: `${region}-1`, name: `Customers ${region}` },
        { id: `${region}-2`, name: `Leads ${region}` },
      ]);
    };
    expect(await ask("list", { region: "eu" })).toEqual({
      ok: true,
      options: [
        { value: "eu-1", label: "Customers eu" },
        { value: "eu-2", label: "Leads eu" },
      ],
    });
    expect(received.at(-1)?.url).toBe("/lists?region=eu");
  });

  it("answer the function's failure, its time limit, or why there is no such list", async () => {
    respond = (_q, res) => json(res, 403, {});
    expect(await ask("list")).toEqual({ ok: false, error: { message: "the CRM answered 403 for its lists" } });
    respond = (_q, res) => setTimeout(() => json(res, 200, []), 3_000).unref();
    expect(await ask("list", {}, 200)).toEqual({ ok: false, error: { message: 'the options of "list" did not arrive within the time limit of 200 ms' } });
    expect(await ask("region")).toEqual({ ok: false, error: { message: 'field "region" of crm.addContact is a text field, not a dynamic-select: its options are in the form' } });
    expect(await ask("nothing")).toEqual({ ok: false, error: { message: 'crm.addContact has no field "nothing"' } });
    const withBrokenList = { ...crm, functions: { addContact: { ...crm.functions.addContact, fields: [{ key: "list", label: "List", type: "dynamic-select", optionsFrom: "broken" }] } } };
    expect(await fieldOptionsOnce({ component: withBrokenList as never, function: "addContact", field: "list", config: {}, timeLimitMs: 1_000 })).toEqual({
      ok: false,
      error: { message: 'options function "broken" did not return a list of { value, label } strings' },
    });
  });

  it("must exist: defineComponent refuses a field naming options the component does not have", () => {
    expect(() =>
      defineComponent({
        name: "dangling",
        title: "",
        description: "",
        functions: { f: defineAction({ title: "", description: "", fields: [{ key: "list", label: "List", type: "dynamic-select", optionsFrom: "nowhere" }] }) },
      }),
    ).toThrow('component "dangling": field "list" of f takes its options from "nowhere", which the component\'s options do not have');
  });
});

describe("the step-test queue", () => {
  // a Redis database of its own: no other process's worker takes these tests
  const url = new URL(process.env.REDIS_URL as string);
  url.pathname = "/11";
  const redis = createRedis(url.toString());
  const client = new StepTestClient(redis);
  const queue = new Queue(STEP_TEST_QUEUE.name, { connection: redis, prefix: STEP_TEST_QUEUE.prefix });
  let processor: StepTestProcessor | undefined;
  afterAll(async () => {
    await processor?.close();
    await client.close();
    await queue.close();
    await redis.quit();
  });

  it("runs nothing while no worker listens: the test is taken back once the wait is over", async () => {
    await queue.obliterate({ force: true });
    const answer = await client.runStep({
      component: "http",
      function: "request",
      config: { url: `${base}/never` },
      message: { body: {}, headers: {}, steps: {} },
      flowId: "flow-1",
      flowVersion: 1,
      stepId: "send",
      timeLimitMs: 100,
    });
    expect(answer).toEqual({ answered: false, waitedMs: 5_100 });
    expect(await queue.getJobCounts("waiting", "active", "delayed")).toEqual({ waiting: 0, active: 0, delayed: 0 });
  }, 15_000);

  it("hands tests to a worker's processor and brings back its answers", async () => {
    processor = await startStepTestProcessor({ redisUrl: url.toString(), logger: silent, components: [...builtinComponents, crm] });
    respond = (req, res, body) => (req.url?.startsWith("/lists") ? json(res, 200, [{ id: "l1", name: "VIP" }]) : json(res, 200, { echo: JSON.parse(body) }));
    const run = await client.runStep({
      component: "http",
      function: "request",
      config: { url: `${base}/echo` },
      message: { body: { n: 1 }, headers: {}, steps: {} },
      flowId: "flow-1",
      flowVersion: 1,
      stepId: "send",
      timeLimitMs: 5_000,
    });
    expect(run).toMatchObject({ answered: true, result: { ok: true, emitted: [{ body: { status: 200, body: { echo: { n: 1 } } } }] } });
    const options = await client.fieldOptions({ component: "crm", function: "addContact", field: "list", config: {}, timeLimitMs: 5_000 });
    expect(options).toEqual({ answered: true, result: { ok: true, options: [{ value: "l1", label: "VIP" }] } });
    const unknown = await client.fieldOptions({ component: "nope", function: "x", field: "y", config: {}, timeLimitMs: 5_000 });
    expect(unknown).toEqual({ answered: true, result: { ok: false, error: { message: "component nope.x is not installed in this worker" } } });
    expect(STEP_TEST_JOB.options.attempts).toBe(1);
  });
});
