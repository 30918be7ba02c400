import type { ComponentDefinition, StepCredential, StepLogger } from "./component";
import type { FieldOption } from "./fields";

/** What an options function receives: the form as the person has filled it so far (not validated). */
export interface OptionsContext {
  config: Record<string, unknown>;
  /** the credential the step names, when it names one (a list fetched from the application needs it) */
  credential?: StepCredential;
  /** aborted when the time limit of the call is reached */
  signal: AbortSignal;
  logger: StepLogger;
}

/**
 * Lists the choices of a `dynamic-select` field at design time (e.g. the target API's lists).
 * Workers run it, never the web app, under a time limit.
 */
export type OptionsFunction = (ctx: OptionsContext) => Promise<FieldOption[]>;

/**
 * The options function behind a function's `dynamic-select` field, or why there is none (in words
 * for the person choosing: unknown function or field, another field type, no such options function).
 */
export function optionsFunctionOf(
  component: ComponentDefinition,
  p: { function: string; field: string },
): { ok: true; optionsFrom: string; options: OptionsFunction } | { ok: false; message: string } {
  const fn = component.functions[p.function];
  if (!fn) return { ok: false, message: `component "${component.name}" has no function "${p.function}"` };
  const field = fn.fields?.find((f) => f.key === p.field);
  if (!field) return { ok: false, message: `${component.name}.${p.function} has no field "${p.field}"` };
  if (field.type !== "dynamic-select") return { ok: false, message: `field "${p.field}" of ${component.name}.${p.function} is a ${field.type} field, not a dynamic-select: its options are in the form` };
  const options = component.options?.[field.optionsFrom];
  if (!options) return { ok: false, message: `component "${component.name}" has no options function "${field.optionsFrom}" for field "${p.field}"` };
  return { ok: true, optionsFrom: field.optionsFrom, options };
}
