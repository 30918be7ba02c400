// Webhook authentication at the gateway, on real Redis: basic auth, an API key (header and query),
// HMAC signatures (ours with a timestamp, GitHub's over the body, Stripe's t=…,v1=…): the right
// request is queued, a wrong, missing, stale, replayed or tampered one gets 401 and queues nothing;
// a rotated secret's predecessor is taken during its grace period only; what the sender
// authenticated with never reaches the message; a route whose credential the gateway cannot open
// refuses everything (503), never takes requests unchecked.
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { createRedis, flowQueuePrefix, keys, listenForTestRequests, type Route, type StepCredentialContent, sealRouteAuth, sealTestHookAuth, STEP_JOB, webhookAnswersField } from "@interflow/queue";
import { Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningGateway, startGateway } from "./gateway";

const redis = createRedis(process.env.REDIS_URL as string);
const webhookKey = randomBytes(32).toString("base64url");
let gateway: RunningGateway;
const queues: Queue[] = [];
const flows: string[] = [];

beforeAll(async () => {
  gateway = await startGateway({ REDIS_URL: process.env.REDIS_URL as string, GATEWAY_PORT: 0, GATEWAY_HOST: "127.0.0.1", INTERFLOW_BODY_LIMIT: 64 * 1024, INTERFLOW_WEBHOOK_KEY: webhookKey });
});

afterAll(async () => {
  for (const id of flows) await redis.hdel(keys.routes, id);
  for (const q of queues) {
    await q.obliterate({ force: true });
    await q.close();
  }
  await gateway.close();
  await redis.quit();
});

/** A running flow whose webhook takes requests signed in with `credential` (sealed as the worker seals it, or `auth` as given). */
async function flowWith(credential: StepCredentialContent | undefined, auth?: Route["auth"], rate?: Route["rate"]) {
  const flowId = `ga${randomUUID().replaceAll("-", "")}`;
  flows.push(flowId);
  const route: Route = {
    flowId,
    workspaceId: "ws-gateway-auth",
    flowVersion: 1,
    state: "running",
    triggerStepId: "hook",
    component: "webhook",
    function: "receive",
    config: {},
    limits: { messages: 1000, bytes: 10 * 1024 * 1024 },
    ...(rate ? { rate } : {}),
  };
  const sealed = credential && { credentialId: "cred-1", sealed: sealRouteAuth({ webhookKey, route, credential }) };
  await redis.hset(keys.routes, flowId, JSON.stringify({ ...route, auth: auth ?? sealed }));
  await redis.publish(keys.routesChannel, flowId);
  await expect.poll(async () => (await fetch(`${gateway.url}/hook/${flowId}`, { method: "POST" })).status).not.toBe(404);
  const queue = new Queue("hook", { connection: redis, prefix: flowQueuePrefix(flowId) });
  queues.push(queue);
  const queued = async () => (await queue.getJobs(["waiting"])).flatMap((job) => STEP_JOB.schema.parse(job.data).messages);
  const post = (init: { headers?: Record<string, string>; body?: string; query?: string }) =>
    fetch(`${gateway.url}/hook/${flowId}${init.query ?? ""}`, { method: "POST", headers: { "content-type": "application/json", ...init.headers }, body: init.body ?? JSON.stringify({ order: 1 }) });
  return { flowId, queued, post };
}

const errorOf = async (res: Response) => ((await res.json()) as { error: string }).error;
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
const hmac = (secret: string, payload: string, encoding: "hex" | "base64" = "hex") => createHmac("sha256", secret).update(payload).digest(encoding);
const now = () => String(Math.floor(Date.now() / 1000));

