import type { JsonSchema } from "./schemas";

/**
 * A schema as a person reads it on the API reference page: TypeScript-like, one property per line,
 * optional ones with `?`, enums as unions, shared schemas by name.
 */
export function schemaOutline(schema: JsonSchema | undefined, indent = ""): string {
  if (!schema || Object.keys(schema).length === 0) return "any";
  if (schema.$ref) return schema.$ref.split("/").pop() ?? "any";
  if (Array.isArray(schema.enum)) return schema.enum.map((value) => JSON.stringify(value)).join(" | ");
  if ("const" in schema) return JSON.stringify(schema.const);
  if (schema.anyOf) return schema.anyOf.map((option) => schemaOutline(option, indent)).join(" | ");
  if (Array.isArray(schema.oneOf)) return (schema.oneOf as JsonSchema[]).map((option) => schemaOutline(option, indent)).join(" | ");
  const type = Array.isArray(schema.type) ? schema.type.join(" | ") : schema.type;
  if (type === "array") return `${wrap(schemaOutline(schema.items, indent))}[]`;
  if (type === "object") {
    const properties = Object.entries(schema.properties ?? {});
    const extra = schema.additionalProperties;
    if (properties.length === 0) {
      return extra && typeof extra === "object" ? `{ [key: string]: ${schemaOutline(extra as JsonSchema, indent)} }` : "object";
    }
    const required = new Set(schema.required ?? []);
    const inner = `${indent}  `;
    const lines = properties.map(([name, property]) => {
      const note = property.description ? ` // ${String(property.description).replace(/\s+/g, " ")}` : "";
      return `${inner}${name}${required.has(name) ? "" : "?"}: ${schemaOutline(property, inner)}${note}`;
    });
    return `{\n${lines.join("\n")}\n${indent}}`;
  }
  if (type === "string" && typeof schema.format === "string") return `string (${schema.format})`;
  return type ?? "any";
}

const wrap = (outline: string) => (outline.includes(" | ") ? `(${outline})` : outline);
