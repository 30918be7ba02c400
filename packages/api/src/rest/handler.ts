import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { MAX_API_BODY_BYTES, readBodyWithin } from "../request-body";
import { TRPCError } from "@trpc/server";
import { bearerToken, createContext } from "../context";
import { errorData, toTRPCError } from "../errors";
import { appRouter } from "../routers/app";
import type { ApiServices } from "../services";
import { API_PREFIX, openApiDocument } from "./openapi";
import { pathParams, REST_OPERATIONS, type RestOperation, procedureOf } from "./operations";
import { inputSchemaOf, type JsonSchema, typeOf } from "./schemas";

/** A request body up to this size is read; a bigger one is refused unread (an edited body may be 10 MiB, as a webhook's). */
export const MAX_REST_BODY_BYTES = MAX_API_BODY_BYTES;

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers } });

const problem = (status: number, code: string, message: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  json(status, { error: { code, message, ...extra } }, headers);

class RequestProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface Route {
  operation: RestOperation;
  pattern: RegExp;
  params: string[];
}

const routes: Route[] = REST_OPERATIONS.map((operation) => ({
  operation,
  params: pathParams(operation.path),
  pattern: new RegExp(`^${operation.path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\\?\{\w+\\?\}/g, "([^/]+)")}$`),
}));

function decodeSegment(value: string, name: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new RequestProblem(400, "BAD_REQUEST", `${name}: not a valid URL path segment`);
  }
}

const inputSchemas = new Map<string, JsonSchema | null>();
function inputSchema(operation: RestOperation): JsonSchema | null {
  if (!inputSchemas.has(operation.operationId)) inputSchemas.set(operation.operationId, inputSchemaOf(procedureOf(operation)));
  return inputSchemas.get(operation.operationId) ?? null;
}

/**
 * A GET's input from its query string, typed by the procedure's input schema: numbers and booleans
 * as such, arrays from repeated parameters or commas, objects from `name[key]` (OpenAPI's
 * deepObject). What does not convert stays a string, so the procedure's validation names the field.
 * Only the schema's own parameters are taken (anything else is a 400), into objects without a
 * prototype: `__proto__[x]=…` names nothing here and changes nothing anywhere.
 */
function queryInput(url: URL, schema: JsonSchema | null): Record<string, unknown> {
  const properties = schema?.properties ?? {};
  const known = (name: string) => Object.hasOwn(properties, name);
  const input: Record<string, unknown> = Object.create(null);
  const scalar = (value: string, type: string | undefined): unknown => {
    if ((type === "integer" || type === "number") && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
    if (type === "boolean" && (value === "true" || value === "false")) return value === "true";
    return value;
  };
  for (const [key, value] of url.searchParams) {
    const deep = /^(\w+)\[(\w+)\]$/.exec(key);
    if (deep) {
      const [, name, field] = deep as unknown as [string, string, string];
      const fields = properties[name]?.properties ?? {};
      if (!known(name) || typeOf(properties[name]) !== "object" || !Object.hasOwn(fields, field)) {
        throw new RequestProblem(400, "BAD_REQUEST", `${key}: not a parameter of this endpoint (see ${API_PREFIX}/openapi.json)`);
      }
      if (!Object.hasOwn(input, name)) input[name] = Object.create(null);
      const target = input[name] as Record<string, unknown>;
      if (typeof target !== "object" || target === null) throw new RequestProblem(400, "BAD_REQUEST", `${name}: given both as a value and as ${name}[…]`);
      target[field] = scalar(value, typeOf(fields[field]));
      continue;
    }
    if (!known(key)) throw new RequestProblem(400, "BAD_REQUEST", `${key}: not a parameter of this endpoint (see ${API_PREFIX}/openapi.json)`);
    const type = typeOf(properties[key]);
    if (type === "array") {
      const itemType = typeOf(properties[key]?.items);
      const values = value.split(",").filter((v) => v !== "").map((v) => scalar(v, itemType));
      input[key] = [...((input[key] as unknown[] | undefined) ?? []), ...values];
    } else if (Object.hasOwn(input, key)) {
      throw new RequestProblem(400, "BAD_REQUEST", `${key}: given more than once`);
    } else {
      input[key] = scalar(value, type);
    }
  }
  return input;
}

async function bodyInput(request: Request): Promise<Record<string, unknown>> {
  const read = await readBodyWithin(request, MAX_REST_BODY_BYTES);
  if ("tooLarge" in read) throw new RequestProblem(413, "PAYLOAD_TOO_LARGE", read.tooLarge);
  const text = read.body.toString("utf8");
  if (text.trim() === "") return {};
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) throw new RequestProblem(415, "UNSUPPORTED_MEDIA_TYPE", "body: send JSON with `Content-Type: application/json`");
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new RequestProblem(400, "BAD_REQUEST", `body: not valid JSON (${(error as Error).message})`);
  }
  if (!body || typeof body !== "object" || Array.isArray(body)) throw new RequestProblem(400, "BAD_REQUEST", "body: must be a JSON object");
  return body as Record<string, unknown>;
}