describe("webhook authentication at the gateway", () => {
  it("basic auth: the right user and password are queued (without the Authorization header); wrong or missing ones get 401 with a challenge, nothing queued, counted", async () => {
    const { flowId, queued, post } = await flowWith({ authKind: "basic", values: { username: "shop" }, secrets: { password: "s3cret-pass" } });
    // (the request that found the route was refused as well)
    await expect.poll(async () => Number(await redis.hget(keys.stats(flowId), webhookAnswersField(401)))).toBe(1);
    const missing = await post({});
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toContain("Basic");
    expect(await errorOf(missing)).toMatch(/basic auth.*none was sent/);
    const wrong = await post({ headers: { authorization: basic("shop", "guess") } });
    expect(wrong.status).toBe(401);
    expect(await errorOf(wrong)).toBe("authentication: the user name or password is wrong");
    expect((await post({ headers: { authorization: basic("other", "s3cret-pass") } })).status).toBe(401);
    expect(await queued()).toEqual([]);
    const right = await post({ headers: { authorization: basic("shop", "s3cret-pass") } });
    expect(right.status).toBe(202);
    const [message] = await queued();
    expect(message?.body).toEqual({ order: 1 });
    expect(JSON.stringify(message?.headers)).not.toContain("Basic");
    // the refusals are counted per flow (the flow page shows them)
    await expect.poll(async () => Number(await redis.hget(keys.stats(flowId), webhookAnswersField(401)))).toBe(4);
  });

  it("an API key in a header or a query parameter: right key queued (the key left out of the message), wrong or missing 401", async () => {
    const inHeader = await flowWith({ authKind: "api-key", values: { in: "header", name: "X-Token" }, secrets: { key: "k-123456" } });
    expect((await inHeader.post({})).status).toBe(401);
    expect((await inHeader.post({ headers: { "x-token": "k-000000" } })).status).toBe(401);
    expect((await inHeader.post({ headers: { "x-api-key": "k-123456" } })).status).toBe(401);
    expect(await inHeader.queued()).toEqual([]);
    expect((await inHeader.post({ headers: { "x-token": "k-123456" } })).status).toBe(202);
    expect(JSON.stringify((await inHeader.queued())[0]?.headers)).not.toContain("k-123456");

    const inQuery = await flowWith({ authKind: "api-key", values: { in: "query" }, secrets: { key: "q-abcdef" } });
    const missing = await inQuery.post({ query: "?other=1" });
    expect(missing.status).toBe(401);
    expect(await errorOf(missing)).toMatch(/api_key query parameter; none was sent/);
    expect((await inQuery.post({ query: "?api_key=q-wrong" })).status).toBe(401);
    expect((await inQuery.post({ query: "?api_key=q-abcdef&src=shop" })).status).toBe(202);
    const [message] = await inQuery.queued();
    expect(message?.headers).toMatchObject({ query: { src: "shop" } });
    expect(JSON.stringify(message?.headers)).not.toContain("q-abcdef");
  });

  it("HMAC with a flow-wide rate: a flood of unsigned or replayed requests gets 401 and leaves everyone's bucket to the real sender; signed ones over the rate get 429", async () => {
    const secret = "whsec_rate_0123456789";
    const { flowId, queued, post } = await flowWith({ authKind: "hmac-signature", values: {}, secrets: { secret } }, undefined, { perSecond: 0.01, burst: 2 });
    await redis.del(`${flowQueuePrefix(flowId)}:rate:flow`);
    const unsigned = await Promise.all(Array.from({ length: 20 }, () => post({ body: JSON.stringify({ forged: true }) })));
    expect(unsigned.map((r) => r.status)).toEqual(Array(20).fill(401));
    const signedRequest = (n: number) => {
      const body = JSON.stringify({ order: n });
      const ts = now();
      return { body, headers: { "x-interflow-signature": `sha256=${hmac(secret, `${ts}.${body}`)}`, "x-interflow-timestamp": ts } };
    };
    const signed = (n: number) => post(signedRequest(n));
    const firstRequest = signedRequest(1);
    expect((await post(firstRequest)).status).toBe(202);
    // copies of a captured signed request are replays: 401, and they take nothing from the rate either
    const replays = await Promise.all(Array.from({ length: 10 }, () => post(firstRequest)));
    expect(replays.map((r) => r.status)).toEqual(Array(10).fill(401));
    expect((await signed(2)).status).toBe(202);
    const third = signedRequest(3);
    const over = await post(third);
    expect(over.status).toBe(429);
    expect(over.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await errorOf(over)).toMatch(/takes 0.01 a second at most/);
    const orders = async () => (await queued()).map((m) => (m.body as { order: number }).order).sort();
    expect(await orders()).toEqual([1, 2]);
    // the signature of the one refused for the rate was not spent: sent again once there is room, it is taken
    await redis.del(`${flowQueuePrefix(flowId)}:rate:flow`);
    expect((await post(third)).status).toBe(202);
    expect(await orders()).toEqual([1, 2, 3]);
  });

  it("HMAC with a timestamp: a signed request is queued once; unsigned, tampered, wrong-secret, stale and replayed ones get 401, nothing more queued", async () => {
    const secret = "whsec-test-secret";
    const { queued, post } = await flowWith({ authKind: "hmac-signature", values: {}, secrets: { secret } });
    const body = JSON.stringify({ order: 42 });
    const ts = now();
    const signature = `sha256=${hmac(secret, `${ts}.${body}`)}`;
    const unsigned = await post({ body });
    expect(unsigned.status).toBe(401);
    expect(await errorOf(unsigned)).toMatch(/no signature/);
    const tampered = await post({ body: JSON.stringify({ order: 43 }), headers: { "x-interflow-signature": signature, "x-interflow-timestamp": ts } });
    expect(await errorOf(tampered)).toMatch(/does not match/);
    expect((await post({ body, headers: { "x-interflow-signature": `sha256=${hmac("another", `${ts}.${body}`)}`, "x-interflow-timestamp": ts } })).status).toBe(401);
    // the same body signed 10 minutes ago: outside the window of 300 s
    const old = String(Number(ts) - 600);
    const stale = await post({ body, headers: { "x-interflow-signature": `sha256=${hmac(secret, `${old}.${body}`)}`, "x-interflow-timestamp": old } });
    expect(stale.status).toBe(401);
    expect(await errorOf(stale)).toMatch(/outside the replay window of 300 s/);
    // the timestamp changed without signing it again
    expect((await post({ body, headers: { "x-interflow-signature": signature, "x-interflow-timestamp": String(Number(ts) - 1) } })).status).toBe(401);
    expect(await queued()).toEqual([]);
    const signed = await post({ body, headers: { "x-interflow-signature": signature, "x-interflow-timestamp": ts } });
    expect(signed.status).toBe(202);
    const replayed = await post({ body, headers: { "x-interflow-signature": signature, "x-interflow-timestamp": ts } });
    expect(replayed.status).toBe(401);
    expect(await errorOf(replayed)).toMatch(/replay/);
    expect((await queued()).map((m) => m.body)).toEqual([{ order: 42 }]);
  });

  it("a provider's scheme: GitHub's X-Hub-Signature-256 over the body, Stripe's t=…,v1=…, Shopify's base64", async () => {
    const body = JSON.stringify({ action: "opened" });
    const github = await flowWith({ authKind: "hmac-signature", values: { signatureHeader: "X-Hub-Signature-256", timestampHeader: "none" }, secrets: { secret: "gh" } });
    expect((await github.post({ body, headers: { "x-hub-signature-256": `sha256=${hmac("gh", body)}` } })).status).toBe(202);
    expect((await github.post({ body, headers: { "x-hub-signature-256": `sha256=${hmac("gh", `${body} `)}` } })).status).toBe(401);

    const stripe = await flowWith({ authKind: "hmac-signature", values: { signatureHeader: "Stripe-Signature" }, secrets: { secret: "whsec_stripe" } });
    const t = now();
    expect((await stripe.post({ body, headers: { "stripe-signature": `t=${t},v1=${hmac("whsec_stripe", `${t}.${body}`)},v0=ignored` } })).status).toBe(202);
    const staleT = String(Number(t) - 3600);
    expect((await stripe.post({ body, headers: { "stripe-signature": `t=${staleT},v1=${hmac("whsec_stripe", `${staleT}.${body}`)}` } })).status).toBe(401);

    const shopify = await flowWith({ authKind: "hmac-signature", values: { signatureHeader: "X-Shopify-Hmac-Sha256", timestampHeader: "none" }, secrets: { secret: "shp" } });
    expect((await shopify.post({ body, headers: { "x-shopify-hmac-sha256": hmac("shp", body, "base64") } })).status).toBe(202);
  });

  it("a rotated secret: the previous one is taken until its grace period ends, then refused", async () => {
    const until = new Date(Date.now() + 60_000).toISOString();
    const rotated = await flowWith({ authKind: "api-key", values: { in: "header", previousUntil: until }, secrets: { key: "new-key-1", "previous.key": "old-key-1" } });
    expect((await rotated.post({ headers: { "x-api-key": "new-key-1" } })).status).toBe(202);
    expect((await rotated.post({ headers: { "x-api-key": "old-key-1" } })).status).toBe(202);
    const over = await flowWith({ authKind: "api-key", values: { in: "header", previousUntil: new Date(Date.now() - 1000).toISOString() }, secrets: { key: "new-key-2", "previous.key": "old-key-2" } });
    expect((await over.post({ headers: { "x-api-key": "old-key-2" } })).status).toBe(401);
    expect((await over.post({ headers: { "x-api-key": "new-key-2" } })).status).toBe(202);
  });

  it("a route whose credential cannot be used, or sealed for another flow, refuses every request with 503 (the sender keeps it), never takes it unchecked", async () => {
    const broken = await flowWith(undefined, { credentialId: "gone", problem: "the webhook's credential gone is not one of this workspace's credentials" });
    const res = await broken.post({});
    expect(res.status).toBe(503);
    expect(await errorOf(res)).toMatch(/checks who sends its webhooks, and cannot now: the webhook's credential gone/);
    // a sealed text copied from another flow's route does not open for this one
    const other = await flowWith({ authKind: "api-key", values: {}, secrets: { key: "x" } });
    const otherRoute = JSON.parse((await redis.hget(keys.routes, other.flowId)) as string) as Route;
    const copied = await flowWith(undefined, otherRoute.auth);
    expect((await copied.post({ headers: { "x-api-key": "x" } })).status).toBe(503);
    expect(await broken.queued()).toEqual([]);
    expect(await copied.queued()).toEqual([]);
  });
});

describe("the designer's test URL of a trigger with sender authentication", () => {
  /** the designer listening with a trigger whose credential the web app sealed for the test URL */
  async function listening(credential: StepCredentialContent, sealedFor?: string) {
    const flowId = `gt${randomUUID().replaceAll("-", "")}`;
    const listener = { stepId: "hook", component: "webhook", function: "receive", config: {} };
    const sealed = sealTestHookAuth({ webhookKey, listener: { flowId: sealedFor ?? flowId, ...listener }, credential });
    await listenForTestRequests({ redis, flowId, listener: { ...listener, startedAt: new Date().toISOString(), auth: { credentialId: "cred-t", sealed } } });
    const post = (init: { headers?: Record<string, string>; body?: string }) =>
      fetch(`${gateway.url}/test-hook/${flowId}`, { method: "POST", headers: { "content-type": "application/json", ...init.headers }, body: init.body ?? JSON.stringify({ sample: 1 }) });
    // what the designer would be shown (kept, not taken)
    const samples = async () => (await redis.lrange(keys.webhookTestRequests(flowId), 0, -1)).map((text) => JSON.parse(text) as { body: unknown; headers: unknown });
    return { flowId, post, samples };
  }

  it("refuses a test request without the signature (401, no sample kept) and keeps a signed one", async () => {
    const secret = "whsec_test_url_0123456789";
    const { post, samples } = await listening({ authKind: "hmac-signature", values: {}, secrets: { secret } });
    const unsigned = await post({});
    expect(unsigned.status).toBe(401);
    expect(await errorOf(unsigned)).toMatch(/signature/);
    expect(await samples()).toEqual([]);
    const body = JSON.stringify({ sample: 2 });
    const ts = now();
    const signed = await post({ body, headers: { "x-interflow-signature": `sha256=${hmac(secret, `${ts}.${body}`)}`, "x-interflow-timestamp": ts } });
    expect(signed.status).toBe(200);
    const [sample] = await samples();
    expect(sample?.body).toEqual({ sample: 2 });
  });

  it("basic auth: without it 401 before the body is read; a credential sealed for another flow opens nowhere else (503, nothing kept)", async () => {
    const basicAuth = await listening({ authKind: "basic", values: { username: "shop" }, secrets: { password: "test-url-pass" } });
    expect((await basicAuth.post({})).status).toBe(401);
    expect((await basicAuth.post({ headers: { authorization: basic("shop", "test-url-pass") } })).status).toBe(200);
    // the sample, as the message would be, without what the sender authenticated with
    expect(JSON.stringify(await basicAuth.samples())).not.toContain(basic("shop", "test-url-pass"));
    const copied = await listening({ authKind: "basic", values: { username: "shop" }, secrets: { password: "test-url-pass" } }, "another-flow");
    const refused = await copied.post({ headers: { authorization: basic("shop", "test-url-pass") } });
    expect(refused.status).toBe(503);
    expect(await errorOf(refused)).toMatch(/does not open/);
    expect(await copied.samples()).toEqual([]);
  });
});
