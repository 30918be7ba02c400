"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent, useId, useRef, useState, useTransition } from "react";
import { connectSession } from "@/session/session-client";

const SAVED_TOKEN_REFUSED = "The token saved in this browser is no longer accepted. Paste a current one.";

/** Shown while no (accepted) session cookie is there: connects the browser with an API token. */
export function ConnectForm({ savedTokenRefused }: { savedTokenRefused: boolean }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const inputRef = useRef<HTMLInputElement>(null);
  const [token, setToken] = useState("");
  const [error, setError] = useState<string | null>(savedTokenRefused ? SAVED_TOKEN_REFUSED : null);
  const [pending, startTransition] = useTransition();
  const ids = { input: useId(), hint: useId(), error: useId(), title: useId() };

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    startTransition(async () => {
      const result = await connectSession(token);
      if (!result.ok) {
        setError(result.error);
        inputRef.current?.focus();
        return;
      }
      queryClient.clear();
      router.refresh();
    });
  }

  return (
    <section aria-labelledby={ids.title} className="mx-auto mt-8 max-w-md sm:mt-16">
      <div className="rounded-2xl border border-slate-200 bg-white p-8 shadow-sm">
        <h1 id={ids.title} className="text-xl font-semibold tracking-tight text-slate-900">
          Connect with your API token
        </h1>
        <p className="mt-2 text-sm leading-6 text-slate-600">
          Interflow needs your workspace&rsquo;s API token to show your flows. It stays in this browser.
        </p>

        <form onSubmit={submit} noValidate className="mt-6" data-testid="connect-form">
          <label htmlFor={ids.input} className="block text-sm font-medium text-slate-900">
            API token
          </label>
          <input
            ref={inputRef}
            id={ids.input}
            name="token"
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={token}
            onChange={(event) => {
              setToken(event.target.value);
              setError(null);
            }}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${ids.error} ${ids.hint}` : ids.hint}
            className={`mt-2 block w-full rounded-lg border bg-white px-3 py-2 font-mono text-sm text-slate-900 shadow-xs outline-none placeholder:font-sans placeholder:text-slate-400 focus:ring-4 ${
              error
                ? "border-red-400 focus:border-red-500 focus:ring-red-500/15"
                : "border-slate-300 focus:border-indigo-500 focus:ring-indigo-500/15"
            }`}
            placeholder="Paste the token here"
          />
          {error && (
            <p id={ids.error} role="alert" data-testid="token-error" className="mt-2 flex gap-1.5 text-sm text-red-700">
              <svg viewBox="0 0 20 20" aria-hidden="true" className="mt-0.5 size-4 shrink-0 fill-current">
                <path d="M10 2a8 8 0 1 0 0 16 8 8 0 0 0 0-16Zm-.75 4.5a.75.75 0 0 1 1.5 0v4a.75.75 0 0 1-1.5 0v-4ZM10 14.5a1 1 0 1 1 0-2 1 1 0 0 1 0 2Z" />
              </svg>
              {error}
            </p>
          )}
          <p id={ids.hint} className="mt-2 text-sm leading-6 text-slate-500">
            Find it in the output of <code className="rounded bg-slate-100 px-1 py-0.5 text-xs text-slate-700">npm start</code>,
            or in the file <code className="rounded bg-slate-100 px-1 py-0.5 text-xs text-slate-700">.data/admin-token</code> of
            your Interflow folder.
          </p>

          <button
            type="submit"
            disabled={pending}
            className="mt-6 flex w-full justify-center rounded-lg bg-indigo-600 px-4 py-2.5 text-sm font-semibold text-white shadow-xs transition hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:opacity-70"
          >
            {pending ? "Connecting…" : "Connect"}
          </button>
        </form>
      </div>
    </section>
  );
}
