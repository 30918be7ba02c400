import { builtinComponents } from "@interflow/components";
import { workspaceComponents } from "../../workspace-components";
import { compileExpression } from "@interflow/flow";
import { evaluateMappingLimited } from "@interflow/flow/sandbox";
import type { ComponentDefinition, FieldDefinition, Help } from "@interflow/sdk";
import { z } from "zod";
import { router, workspaceProcedure } from "../../trpc";
import { fieldOptionsProcedure } from "./field-options";
import { installedComponentsProcedures } from "./installed";

const helpView = z.object({ description: z.string(), url: z.string().nullable() });

/**
 * A help link as the browser opens it: absolute links stay, paths go under the docs base URL (the
 * platform's INTERFLOW_DOCS_URL, else the web app's own /docs pages).
 */
export function helpOf(help: Help | undefined, docsBaseUrl: string): z.infer<typeof helpView> | null {
  if (!help) return null;
  if (!help.link) return { description: help.description, url: null };
  const url = /^https?:\/\//.test(help.link) ? help.link : `${docsBaseUrl.replace(/\/+$/, "")}/${help.link.replace(/^\/+/, "")}`;
  return { description: help.description, url };
}

/** One way the component's steps authenticate: the credential wizard's form. */
const credentialKindView = z.object({
  authKind: z.string(),
  title: z.string(),
  /** the form; "password" fields are secrets */
  fields: z.array(z.record(z.string(), z.unknown())),
  canVerify: z.boolean(),
  help: helpView.nullable(),
});

const componentView = z.object({
  name: z.string(),
  title: z.string(),
  description: z.string(),
  icon: z.string(),
  help: helpView.nullable(),
  /** the ways its steps authenticate (empty: its steps need no credential) */
  credentials: z.array(credentialKindView),
  functions: z.array(
    z.object({
      name: z.string(),
      kind: z.enum(["trigger", "action"]),
      /** a trigger that asks its source on the flow's schedule (not a webhook) */
      polling: z.boolean(),
      /** a push trigger: a subscription that runs while the flow runs (a broker's queue or topic) */
      push: z.boolean(),
      /** it only computes from the message: a whole-flow test run runs it without asking */
      pure: z.boolean(),
      title: z.string(),
      description: z.string(),
      help: helpView.nullable(),
      /** the configuration form; each field's help link resolved like the others */
      fields: z.array(z.record(z.string(), z.unknown())),
      /** for actions: the message body it expects, mapped field by field in the designer (null: any body) */
      input: z
        .object({
          fields: z.array(
            z.object({ key: z.string(), label: z.string(), type: z.string(), required: z.boolean(), help: helpView.nullable() }),
          ),
          additional: z.boolean(),
          help: helpView.nullable(),
        })
        .nullable(),
    }),
  ),
});

export type ComponentView = z.infer<typeof componentView>;

/** Every installed component with its functions, forms and help, links resolved against `docsBaseUrl`. */
export function componentCatalog(docsBaseUrl: string, components: readonly ComponentDefinition[] = builtinComponents): ComponentView[] {
  return components.map((component) => ({
    name: component.name,
    title: component.title,
    description: component.description,
    icon: component.icon,
    help: helpOf(component.help, docsBaseUrl),
    credentials: (component.credentials ?? []).map((kind) => ({
      authKind: kind.authKind,
      title: kind.title,
      fields: kind.fields.map((field: FieldDefinition) => ({ ...field, help: helpOf(field.help, docsBaseUrl) })),
      canVerify: kind.verify !== undefined,
      help: helpOf(kind.help, docsBaseUrl),
    })),
    functions: Object.entries(component.functions).map(([name, fn]) => ({
      name,
      kind: fn.kind,
      polling: fn.kind === "trigger" && fn.poll !== undefined,
      push: fn.kind === "trigger" && fn.subscribe !== undefined,
      pure: fn.pure === true,
      title: fn.title,
      description: fn.description,
      help: helpOf(fn.help, docsBaseUrl),
      fields: (fn.fields ?? []).map((field: FieldDefinition) => ({ ...field, help: helpOf(field.help, docsBaseUrl) })),
      input:
        fn.kind === "action" && fn.input
          ? {
              fields: fn.input.fields.map((field) => ({ ...field, required: field.required ?? false, help: helpOf(field.help, docsBaseUrl) })),
              additional: fn.input.additional,
              help: helpOf(fn.input.help, docsBaseUrl),
            }
          : null,
    })),
  }));
}

const MAX_PREVIEW_BYTES = 256 * 1024;

export const componentsRouter = router({
  /** The palette: every installed component with its triggers and actions, forms and help. */
  list: workspaceProcedure.output(z.object({ components: z.array(componentView) })).query(async ({ ctx }) => ({
      components: componentCatalog(ctx.services.docsBaseUrl, await workspaceComponents(ctx.services.db, ctx.workspaceId)),
    })),

  /**
   * A mapping evaluated on a sample, exactly as a runner evaluates it (same JSONata engine, `$headers`
   * and `$steps` bound): the designer's live preview. An expression that does not compile or fails
   * on the sample answers with the error and where it is, not with a failure of the call.
   */
  previewMapping: workspaceProcedure
    .input(
      z.object({
        expression: z.string().max(20_000, "expression: at most 20,000 characters"),
        body: z.unknown(),
        headers: z.record(z.string(), z.unknown()).default({}),
        steps: z.record(z.string(), z.unknown()).default({}),
      }),
    )
    .output(
      z.union([
        z.object({ ok: z.literal(true), value: z.unknown() }),
        z.object({ ok: z.literal(false), error: z.object({ message: z.string(), position: z.number().nullable() }) }),
      ]),
    )
    .query(async ({ input }) => {
      const size = Buffer.byteLength(JSON.stringify({ body: input.body, headers: input.headers, steps: input.steps }) ?? "");
      if (size > MAX_PREVIEW_BYTES) return { ok: false as const, error: { message: `the sample is ${size} bytes; previews take at most ${MAX_PREVIEW_BYTES}`, position: null } };
      const compiled = compileExpression(input.expression);
      if (!compiled.ok) return { ok: false as const, error: { message: compiled.error.message, position: compiled.error.position ?? null } };
      try {
        const value = await evaluateMappingLimited(input.expression, input.body, { headers: input.headers, steps: input.steps });
        // what the next step would receive: JSON (sequences and functions as JSON makes them)
        return { ok: true as const, value: JSON.parse(JSON.stringify(value) ?? "null") };
      } catch (error) {
        const e = error as { message?: string; position?: number };
        return { ok: false as const, error: { message: e.message ?? String(error), position: e.position ?? null } };
      }
    }),

  fieldOptions: fieldOptionsProcedure,
  ...installedComponentsProcedures,
});
