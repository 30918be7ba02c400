"use client";

import { type FormEvent, useId, useState } from "react";
import { PRIMARY_BUTTON, SECONDARY_BUTTON } from "@/components/button-styles";
import { Modal } from "@/components/modal";
import type { InputErrors } from "@/trpc/errors";
import type { FailedMessage } from "./failed-messages-table";

interface EditAndRetryDialogProps {
  /** the message to edit; null: closed */
  message: FailedMessage | null;
  /** where it enters the flow again: a step id, or "" for the step it failed at */
  fromStep: string;
  pending: boolean;
  /** the API's refusal, by field */
  error: InputErrors | null;
  onRetry: (body: unknown) => void;
  onCancel: () => void;
}

/**
 * One failed message's body as JSON, to change and send again (with the same message id: the
 * receiver's Idempotency-Key). JSON that does not parse is said at the field and nothing is sent.
 */
export function EditAndRetryDialog({ message, fromStep, pending, error, onRetry, onCancel }: EditAndRetryDialogProps) {
  return (
    <Modal open={message !== null} title="Edit and retry" onClose={onCancel} testId="edit-and-retry-dialog" wide>
      {message && <EditForm key={message.id} message={message} fromStep={fromStep} pending={pending} error={error} onRetry={onRetry} onCancel={onCancel} />}
    </Modal>
  );
}

function EditForm({ message, fromStep, pending, error, onRetry, onCancel }: Omit<EditAndRetryDialogProps, "message"> & { message: FailedMessage }) {
  const [text, setText] = useState(() => JSON.stringify(message.body, null, 2) ?? "");
  const [parseError, setParseError] = useState<string | null>(null);
  const ids = { body: useId(), error: useId(), hint: useId() };
  const fieldError = parseError ?? error?.fields.body ?? null;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (cause) {
      setParseError(`Not valid JSON: ${cause instanceof Error ? cause.message : String(cause)}`);
      return;
    }
    onRetry(body);
  };

  return (
    <form onSubmit={submit} noValidate>
      <p className="mt-2 text-sm leading-6 text-slate-600">
        The body step <span className="font-mono text-slate-900">{message.stepId}</span> got when it failed ({message.error}). It is sent again{" "}
        {fromStep ? (
          <>
            from step <span className="font-mono text-slate-900">{fromStep}</span>
          </>
        ) : (
          "to the same step"
        )}{" "}
        with the same message id, so the receiver sees the same Idempotency-Key.
      </p>
      <label htmlFor={ids.body} className="mt-4 block text-sm font-medium text-slate-900">
        Body (JSON)
      </label>
      <textarea
        id={ids.body}
        name="body"
        rows={14}
        spellCheck={false}
        value={text}
        aria-invalid={fieldError ? true : undefined}
        aria-describedby={fieldError ? ids.error : ids.hint}
        onChange={(e) => {
          setText(e.target.value);
          setParseError(null);
        }}
        className={`mt-2 block w-full rounded-lg border bg-white px-3 py-2 font-mono text-xs leading-5 text-slate-900 shadow-xs outline-none focus:ring-4 ${
          fieldError ? "border-red-400 focus:border-red-500 focus:ring-red-500/15" : "border-slate-300 focus:border-indigo-500 focus:ring-indigo-500/15"
        }`}
        data-testid="edit-body"
      />
      {fieldError ? (
        <p id={ids.error} role="alert" className="mt-2 text-sm text-red-700" data-testid="body-error">
          {fieldError}
        </p>
      ) : (
        <p id={ids.hint} className="mt-2 text-sm text-slate-500">
          Message {message.messageId}
        </p>
      )}
      {error?.form && (
        <p role="alert" className="mt-4 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
          {error.form}
        </p>
      )}
      <div className="mt-6 flex justify-end gap-3">
        <button type="button" onClick={onCancel} className={SECONDARY_BUTTON}>
          Cancel
        </button>
        <button type="submit" disabled={pending} className={PRIMARY_BUTTON} data-testid="edit-and-retry-submit">
          {pending ? "Retrying…" : "Retry with this body"}
        </button>
      </div>
    </form>
  );
}
