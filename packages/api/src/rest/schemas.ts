import type { AnyProcedure } from "@trpc/server";
import { z } from "zod";

/** A JSON Schema (2020-12, the dialect of OpenAPI 3.1) as zod writes it. */
export type JsonSchema = Record<string, unknown> & {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  $defs?: Record<string, JsonSchema>;
  $ref?: string;
};

function toJsonSchema(schema: unknown, io: "input" | "output"): JsonSchema {
  // a transform or a custom check has no JSON Schema: it is documented as "any value" rather than failing the document
  return z.toJSONSchema(schema as z.ZodType, { io, target: "draft-2020-12", unrepresentable: "any", reused: "inline", cycles: "ref" }) as JsonSchema;
}

/** What a procedure takes, as one JSON Schema object (several `.input()`s are merged), or null when it takes nothing. */
export function inputSchemaOf(procedure: AnyProcedure): JsonSchema | null {
  const inputs = (procedure._def as { inputs: unknown[] }).inputs;
  if (inputs.length === 0) return null;
  const schemas = inputs.map((input) => toJsonSchema(input, "input"));
  if (schemas.length === 1) return schemas[0] as JsonSchema;
  return {
    type: "object",
    properties: Object.assign({}, ...schemas.map((s) => s.properties ?? {})),
    required: [...new Set(schemas.flatMap((s) => s.required ?? []))],
  };
}

/** What a procedure answers, or null when it declares no output schema. */
export function outputSchemaOf(procedure: AnyProcedure): JsonSchema | null {
  const output = (procedure._def as { output?: unknown }).output;
  return output ? toJsonSchema(output, "output") : null;
}

/** The type a property takes, looking through `anyOf` (nullable, unions): the first that is not null. */
export function typeOf(schema: JsonSchema | undefined): string | undefined {
  if (!schema) return undefined;
  if (typeof schema.type === "string") return schema.type;
  if (Array.isArray(schema.type)) return schema.type.find((t) => t !== "null");
  for (const option of schema.anyOf ?? []) {
    const type = typeOf(option);
    if (type && type !== "null") return type;
  }
  return undefined;
}