/** Calls an operation's procedure as the token's caller would through tRPC: same roles, scoping and errors. */
async function call(operation: RestOperation, ctx: Awaited<ReturnType<typeof createContext>>, input: unknown): Promise<unknown> {
  let target: unknown = appRouter.createCaller(ctx);
  for (const part of operation.procedure.split(".")) target = (target as Record<string, unknown>)[part];
  return (target as (input: unknown) => Promise<unknown>)(input);
}

function errorResponse(error: unknown, operation: RestOperation): Response {
  const trpcError = error instanceof TRPCError ? toTRPCError(error) : new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: error });
  const status = getHTTPStatusCodeFromError(trpcError);
  if (status >= 500) {
    console.error(`api/v1 ${operation.operationId}:`, error);
    return problem(status, trpcError.code, "internal error: the server's log has the details");
  }
  const data = errorData(trpcError);
  return problem(status, trpcError.code, trpcError.message, {
    ...(data.issues ? { issues: data.issues } : {}),
    ...(data.zodError ? { fields: data.zodError.fieldErrors } : {}),
  });
}

/**
 * `/api/v1/…`: the REST API (see operations.ts). Only API tokens sign in here
 * (`Authorization: Bearer …`): a browser's session cookie does not, so no other site can make a
 * signed-in person's browser call it. `GET /api/v1/openapi.json` needs no token.
 */
export async function restResponse(services: ApiServices, request: Request): Promise<Response> {
  const url = new URL(request.url);
  const path = url.pathname.startsWith(API_PREFIX) ? url.pathname.slice(API_PREFIX.length).replace(/\/+$/, "") || "/" : url.pathname;
  const method = request.method.toLowerCase();
  if (path === "/openapi.json") {
    if (method !== "get" && method !== "head") return problem(405, "METHOD_NOT_SUPPORTED", `${request.method} ${url.pathname}: only GET`, {}, { allow: "GET" });
    return json(200, openApiDocument(), { "cache-control": "public, max-age=300", "access-control-allow-origin": "*" });
  }
  const matching = routes.filter((route) => route.pattern.test(path));
  const route = matching.find((r) => r.operation.method === method);
  if (!route) {
    if (matching.length > 0) {
      const allow = matching.map((r) => r.operation.method.toUpperCase()).join(", ");
      return problem(405, "METHOD_NOT_SUPPORTED", `${request.method} ${url.pathname}: this path takes ${allow}`, {}, { allow });
    }
    return problem(404, "NOT_FOUND", `${request.method} ${url.pathname}: no such endpoint (see ${API_PREFIX}/openapi.json)`);
  }
  const { operation } = route;
  const token = bearerToken(request.headers);
  if (!token) {
    return problem(401, "UNAUTHORIZED", "send an API token as `Authorization: Bearer <token>` (the web app: Settings → API tokens; `npm start` also prints an admin token)", {}, {
      "www-authenticate": 'Bearer realm="interflow"',
    });
  }
  try {
    // the token alone: no cookie (nor workspace header) of the request can sign anyone in here
    const ctx = await createContext({ services, headers: new Headers({ authorization: `Bearer ${token}` }) });
    if (!ctx.caller) return problem(401, "UNAUTHORIZED", ctx.refusal ?? "the API token is not valid", {}, { "www-authenticate": 'Bearer realm="interflow", error="invalid_token"' });
    const values = route.pattern.exec(path)?.slice(1) ?? [];
    const params = Object.fromEntries(route.params.map((name, i) => [name, decodeSegment(values[i] as string, name)]));
    const given = method === "get" ? queryInput(url, inputSchema(operation)) : await bodyInput(request);
    for (const name of route.params) {
      if (Object.hasOwn(given, name) && given[name] !== params[name]) throw new RequestProblem(400, "BAD_REQUEST", `${name}: given in the path and differently in the ${method === "get" ? "query" : "body"}`);
    }
    const hasInput = inputSchema(operation) !== null;
    const result = await call(operation, ctx, hasInput ? { ...given, ...params } : undefined);
    return json(operation.created ? 201 : 200, result ?? null);
  } catch (error) {
    if (error instanceof RequestProblem) return problem(error.status, error.code, error.message);
    return errorResponse(error, operation);
  }
}
