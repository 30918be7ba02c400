import { randomUUID } from "node:crypto";
import { addWorkspaceMember, createApiToken, createWorkspace, type EncryptionKey, parseEncryptionKey, recordTransition, type WorkspaceRole } from "@interflow/db";
import type { FlowDocument, FlowEvent, FlowState } from "@interflow/flow";
import { type ControlCommand, controlCommandSchema } from "@interflow/queue";
import { hashPassword } from "better-auth/crypto";
import { afterAll } from "vitest";
import { z } from "zod";
import { createContext } from "../context";
import { appRouter } from "../routers/app";
import { type ApiServices, closeApiServices, createApiServices } from "../services";
import { TEST_COMPONENTS } from "./test-components";

export const GATEWAY_URL = "http://gateway.test:3001";

/** The fixed INTERFLOW_ENCRYPTION_KEY of the API tests (never a key of any installation). */
export const TEST_ENCRYPTION_KEY = parseEncryptionKey("6a0f3c1e9b7d25486e1f0a3b9c7d2e5f41a8b6c0d3e9f7a2b5c8d1e4f0a7b3c6");

/**
 * Redis database of the API tests: control commands land there, out of reach of a worker
 * that other packages' tests may run at the same time on database 0.
 */
const API_TESTS_REDIS_DB = 9;

function testEnv() {
  return z.object({ DATABASE_URL: z.string().url(), REDIS_URL: z.string().url() }).parse(process.env);
}

/** The Redis of the API tests (`db`: another database of the same server, e.g. one no worker serves). */
export function apiTestRedisUrl(db = API_TESTS_REDIS_DB): string {
  const redisUrl = new URL(testEnv().REDIS_URL);
  redisUrl.pathname = `/${db}`;
  return redisUrl.toString();
}

/**
 * Services on the real PostgreSQL and Redis of the vitest globalSetup, closed after the test file.
 * Their components are the built-ins and the test's own (see test-components.ts).
 */
export function useTestServices(p: { redisDb?: number; stepTestTimeLimitMs?: number; encryptionKey?: EncryptionKey | null; openWorkspaces?: boolean } = {}): ApiServices {
  const services = createApiServices({
    databaseUrl: testEnv().DATABASE_URL,
    redisUrl: apiTestRedisUrl(p.redisDb),
    gatewayUrl: `${GATEWAY_URL}/`,
    components: TEST_COMPONENTS,
    stepTestTimeLimitMs: p.stepTestTimeLimitMs,
    encryptionKey: p.encryptionKey === undefined ? TEST_ENCRYPTION_KEY : p.encryptionKey,
    openWorkspaces: p.openWorkspaces,
  });
  afterAll(() => closeApiServices(services));
  return services;
}

export type ApiCaller = ReturnType<typeof appRouter.createCaller>;

export async function callerFor(services: ApiServices, headers: Record<string, string> = {}): Promise<ApiCaller> {
  return appRouter.createCaller(await createContext({ services, headers: new Headers(headers) }));
}

/** A fresh workspace with a token, and a caller acting with that token. */
export async function newTenant(services: ApiServices, p: { limited?: boolean } = {}) {
  const workspace = await createWorkspace(services.db, { name: `api test ${Math.random().toString(36).slice(2, 8)}`, limited: p.limited });
  const { id: tokenId, token } = await createApiToken(services.db, { workspaceId: workspace.id, name: "ci" });
  const caller = await callerFor(services, { authorization: `Bearer ${token}` });
  return { workspaceId: workspace.id, tokenId, token, caller };
}

/** Moves a flow along transitions the way the worker would. */
export async function moveFlow(services: ApiServices, flowId: string, steps: Array<[FlowState, FlowEvent, FlowState]>): Promise<void> {
  for (const [from, event, to] of steps) await recordTransition(services.db, { flowId, from, to, event, cause: `test: ${event}` });
}

