import { randomUUID } from "node:crypto";
import { bodyShapeProblem } from "./body-shape";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { builtinComponents, judgeHead, needsBody, type WebhookCredential } from "@interflow/components";
import type { MessageEnvelope } from "@interflow/flow";
import { checkRedis, clientAddress, createControlQueue, createRedis, flowQueuePrefix, openRouteAuth, parseTrustedProxies, readiness, type Route, sendControlCommand, StepStats, WEBHOOK_KEY_VARIABLE } from "@interflow/queue";
import type { TriggerFunction } from "@interflow/sdk";
import { Queue } from "bullmq";
import { collectDefaultMetrics, Registry } from "prom-client";
import { Backlog } from "./backlog";
import { IngressBudget } from "./ingress-budget";
import { IngressIdempotency } from "./ingress-idempotency";
import { directWrite } from "./direct-entry";
import { EnqueueBatcher, queueWrite } from "./enqueue-batcher";
import type { GatewayEnv } from "./env";
import { ENQUEUE_DEADLINE_MS, reportConnection, withDeadline } from "./readiness";
import { reply } from "./reply";
import { parseQuery } from "./request-body";
import { takeWebhookRate } from "./webhook-rates";
import { bodyAuthentication } from "./body-authentication";
import { takeTriggerRequest } from "./trigger-request";
import { RouteTable } from "./route-table";
import { WebhookAnswers } from "./webhook-answers";
import { handleTestRequest, TEST_HOOK_PATH } from "./test-hook";

interface Entry {
  route: Route;
  trigger: TriggerFunction<unknown>;
  config: unknown;
  /** the queues it fills: the trigger's, or (direct entry) the trigger's next steps' */
  queues: Queue[];
  batcher: EnqueueBatcher;
  backlogs: Backlog[];
  /** the trigger step's counters, when the gateway hands its messages on itself (direct entry) */
  stats?: StepStats;
  /** how senders authenticate (see packages/components webhook/authentication.ts); none: anyone with the URL */
  auth?: { credential: WebhookCredential } | { problem: string };
}

const WAKE_REQUEST_INTERVAL_MS = 2_000;

const HOOK_PATH = /^\/hook\/([A-Za-z0-9_-]+)(\/[^?]*)?(?:\?(.*))?$/;

export type GatewayLog = (level: "info" | "warn" | "error", msg: string, fields?: Record<string, unknown>) => void;

