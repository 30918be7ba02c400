import { type Db, listInstalledComponents } from "@interflow/db";
import { AppError, AppErrorCode } from "@interflow/flow";
import type { ComponentDefinition, ComponentFunction } from "@interflow/sdk";

/** The function a node names, or BAD_REQUEST saying which part of the name is unknown. */
export function requireFunction(components: readonly ComponentDefinition[], p: { component: string; function: string }): ComponentFunction {
  const component = components.find((c) => c.name === p.component);
  if (!component) throw new AppError(AppErrorCode.BadRequest, `component: unknown component "${p.component}"`);
  const fn = component.functions[p.function];
  if (!fn) throw new AppError(AppErrorCode.BadRequest, `function: component "${p.component}" has no function "${p.function}"`);
  return fn;
}

/** The config parsed by the function's schema, or BAD_REQUEST naming each wrong field (`config.url: …`). */
export function requireValidConfig(fn: ComponentFunction, config: unknown): unknown {
  const parsed = fn.config.safeParse(config);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `config${issue.path.map((part) => `.${String(part)}`).join("")}: ${issue.message}`);
  throw new AppError(AppErrorCode.BadRequest, problems.join("; "));
}

/**
 * A custom component's code runs only in its own runners (its image), never in a worker's step
 * tests: trying one of its steps, or listing a field's options, is refused saying so.
 */
export async function refuseCustomComponent(db: Db, p: { workspaceId: string; component: string; what: string }): Promise<void> {
  const installed = await listInstalledComponents(db, p.workspaceId);
  if (installed.some((c) => c.name === p.component)) {
    throw new AppError(
      AppErrorCode.BadRequest,
      `component: "${p.component}" is a custom component: its code runs only in its own image, so ${p.what} is not available in the designer yet; start the flow to run it`,
    );
  }
}