/** The control commands waiting for the worker about one flow (and removes them from the queue). */
export async function takeControlCommands(services: ApiServices, flowId: string): Promise<ControlCommand[]> {
  const jobs = await services.controlQueue.getJobs(["waiting", "delayed", "prioritized"]);
  const mine = jobs.filter((job) => job?.data?.flowId === flowId);
  for (const job of mine) await job.remove();
  return mine.map((job) => controlCommandSchema.parse(job.data));
}

export function webhookFlow(name = "Orders to CRM"): FlowDocument {
  return {
    schema: "interflow/flow@1",
    name,
    type: "ordinary",
    nodes: [
      { id: "hook", component: "webhook", function: "receive", config: {}, position: { x: 0, y: 0 } },
      { id: "shape", component: "transform", function: "map", config: { expression: "{ 'id': order.id }" }, position: { x: 200, y: 0 } },
      { id: "send", component: "http", function: "request", config: { url: "http://crm.example.test/orders" }, position: { x: 400, y: 0 } },
    ],
    edges: [
      { source: "hook", target: "shape" },
      { source: "shape", target: "send" },
    ],
  };
}

export const TEST_PASSWORD = "correct horse battery";

/** `set-cookie` headers of a better-auth answer, as the `cookie` header a browser would send back. */
export function cookieHeaderOf(headers: Headers): string {
  return headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0])
    .join("; ");
}

/**
 * A person (an account with a password, as sign-up would make it; sign-up itself is closed once
 * an installation has its owner) who is a member of `workspaceId` with `role`, signed in: `cookie`
 * is their session cookie and `caller` acts with it.
 */
export async function newPerson(services: ApiServices, p: { workspaceId: string; role: WorkspaceRole; installationAdmin?: boolean }) {
  const id = `person-${randomUUID()}`;
  const email = `${id}@example.test`;
  await services.db.prisma.user.create({
    data: { id, email, name: "Test Person", installationAdmin: p.installationAdmin ?? false, accounts: { create: { id: randomUUID(), accountId: id, providerId: "credential", password: await hashPassword(TEST_PASSWORD) } } },
  });
  await addWorkspaceMember(services.db, { workspaceId: p.workspaceId, userId: id, role: p.role });
  const signedIn = await services.auth.api.signInEmail({ body: { email, password: TEST_PASSWORD }, returnHeaders: true });
  const cookie = cookieHeaderOf(signedIn.headers);
  return { userId: id, email, cookie, caller: await callerFor(services, { cookie }) };
}

/** An API token of a member (it acts with their role in `workspaceId`), and a caller acting with it. */
export async function newPersonToken(services: ApiServices, p: { workspaceId: string; userId: string; name?: string; expiresAt?: Date | null }) {
  const { id: tokenId, token } = await createApiToken(services.db, { workspaceId: p.workspaceId, userId: p.userId, name: p.name ?? "laptop", expiresAt: p.expiresAt });
  return { tokenId, token, caller: await callerFor(services, { authorization: `Bearer ${token}` }) };
}

/** A client address of its own for one test: better-auth rate-limits sign-in per address (x-forwarded-for). */
export function uniqueIp(): string {
  const byte = () => Math.floor(Math.random() * 254) + 1;
  return `10.${byte()}.${byte()}.${byte()}`;
}

/** The web app's origin in the tests (the auth baseUrl of `useTestServices`). */
export const APP_ORIGIN = "http://localhost:3000";

/** A sign-in as the browser sends it, through better-auth's HTTP handler (rate limit, origin check, hooks). */
export function signInOverHttp(
  auth: { handler: (request: Request) => Promise<Response> },
  p: { email: string; password: string; ip: string; origin?: string; baseUrl?: string },
): Promise<Response> {
  const baseUrl = p.baseUrl ?? APP_ORIGIN;
  return auth.handler(
    new Request(`${baseUrl}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: p.origin ?? baseUrl, "x-forwarded-for": p.ip },
      body: JSON.stringify({ email: p.email, password: p.password }),
    }),
  );
}
