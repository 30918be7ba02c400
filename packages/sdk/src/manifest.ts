import { z } from "zod";
import type { ActionFunction, ComponentDefinition, ComponentFunction, TriggerFunction } from "./component";
import { CREDENTIAL_AUTH_KINDS, type CredentialDefinition } from "./credential";
import type { FieldDefinition, Help, InputSchema } from "./fields";

/**
 * A component described as data: what the platform (API, designer, worker) knows of a custom
 * component without running its code. `interflow component build` writes it from the component's
 * own definition (each function's zod `config` as JSON Schema) and installs it with the image.
 */
export interface ComponentManifest {
  name: string;
  /** the component package's version (package.json) */
  version: string;
  title: string;
  description: string;
  icon: string;
  help?: Help;
  functions: Record<string, FunctionManifest>;
  credentials: CredentialManifest[];
  /** the names of its options functions (for dynamic-select fields) */
  options: string[];
}

export interface FunctionManifest {
  kind: "trigger" | "action";
  title: string;
  description: string;
  help?: Help;
  fields?: FieldDefinition[];
  input?: InputSchema;
  /** triggers: asks its source on the flow's schedule */
  polling: boolean;
  /** the `config` schema as JSON Schema (draft 2020-12), its input side (defaults optional) */
  configSchema: Record<string, unknown>;
}

export interface CredentialManifest {
  authKind: CredentialDefinition["authKind"];
  title: string;
  fields: FieldDefinition[];
  help?: Help;
  canVerify: boolean;
}

/** The image `interflow component build` makes of a component's code: its tag says the version and the code's digest (hex sha256). */
export function componentImageOf(name: string, version: string, bundleSha256: string): string {
  return `interflow/component-${name}:${version}-${bundleSha256.slice(0, 12)}`;
}

const NAME = /^[a-z][a-z0-9-]*$/;
/** semver-like: 1.2.3, 1.2.3-beta.1 */
const VERSION = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;
const MAX_MANIFEST_BYTES = 256 * 1024;

const helpSchema = z.object({ description: z.string().max(2_000), link: z.string().max(2_000).optional() });
const fieldSchema = z.looseObject({ key: z.string().min(1).max(100), label: z.string().max(200), type: z.string().min(1) });

/** How an uploaded manifest is checked: every message names the field at fault. */
export const componentManifestSchema: z.ZodType<ComponentManifest> = z
  .object({
    name: z.string().regex(NAME, "name: lower-case letters, digits and dashes, starting with a letter").max(60, "name: at most 60 characters"),
    version: z.string().regex(VERSION, "version: a version like 1.0.0"),
    title: z.string().min(1, "title: required").max(100),
    description: z.string().max(2_000),
    icon: z.string().max(60),
    help: helpSchema.optional(),
    functions: z
      .record(
        z.string().regex(/^[a-z][a-zA-Z0-9-]*$/, "functions: a function name is lower camel or kebab case"),
        z.object({
          kind: z.enum(["trigger", "action"]),
          title: z.string().min(1).max(100),
          description: z.string().max(2_000),
          help: helpSchema.optional(),
          fields: z.array(fieldSchema).max(100).optional(),
          input: z
            .object({ fields: z.array(z.looseObject({ key: z.string(), label: z.string(), type: z.string() })), additional: z.boolean(), help: helpSchema.optional() })
            .optional(),
          polling: z.boolean(),
          configSchema: z.record(z.string(), z.unknown()),
        }),
      )
      .refine((fns) => Object.keys(fns).length > 0, "functions: a component has at least one trigger or action"),
    credentials: z.array(
      z.object({
        authKind: z.enum(CREDENTIAL_AUTH_KINDS),
        title: z.string().min(1).max(100),
        fields: z.array(fieldSchema).max(50),
        help: helpSchema.optional(),
        canVerify: z.boolean(),
      }),
    ),
    options: z.array(z.string()),
  })
  .superRefine((manifest, ctx) => {
    for (const [name, fn] of Object.entries(manifest.functions)) {
      // a webhook reaches a flow through the gateway, whose request parsing is the built-in webhook component's
      if (fn.kind === "trigger" && !fn.polling) {
        ctx.addIssue({ code: "custom", path: ["functions", name], message: `functions.${name}: a custom trigger must poll its source (define poll); webhooks come in through the webhook component` });
      }
      try {
        z.fromJSONSchema(fn.configSchema as Parameters<typeof z.fromJSONSchema>[0]);
      } catch (error) {
        ctx.addIssue({ code: "custom", path: ["functions", name, "configSchema"], message: `functions.${name}.configSchema: not a JSON Schema zod can read (${error instanceof Error ? error.message : String(error)})` });
      }
    }
    if (Buffer.byteLength(JSON.stringify(manifest)) > MAX_MANIFEST_BYTES) {
      ctx.addIssue({ code: "custom", path: [], message: `manifest: larger than ${MAX_MANIFEST_BYTES / 1024} KB` });
    }
  }) as unknown as z.ZodType<ComponentManifest>;

