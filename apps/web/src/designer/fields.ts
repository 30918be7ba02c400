import type { FieldDefinition, InputField } from "@interflow/sdk";
import type { FunctionView, HelpView } from "./catalog";

/** A form field as components.list sends it: the SDK's definition with its help link resolved. */
export type FieldView = FieldDefinition extends infer F ? (F extends FieldDefinition ? Omit<F, "help"> & { help: HelpView | null } : never) : never;
export type InputFieldView = Omit<InputField, "help"> & { required: boolean; help: HelpView | null };

export function fieldsOf(fn: FunctionView): FieldView[] {
  return fn.fields as unknown as FieldView[];
}

/** The config a new step starts with: every field's default. */
export function defaultConfigOf(fn: FunctionView): Record<string, unknown> {
  return Object.fromEntries(fieldsOf(fn).filter((f) => f.default !== undefined).map((f) => [f.key, f.default]));
}

/** "nodes[2].config.url" → "url": the field a server issue is about, when it is one of the step's config. */
export function configFieldOf(path: string): string | undefined {
  return /^nodes\[\d+\]\.config\.([^.[\]]+)/.exec(path)?.[1];
}
