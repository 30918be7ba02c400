import type { FieldDefinition } from "@interflow/sdk";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { builtinComponents } from "./index";

/** The keys a function's config schema knows (its zod object shape). */
function schemaKeys(schema: z.ZodType): string[] {
  const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape) : [];
}

const functions = builtinComponents.flatMap((component) =>
  Object.entries(component.functions).map(([name, fn]) => ({ id: `${component.name}.${name}`, component, fn })),
);

describe("built-in components' forms", () => {
  it.each(functions)("$id declares help and one field per config key, with defaults its schema accepts", ({ component, fn }) => {
    expect(component.help?.description).toBeTruthy();
    expect(fn.help?.description).toBeTruthy();
    const fields: FieldDefinition[] = fn.fields ?? [];
    const keys = schemaKeys(fn.config);
    expect(fields.map((f) => f.key).sort()).toEqual(keys.sort());
    for (const field of fields) {
      expect(field.label, field.key).toBeTruthy();
      if (field.type === "select") expect(field.options.length, field.key).toBeGreaterThan(0);
    }
    // a form filled with the defaults (and an example for required fields) is a valid config
    const example: Record<string, unknown> = Object.fromEntries(fields.filter((f) => f.default !== undefined).map((f) => [f.key, f.default]));
    for (const field of fields.filter((f) => f.required && f.default === undefined)) {
      example[field.key] = field.type === "code" ? "$" : field.type === "number" ? 1 : "https://api.example.com/orders";
    }
    expect(fn.config.safeParse(example).success).toBe(true);
  });
});
