import { flowDocumentSchema } from "@interflow/flow";
import { z } from "zod";
import { pathParams, REST_OPERATIONS, type RestOperation, procedureOf } from "./operations";
import { inputSchemaOf, type JsonSchema, outputSchemaOf, typeOf } from "./schemas";

export const API_PREFIX = "/api/v1";

/** Schemas every operation may name: a flow document (what export answers and import takes), an error. */
const SHARED_SCHEMAS: Record<string, JsonSchema> = {
  FlowDocument: z.toJSONSchema(flowDocumentSchema, { io: "input", target: "draft-2020-12", unrepresentable: "any" }) as JsonSchema,
  Error: {
    type: "object",
    required: ["error"],
    properties: {
      error: {
        type: "object",
        required: ["code", "message"],
        properties: {
          code: { type: "string", description: "BAD_REQUEST, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, CONFLICT, PAYLOAD_TOO_LARGE, …" },
          message: { type: "string", description: "what went wrong, naming the field when one is wrong" },
          issues: { type: "array", description: "every issue of an invalid flow document", items: { type: "object" } },
          fields: { type: "object", description: "invalid input: field → its messages", additionalProperties: { type: "array", items: { type: "string" } } },
        },
      },
    },
  },
};

/** Properties of an operation's body that are shared schemas, by name. */
const BODY_REFS: Partial<Record<string, Record<string, string>>> = { importFlow: { document: "FlowDocument" } };
const OUTPUT_REFS: Partial<Record<string, Record<string, string>>> = { exportFlow: { document: "FlowDocument" } };

/**
 * Makes a zod-written schema fit in the document: its `$defs` become components named after the
 * operation (a `$ref: "#/$defs/x"` resolves against the whole document in OpenAPI), `$schema` goes
 * (the document declares the dialect once), and a date-time keeps its format without zod's long
 * pattern.
 */
function place(schema: JsonSchema, name: string, components: Record<string, JsonSchema>): JsonSchema {
  const { $defs, ...rest } = schema;
  const local = (ref: string) => `#/components/schemas/${name}.${ref.slice("#/$defs/".length)}`;
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (!value || typeof value !== "object") return value;
    const out: Record<string, unknown> = {};
    const node = value as JsonSchema;
    for (const [key, child] of Object.entries(node)) {
      if (key === "$schema") continue;
      if (key === "pattern" && node.format === "date-time") continue;
      if (key === "$ref" && typeof child === "string") {
        if (child === "#") throw new Error(`${name}: a schema that refers to itself needs a name`);
        out.$ref = child.startsWith("#/$defs/") ? local(child) : child;
        continue;
      }
      out[key] = walk(child);
    }
    return out;
  };
  for (const [key, def] of Object.entries($defs ?? {})) components[`${name}.${key}`] = walk(def) as JsonSchema;
  return walk(rest) as JsonSchema;
}

function withRefs(schema: JsonSchema, refs: Record<string, string> | undefined): JsonSchema {
  if (!refs || !schema.properties) return schema;
  const properties = { ...schema.properties };
  for (const [property, ref] of Object.entries(refs)) properties[property] = { $ref: `#/components/schemas/${ref}` };
  return { ...schema, properties };
}

function parametersOf(operation: RestOperation, input: JsonSchema | null) {
  const properties = input?.properties ?? {};
  const required = new Set(input?.required ?? []);
  const inPath = pathParams(operation.path);
  const parameters: Record<string, unknown>[] = inPath.map((name) => ({
    name,
    in: "path",
    required: true,
    schema: properties[name] ?? { type: "string" },
    description: name === "id" ? "the flow's id" : undefined,
  }));
  if (operation.method === "get") {
    for (const [name, schema] of Object.entries(properties)) {
      if (inPath.includes(name)) continue;
      const type = typeOf(schema);
      parameters.push({
        name,
        in: "query",
        required: required.has(name) && schema.default === undefined,
        schema,
        ...(type === "object" ? { style: "deepObject", explode: true } : type === "array" ? { style: "form", explode: true, description: "repeat the parameter, or separate values with commas" } : {}),
      });
    }
  }
  return parameters.map((p) => Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)));
}