export interface RunningGateway {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/**
 * Webhook ingress: answers 202 with the message id only once the message is durably in the flow's
 * first queue; 404 for unknown or stopped flows; 413 past the body limit; 400 for bodies the
 * trigger refuses. Test requests (`/test-hook/<flowId>`) go to the designer, not to the flow.
 */
export async function startGateway(env: GatewayEnv, log: GatewayLog = () => {}): Promise<RunningGateway> {
  // No offline queue: while Redis is unreachable a webhook gets 503 at once instead of hanging
  // (and being queued twice when the sender retries). No command timeout either: under a flood a
  // slow answer is still an answer, and a timed-out backlog count would let the queue past its
  // limit; a webhook waits at most ENQUEUE_DEADLINE_MS for its message to be queued (below).
  // BullMQ's connection (the queues load its Lua scripts into it) takes its commands one by one:
  // ioredis copies every script onto each pipeline it builds, per auto-pipelined flush and per
  // multi(); the gateway's own counters go through a connection without them, pipelined
  const redis = createRedis(env.REDIS_URL, { enableOfflineQueue: false, lazyConnect: true, enableAutoPipelining: false });
  reportConnection(redis, "gateway", log);
  await redis.connect();
  const counters = createRedis(env.REDIS_URL, { enableOfflineQueue: false, lazyConnect: true });
  counters.on("error", () => {}); // reported through the main connection; it reconnects by itself
  await counters.connect();
  const subscriber = createRedis(env.REDIS_URL, { enableAutoPipelining: false });
  subscriber.on("error", () => {}); // reported through the main connection; it reconnects and subscribes again by itself
  const routes = await RouteTable.open(redis, subscriber);
  // this process's metrics (GET /metrics): Node's own, and its answers to webhooks by status
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "interflow_gateway_" });
  const answers = new WebhookAnswers(counters, registry);
  const entries = new Map<string, Entry>();
  const idempotency = new IngressIdempotency(counters);
  const trustedProxies = env.INTERFLOW_TRUSTED_PROXIES ?? parseTrustedProxies("");
  const budget = new IngressBudget({ bodies: env.INTERFLOW_GATEWAY_MAX_BODIES ?? 1_000, bytes: env.INTERFLOW_GATEWAY_MAX_BODY_BYTES ?? 256 * 1024 * 1024 });
  const control = createControlQueue(redis);
  // one wake request per sleeping flow at a time from this gateway; the worker ignores extra ones
  const wakeRequested = new Map<string, number>();
  const wake = (route: Route) => {
    const now = Date.now();
    if (now - (wakeRequested.get(route.flowId) ?? 0) < WAKE_REQUEST_INTERVAL_MS) return;
    wakeRequested.set(route.flowId, now);
    sendControlCommand(control, { type: "wake", flowId: route.flowId, workspaceId: route.workspaceId, cause: "woken by a webhook" }).catch(() => {
      wakeRequested.delete(route.flowId); // the next webhook asks again
    });
  };

  const closeEntry = (entry: Entry) => {
    for (const queue of entry.queues) void queue.close();
    void entry.stats?.close().catch(() => {});
  };
  const entryFor = (route: Route): Entry | undefined => {
    const cached = entries.get(route.flowId);
    if (cached && cached.route === route) return cached;
    const fn = builtinComponents.find((c) => c.name === route.component)?.functions[route.function];
    if (fn?.kind !== "trigger" || !fn.parseRequest) return undefined;
    if (cached) closeEntry(cached);
    const prefix = flowQueuePrefix(route.flowId);
    const config = fn.config.parse(route.config);
    let entry: Entry;
    if (route.entry) {
      // the trigger only passes its message on: straight to its next steps' queues
      const queues = route.entry.next.map((stepId) => new Queue(stepId, { connection: redis, prefix }));
      const backlogs = route.entry.next.map((stepId) => new Backlog(counters, route.flowId, stepId, route.limits));
      const stats = new StepStats(counters, route.flowId, route.triggerStepId);
      const batcher = new EnqueueBatcher(directWrite({ redis, route: { ...route, entry: route.entry }, queues, backlogs, stats }));
      entry = { route, trigger: fn, config, queues, batcher, backlogs, stats, auth: authOf(route) };
    } else {
      const queue = new Queue(route.triggerStepId, { connection: redis, prefix });
      const backlog = new Backlog(counters, route.flowId, route.triggerStepId, route.limits);
      const batcher = new EnqueueBatcher(queueWrite(queue, (messages, bytes) => backlog.added(messages, bytes)));
      entry = { route, trigger: fn, config, queues: [queue], batcher, backlogs: [backlog], auth: authOf(route) };
    }
    entries.set(route.flowId, entry);
    return entry;
  };

  /** The route's credential opened with this gateway's webhook key; a problem (every request refused, 503) when it cannot be */
  const authOf = (route: Route): Entry["auth"] => {
    if (!route.auth) return undefined;
    if (route.auth.problem || !route.auth.sealed) return { problem: route.auth.problem ?? "the webhook's credential was not sealed for the gateways" };
    if (!env[WEBHOOK_KEY_VARIABLE]) return { problem: `this gateway has no ${WEBHOOK_KEY_VARIABLE} to check the webhook's credential with` };
    try {
      return { credential: openRouteAuth({ webhookKey: env[WEBHOOK_KEY_VARIABLE], route, sealed: route.auth.sealed }) };
    } catch (error) {
      log("error", "a webhook's credential could not be opened: its requests are refused", { flowId: route.flowId, error: (error as Error).message });
      return { problem: `the webhook's credential cannot be opened by this gateway (its ${WEBHOOK_KEY_VARIABLE} is not the worker's?)` };
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const target = req.url ?? "/";
    // alive: the process answers (a supervisor restarts it otherwise)
    if (target === "/healthz") return reply(res, 200, { ok: true });
    // ready: it can accept webhooks (its Redis answers); a load balancer sends them elsewhere otherwise
    if (target === "/readyz") {
      const { status, body } = readiness({ redis: await checkRedis(redis) });
      return reply(res, status, body);
    }
    const testMatch = TEST_HOOK_PATH.exec(target);
    if (testMatch) return handleTestRequest({ req, res, match: testMatch, redis, bodyLimit: env.INTERFLOW_BODY_LIMIT, webhookKey: env[WEBHOOK_KEY_VARIABLE] });
    if (target === "/metrics") {
      res.writeHead(200, { "content-type": registry.contentType });
      return void res.end(await registry.metrics());
    }
    const match = HOOK_PATH.exec(target);
    if (!match) return reply(res, 404, { error: `no such endpoint: ${target.split("?")[0]}; webhooks are POST /hook/<flowId>` });
    // the URL's segment: the flow's webhook path (its id until the URL is rotated)
    const segment = match[1] as string;
    const route = routes.byPath(segment);
    const flowId = route?.flowId ?? segment;
    res.once("finish", () => answers.count(route ? flowId : undefined, res.statusCode));
    const entry = route && entryFor(route);
    if (!entry) {
      req.resume();
      const builtin = route && builtinComponents.find((c) => c.name === route.component);
      const polls = builtin?.functions[route?.function ?? ""];
      // a custom component's triggers all poll (webhooks come in through the webhook component)
      if ((polls?.kind === "trigger" && polls.poll) || (route && !builtin)) {
        return reply(res, 404, { error: `flow ${flowId} polls its source on a schedule: it takes no webhooks` });
      }
      if (polls?.kind === "trigger" && polls.subscribe) {
        return reply(res, 404, { error: `flow ${flowId} receives its messages from a subscription (${route?.component}): it takes no webhooks` });
      }
      return reply(res, 404, { error: `flow ${flowId} does not exist or is not running` });
    }
    const head = { method: req.method ?? "POST", path: match[2] || "/", query: parseQuery(match[3] ?? ""), headers: req.headers };
    // who sent it, before anything else is read: a refused request is counted (401) and queues nothing
    const auth = entry.auth;
    if (auth && "problem" in auth) {
      req.resume();
      return reply(res, 503, { error: `flow ${flowId} checks who sends its webhooks, and cannot now: ${auth.problem}; nothing was accepted` }, { "retry-after": "60" });
    }
    if (auth) {
      const verdict = judgeHead(head, auth.credential, Date.now());
      if (!verdict.ok) {
        req.resume();
        return reply(res, 401, { error: verdict.message }, { ...verdict.headers, connection: "close" });
      }
    }
    if (entry.route.state === "sleeping") wake(entry.route);
    if (redis.status !== "ready") {
      // nothing can be queued now: the sender keeps the message and tries again
      req.resume();
      return reply(res, 503, { error: `redis is not connected (${redis.status}): nothing was accepted; retry later` }, { "retry-after": "1" });
    }
    // the flow's rates, shared by every gateway: over them 429 with Retry-After, before the body is read;
    // a flow whose senders sign takes from everyone's bucket only once the signature holds (a flood
    // of unsigned requests must not use up what the real sender may send)
    const rate = entry.route.rate;
    const signs = auth !== undefined && needsBody(auth.credential);
    const sender = rate ? clientAddress(req.socket.remoteAddress, req.headers["x-forwarded-for"], trustedProxies) : "";
    const takeRate = (buckets: "flow" | "sender" | "both") => takeWebhookRate(counters, { flowId, sender, rate, buckets });
    const over = await takeRate(signs ? "sender" : "both");
    if (over) {
      req.resume();
      return reply(res, over.status, { error: over.message }, { "retry-after": over.retryAfter });
    }
    if (entry.route.state === "suspended") {
      // the sender keeps the message and tries again later; the flow's queued messages wait for resume
      req.resume();
      return reply(res, 503, { error: `flow ${flowId} is suspended: it takes no messages until it is resumed` }, { "retry-after": "60" });
    }
    const full = fullBacklog(entry);
    if (full) {
      // the sender keeps the message and tries again: nothing is lost
      req.resume();
      return reply(res, 429, { error: `flow ${flowId} has ${full}, its limit; retry later` }, { "retry-after": "1" });
    }
    // the signature (with the body): taken once, given back when the message is not queued after all
    const signed = auth ? bodyAuthentication({ redis: counters, flowId, head, credential: auth.credential, takeFlowRate: () => takeRate("flow") }) : undefined;
    const unmark = async () => signed?.unmark();
    // room to read it, or 503 before a byte of it is read (the sender keeps it and tries again)
    const declared = Number(req.headers["content-length"]);
    const reserved = Number.isFinite(declared) && declared >= 0 ? Math.min(declared, env.INTERFLOW_BODY_LIMIT) : env.INTERFLOW_BODY_LIMIT;
    const busy = budget.take(reserved);
    if (busy) {
      req.resume();
      return reply(res, 503, { error: `${busy}: nothing was accepted; retry later` }, { "retry-after": "1", connection: "close" });
    }
    let taken: Awaited<ReturnType<typeof takeTriggerRequest>>;
    try {
      taken = await takeTriggerRequest({ req, res, trigger: entry.trigger, config: entry.config, head, bodyLimit: env.INTERFLOW_BODY_LIMIT, authenticate: signed?.authenticate });
    } finally {
      budget.release(reserved);
    }
    if (!taken) return;
    const parsed = taken.message;
    // refused as the sender's mistake (sending it again will not help), before anything is queued
    const shapeProblem = bodyShapeProblem(parsed.body);
    if (shapeProblem) return reply(res, 400, { error: `body: ${shapeProblem}; nothing was accepted` });
    // a sender's retry with the same Idempotency-Key: the first one's answer, no copy queued
    const claim = await idempotency.claim(flowId, req.headers["idempotency-key"]).catch(async (error: unknown) => {
      await unmark();
      throw error;
    });
    if (claim.kind === "invalid") return reply(res, 400, { error: claim.message });
    if (claim.kind === "duplicate") return reply(res, 202, { messageId: claim.messageId, duplicate: true });
    if (claim.kind === "pending") {
      // the sender is to send it again in a moment: its signature is not spent
      await unmark();
      return reply(res, 409, { error: "a request with this Idempotency-Key is being queued right now; retry in a moment" }, { "retry-after": "1" });
    }
    const id = randomUUID();
    const message: MessageEnvelope = {
      id,
      body: parsed.body,
      headers: parsed.headers,
      attachments: [],
      steps: {},
      meta: {
        flowId,
        flowVersion: entry.route.flowVersion,
        executionId: id,
        stepId: entry.route.triggerStepId,
        parentMessageId: null,
        traceId: id,
        attempt: 0,
      },
    };
    try {
      // a late success after the deadline only means a copy when the sender retries, never a loss
      await withDeadline(entry.batcher.enqueue(message, taken.bytes), ENQUEUE_DEADLINE_MS, "queueing the message");
    } catch (error) {
      await unmark();
      if (claim.kind === "new") await idempotency.abandon(claim.key);
      const text = (error as Error).message;
      // sent to Redis but not confirmed (it hung): Redis may still carry it out once it answers
      const unconfirmed = /took longer than|timed out/i.test(text);
      const outcome = unconfirmed ? `its queueing was not confirmed in time, so it may arrive once all the same (id ${id}); a retry may deliver it twice` : "nothing was accepted";
      return reply(res, 503, { error: `could not queue the message: ${text}; ${outcome}` }, { "retry-after": "1" });
    }
    // remembered before the answer: a retry after this 202 finds the id (a failure here only means a copy on retry)
    if (claim.kind === "new") await idempotency.confirm(claim.key, id).catch(() => idempotency.abandon(claim.key));
    reply(res, 202, { messageId: id });
  };

  // slow senders: their headers within this, their whole request within that (then 408, connection
  // closed), looked at every second
  const requestTimeout = env.INTERFLOW_GATEWAY_REQUEST_TIMEOUT_MS ?? 30_000;
  const headersTimeout = Math.min(env.INTERFLOW_GATEWAY_HEADERS_TIMEOUT_MS ?? 10_000, requestTimeout);
  const server = createServer({ headersTimeout, requestTimeout, connectionsCheckingInterval: Math.min(1_000, headersTimeout, requestTimeout) }, (req, res) => {
    handle(req, res).catch((error: Error) => {
      if (!res.headersSent) reply(res, 500, { error: `gateway error: ${error.message}` });
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(env.GATEWAY_PORT, env.GATEWAY_HOST, resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : env.GATEWAY_PORT;

  return {
    server,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await answers.close();
      await Promise.all([...entries.values()].flatMap((e) => [...e.queues.map((q) => q.close()), e.stats?.close().catch(() => {})]));
      await control.close();
      await Promise.all([redis.quit(), counters.quit(), subscriber.quit()]);
    },
  };
}

/** The first of the entry's queues at its limit, in words (the trigger's is its first queue), or undefined. */
function fullBacklog(entry: Entry): string | undefined {
  for (const [i, backlog] of entry.backlogs.entries()) {
    const full = backlog.full();
    if (full) return `${full} waiting in ${entry.route.entry ? `the queue of step "${entry.route.entry.next[i]}"` : "its first queue"}`;
  }
  return undefined;
}