function functionManifestOf(fn: ComponentFunction): FunctionManifest {
  let configSchema: Record<string, unknown>;
  try {
    configSchema = z.toJSONSchema(fn.config, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`its config schema cannot be written as JSON Schema: ${error instanceof Error ? error.message : String(error)}`);
  }
  return {
    kind: fn.kind,
    title: fn.title,
    description: fn.description,
    ...(fn.help ? { help: fn.help } : {}),
    ...(fn.fields ? { fields: fn.fields } : {}),
    ...(fn.kind === "action" && fn.input ? { input: fn.input } : {}),
    polling: fn.kind === "trigger" && fn.poll !== undefined,
    configSchema,
  };
}

/** The manifest of a component definition (what `interflow component build` installs). */
export function manifestOf(component: ComponentDefinition, version: string): ComponentManifest {
  const functions: Record<string, FunctionManifest> = {};
  for (const [name, fn] of Object.entries(component.functions)) {
    try {
      functions[name] = functionManifestOf(fn);
    } catch (error) {
      throw new Error(`component "${component.name}", function ${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return {
    name: component.name,
    version,
    title: component.title,
    description: component.description,
    icon: component.icon,
    ...(component.help ? { help: component.help } : {}),
    functions,
    credentials: (component.credentials ?? []).map((kind) => ({
      authKind: kind.authKind,
      title: kind.title,
      fields: kind.fields,
      ...(kind.help ? { help: kind.help } : {}),
      canVerify: kind.verify !== undefined,
    })),
    options: Object.keys(component.options ?? {}),
  };
}

/** Whether a module's export looks like a component (a name and functions): what a runner or a build can load. */
export function isComponentDefinition(value: unknown): value is ComponentDefinition {
  const c = value as Partial<ComponentDefinition> | null;
  return typeof c === "object" && c !== null && typeof c.name === "string" && typeof c.functions === "object" && c.functions !== null;
}

/** The component a loaded module exports: its default export, else its `component` (undefined: none). */
export function componentOfModule(module: { default?: unknown; component?: unknown }): ComponentDefinition | undefined {
  if (isComponentDefinition(module.default)) return module.default;
  return isComponentDefinition(module.component) ? module.component : undefined;
}

const elsewhere = (component: string) => async () => {
  throw new Error(`component "${component}" is installed from its own image: its steps run there, not in this process`);
};

/**
 * A manifest as a component definition for the platform's own processes: forms, help, credential
 * kinds and config validation (the JSON Schema read back by zod) are all there; its code is not,
 * so processing, polling and verifying are the component image's job.
 */
export function definitionOfManifest(manifest: ComponentManifest): ComponentDefinition {
  const functions: Record<string, ComponentFunction> = {};
  for (const [name, fn] of Object.entries(manifest.functions)) {
    const config = z.fromJSONSchema(fn.configSchema as Parameters<typeof z.fromJSONSchema>[0]);
    const base = { title: fn.title, description: fn.description, help: fn.help, fields: fn.fields, config, process: elsewhere(manifest.name) };
    functions[name] =
      fn.kind === "trigger"
        ? ({ ...base, kind: "trigger", ...(fn.polling ? { poll: elsewhere(manifest.name) } : {}) } satisfies TriggerFunction<unknown>)
        : ({ ...base, kind: "action", input: fn.input } satisfies ActionFunction<unknown>);
  }
  return {
    name: manifest.name,
    title: manifest.title,
    description: manifest.description,
    icon: manifest.icon,
    help: manifest.help,
    functions,
    credentials: manifest.credentials.map((kind) => ({
      authKind: kind.authKind,
      title: kind.title,
      fields: kind.fields,
      help: kind.help,
      ...(kind.canVerify ? { verify: elsewhere(manifest.name) } : {}),
    })),
    options: Object.fromEntries(manifest.options.map((name) => [name, elsewhere(manifest.name)])),
  };
}