function bodyOf(operation: RestOperation, input: JsonSchema | null): JsonSchema | null {
  if (operation.method === "get" || !input?.properties) return null;
  const inPath = new Set(pathParams(operation.path));
  const properties = Object.fromEntries(Object.entries(input.properties).filter(([name]) => !inPath.has(name)));
  if (Object.keys(properties).length === 0) return null;
  const required = (input.required ?? []).filter((name) => !inPath.has(name));
  return withRefs({ type: "object", properties, ...(required.length > 0 ? { required } : {}) }, BODY_REFS[operation.operationId]);
}

const errorResponse = (description: string) => ({ description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } });

let generated: Record<string, unknown> | undefined;

/** The OpenAPI 3.1 document of `/api/v1`, generated from REST_OPERATIONS and the procedures' schemas (once per process). */
export function openApiDocument(): Record<string, unknown> {
  if (generated) return generated;
  const components: Record<string, JsonSchema> = { ...SHARED_SCHEMAS };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of REST_OPERATIONS) {
    const procedure = procedureOf(operation);
    const rawInput = inputSchemaOf(procedure);
    const input = rawInput ? place(rawInput, `${operation.operationId}Input`, components) : null;
    const rawOutput = outputSchemaOf(procedure);
    const output = rawOutput ? withRefs(place(rawOutput, `${operation.operationId}Output`, components), OUTPUT_REFS[operation.operationId]) : {};
    const body = bodyOf(operation, input);
    const parameters = parametersOf(operation, input);
    const path = `${API_PREFIX}${operation.path}`;
    paths[path] ??= {};
    (paths[path] as Record<string, unknown>)[operation.method] = {
      operationId: operation.operationId,
      tags: [operation.tag],
      summary: operation.summary,
      ...(operation.description ? { description: operation.description } : {}),
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(body ? { requestBody: { required: (body.required?.length ?? 0) > 0, content: { "application/json": { schema: body } } } } : {}),
      responses: {
        [operation.created ? "201" : "200"]: { description: operation.created ? "Created" : "OK", content: { "application/json": { schema: output } } },
        "400": errorResponse("Invalid input, or a parameter the endpoint does not take: the message names it"),
        "401": errorResponse("No API token, or one that is unknown, revoked or expired"),
        "403": errorResponse("The token's role may not do this (viewers only look)"),
        "404": errorResponse("No such flow, execution or message in the token's workspace"),
        ...(operation.method === "get"
          ? {}
          : {
              "409": errorResponse("Refused: the flow's state does not allow it, or it conflicts with what is there"),
              "413": errorResponse("The body is over 11 MiB"),
              "415": errorResponse("The body is not JSON (`Content-Type: application/json`)"),
            }),
      },
    };
  }
  generated = {
    openapi: "3.1.0",
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    info: {
      title: "Interflow API",
      version: "1",
      description:
        "Flows, their executions and failed messages, and credentials (names only) of the workspace an API token belongs to. Every call sends the token as `Authorization: Bearer <token>` (the web app: Settings → API tokens; `npm start` also prints an admin token); a token acts with its owner's role. Errors answer `{ \"error\": { \"code\", \"message\" } }` with a 4xx status.",
      license: { name: "Apache-2.0", identifier: "Apache-2.0" },
    },
    tags: [
      { name: "Flows", description: "Import, export, start, stop, suspend and resume flows; their state and health." },
      { name: "Executions", description: "What happened to every message: each step's input, output and error; replay." },
      { name: "Failed messages", description: "Messages that exhausted their retries: retry (optionally with an edited body) or discard." },
      { name: "Credentials", description: "The workspace's credentials by name and kind; secrets are never returned." },
    ],
    security: [{ bearerAuth: [] }],
    paths,
    components: {
      schemas: components,
      securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", description: "An Interflow API token" } },
    },
  };
  return generated;
}
