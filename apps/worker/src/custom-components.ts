import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { builtinComponents } from "@interflow/components";
import { type Db, getComponentCode } from "@interflow/db";
import type { DeployedStep, Deployment } from "@interflow/queue";
import { type ComponentDefinition, componentManifestSchema, definitionOfManifest } from "@interflow/sdk";

/**
 * The workspace's custom components as the worker runs them: each step of one gets its installed
 * version and image (docker); for the process runtime its code is written once, by digest, to
 * `dir`, where the runner imports it.
 */
export class CustomComponents {
  /** definitions read from the manifests of the custom components flows run, by "<workspace>/<name>" */
  private readonly known = new Map<string, ComponentDefinition>();

  constructor(
    private readonly db: Db,
    private readonly dir: string,
    /**
     * why custom code may not run here (the process runtime without INTERFLOW_ALLOW_UNSANDBOXED_CODE:
     * a runner process runs as the worker's user); undefined: it may (containers)
     */
    readonly refusal?: string,
  ) {}

  /** The deployment with each custom step's version and image, or why a step cannot run. */
  async resolve(deployment: Deployment): Promise<{ ok: true; deployment: Deployment } | { ok: false; problem: string }> {
    const steps: Record<string, DeployedStep> = {};
    // each component read and prepared once, however many steps use it
    const prepared = new Map<string, NonNullable<DeployedStep["custom"]>>();
    for (const [stepId, step] of Object.entries(deployment.steps)) {
      if (builtinComponents.some((c) => c.name === step.component)) {
        steps[stepId] = step;
        continue;
      }
      if (this.refusal) return { ok: false, problem: `step "${stepId}" uses the custom component "${step.component}": ${this.refusal}` };
      let custom = prepared.get(step.component);
      if (!custom) {
        const code = await getComponentCode(this.db, { workspaceId: deployment.workspaceId, name: step.component });
        if (!code) return { ok: false, problem: `step "${stepId}" uses the component "${step.component}", which is not installed in the workspace: install it with interflow component build <its folder>` };
        try {
          this.writeModule(step.component, code.bundleSha256, code.bundle);
          this.known.set(`${deployment.workspaceId}/${step.component}`, definitionOfManifest(componentManifestSchema.parse(code.manifest)));
        } catch (error) {
          return { ok: false, problem: `step "${stepId}": the component "${step.component}" ${code.version} cannot be prepared: ${error instanceof Error ? error.message : String(error)}` };
        }
        custom = { version: code.version, image: code.image, bundleSha256: code.bundleSha256 };
        prepared.set(step.component, custom);
      }
      steps[stepId] = { ...step, custom };
    }
    return { ok: true, deployment: { ...deployment, steps } };
  }

  /** The built-ins and the custom components of the workspace that its started flows use. */
  componentsFor(workspaceId: string): ComponentDefinition[] {
    const custom = [...this.known].filter(([key]) => key.startsWith(`${workspaceId}/`)).map(([, definition]) => definition);
    return [...builtinComponents, ...custom];
  }

  /** where the process runtime's runner finds a custom step's code */
  moduleFile(step: Pick<DeployedStep, "component" | "custom">): string | undefined {
    return step.custom ? path.join(this.dir, `${step.component}-${step.custom.bundleSha256.slice(0, 16)}.mjs`) : undefined;
  }

  /** Writes a component's code where the process runtime's runners import it (once per digest); returns the file. */
  writeModule(component: string, sha256: string, bundle: string): string {
    const file = this.moduleFile({ component, custom: { version: "", image: "", bundleSha256: sha256 } }) as string;
    // only this user may write there; a file already there counts only when it is this very code
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    if (existsSync(file) && createHash("sha256").update(readFileSync(file)).digest("hex") === sha256) return file;
    // written whole or not at all: a runner never imports half a file
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, bundle, { mode: 0o600 });
    renameSync(partial, file);
    return file;
  }
}
