import { createHash } from "node:crypto";
import { requireComponentInstalling } from "../../installation-rights";
import { builtinComponents } from "@interflow/components";
import { installComponent, listInstalledComponents, uninstallComponent } from "@interflow/db";
import { AppError, AppErrorCode } from "@interflow/flow";
import { componentImageOf, componentManifestSchema } from "@interflow/sdk";
import { z } from "zod";
import { audit } from "../../audit";
import { describeCaller } from "../../context";
import { ownerProcedure, workspaceProcedure } from "../../trpc";

/** a component's code: one ES module, every dependency inside */
export const MAX_BUNDLE_BYTES = 8 * 1024 * 1024;
/** a Docker image reference: repository[:tag][@digest] */
const IMAGE = /^[a-z0-9]+(?:[._/-][a-z0-9]+)*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;

const installedView = z.object({
  name: z.string(),
  version: z.string(),
  title: z.string(),
  image: z.string(),
  triggers: z.array(z.string()),
  actions: z.array(z.string()),
  bundleSha256: z.string(),
  installedAt: z.date(),
  installedBy: z.string(),
});

export const installComponentInput = z.object({
  /** what `interflow component build` wrote: the SDK's ComponentManifest */
  manifest: z.unknown(),
  /** the image its steps run in, built FROM the runner's */
  image: z.string().regex(IMAGE, "image: a Docker image reference like interflow/component-crm:1.0.0"),
  /** its code as one ES module (the process runtime runs it; the image holds the same) */
  bundle: z.string().min(1, "bundle: required").max(MAX_BUNDLE_BYTES, `bundle: at most ${MAX_BUNDLE_BYTES / 1024 / 1024} MB`),
});

/**
 * Installing custom components in the workspace (owners): a component built by `interflow component
 * build` into its own image; its manifest tells the designer, the API and the worker what it offers.
 */
export const installedComponentsProcedures = {
  install: ownerProcedure
    .input(installComponentInput)
    .output(z.object({ name: z.string(), version: z.string(), replaced: z.string().nullable() }))
    .mutation(async ({ ctx, input }) => {
      await requireComponentInstalling(ctx.services, ctx);
      const parsed = componentManifestSchema.safeParse(input.manifest);
      if (!parsed.success) {
        // a message of ours names its field already; zod's own ones get the path put first
        const problems = parsed.error.issues.map((issue) => {
          const at = issue.path.join(".");
          return at === "" || issue.message.startsWith(at) || issue.message.startsWith(`${at.split(".")[0]}:`) ? issue.message : `${at}: ${issue.message}`;
        });
        throw new AppError(AppErrorCode.BadRequest, `manifest: ${problems.join("; ")}`);
      }
      const manifest = parsed.data;
      if (builtinComponents.some((c) => c.name === manifest.name)) {
        throw new AppError(AppErrorCode.Conflict, `manifest.name: "${manifest.name}" is a built-in component; give yours another name`);
      }
      const bundleSha256 = createHash("sha256").update(input.bundle).digest("hex");
      // the image is the one built from this very code: its tag carries the code's digest
      const expected = componentImageOf(manifest.name, manifest.version, bundleSha256);
      if (input.image !== expected) {
        throw new AppError(AppErrorCode.BadRequest, `image: must be ${expected}, the image interflow component build makes of this code (got ${input.image})`);
      }
      const { replaced } = await installComponent(ctx.services.db, {
        workspaceId: ctx.workspaceId,
        name: manifest.name,
        version: manifest.version,
        image: input.image,
        manifest,
        bundle: input.bundle,
        bundleSha256,
        installedBy: describeCaller(ctx.caller),
      });
      await audit(ctx, "component.install", manifest.name, { version: manifest.version, image: input.image, replaced });
      return { name: manifest.name, version: manifest.version, replaced };
    }),

  installed: workspaceProcedure.output(z.object({ components: z.array(installedView) })).query(async ({ ctx }) => {
    const records = await listInstalledComponents(ctx.services.db, ctx.workspaceId);
    return {
      components: records.map((record) => {
        const manifest = componentManifestSchema.parse(record.manifest);
        const named = (kind: "trigger" | "action") => Object.entries(manifest.functions).filter(([, fn]) => fn.kind === kind).map(([name]) => name);
        return { ...record, title: manifest.title, triggers: named("trigger"), actions: named("action") };
      }),
    };
  }),

  uninstall: ownerProcedure
    .input(z.object({ name: z.string().min(1, "name: required") }))
    .output(z.object({ name: z.string(), version: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const { version } = await uninstallComponent(ctx.services.db, { workspaceId: ctx.workspaceId, name: input.name });
      await audit(ctx, "component.uninstall", input.name, { version });
      return { name: input.name, version };
    }),
};
