import { TRPCClientError } from "@trpc/client";

/** True when the API refused the request because the session token is missing or refused. */
export function isUnauthorized(error: unknown): boolean {
  return error instanceof TRPCClientError && error.data?.code === "UNAUTHORIZED";
}

/** "at least 1" → "At least 1": the API's messages are written to follow a field name. */
function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** What went wrong, in the API's words, for a message next to the control that failed. */
export function errorMessageOf(error: unknown): string {
  if (error instanceof TRPCClientError || error instanceof Error) return sentence(error.message);
  return "Something went wrong. Try again.";
}

export interface InputErrors {
  /** by field path as the API names it ("name", "limits.messages"), without the field's prefix */
  fields: Record<string, string>;
  /** what names no field (or is not about the input at all) */
  form: string | null;
}

const FIELD_MESSAGE = /^([A-Za-z][\w.]*): (.+)$/s;

/**
 * The API's answer to a change, split by field: its input errors start with the field's name
 * ("name: a workspace needs a name", "limits.messages: at least 1"), whether they come from the
 * input schema (`data.zodError`) or from the procedure (BAD_REQUEST). Anything else is for the form.
 */
export function inputErrorsOf(error: unknown): InputErrors {
  const result: InputErrors = { fields: {}, form: null };
  if (!(error instanceof TRPCClientError) || error.data?.code !== "BAD_REQUEST") {
    result.form = errorMessageOf(error);
    return result;
  }
  const add = (message: string, fallbackField?: string) => {
    const match = FIELD_MESSAGE.exec(message);
    const field = match?.[1] ?? fallbackField;
    const text = match?.[2] ?? message;
    if (field) result.fields[field] ??= sentence(text);
    else result.form ??= sentence(text);
  };
  const zodError = error.data?.zodError as { formErrors?: string[]; fieldErrors?: Record<string, string[] | undefined> } | undefined;
  if (zodError) {
    for (const message of zodError.formErrors ?? []) add(message);
    for (const [field, messages] of Object.entries(zodError.fieldErrors ?? {})) for (const message of messages ?? []) add(message, field);
  } else {
    add(error.message);
  }
  return result;
}

/**
 * The API's refusal of a new version (publish, restore) that removes steps whose queues hold
 * messages, in its words without the field's name ("Step "deliver" holds 3 queued messages, and
 * this version removes it: …"); null for any other error. Calling again with `dropQueued: true`
 * drops those messages (each recorded as dropped).
 */
export function removedStepsConflictOf(error: unknown): string | null {
  if (!(error instanceof TRPCClientError) || error.data?.code !== "CONFLICT") return null;
  const match = /^dropQueued: (.+)$/s.exec(error.message);
  return match?.[1] ? sentence(match[1]) : null;
}
