"use client";

import { useEffect, useState } from "react";
import { copyText } from "./copy-text";

type CopyState = "idle" | "copied" | "failed";

const FEEDBACK: Record<CopyState, string> = { idle: "", copied: "Copied", failed: "Copy failed" };

const IDLE_TONES = {
  light: "bg-white text-slate-600 ring-slate-300 hover:bg-slate-50 hover:text-slate-900",
  dark: "bg-slate-800 text-slate-300 ring-slate-600 hover:bg-slate-700 hover:text-white",
};

interface CopyButtonProps {
  value: string;
  /** names what it copies, for screen readers ("Copy webhook URL of Orders") */
  label: string;
  /** "dark" on a dark background (a terminal command) */
  tone?: keyof typeof IDLE_TONES;
  testId?: string;
}

/** A small "Copy" button that says "Copied" for two seconds. */
export function CopyButton({ value, label, tone = "light", testId }: CopyButtonProps) {
  const [state, setState] = useState<CopyState>("idle");

  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), 2000);
    return () => clearTimeout(timer);
  }, [state]);

  async function copy() {
    setState((await copyText(value)) ? "copied" : "failed");
  }

  return (
    <>
      <button
        type="button"
        onClick={copy}
        aria-label={label}
        data-testid={testId}
        className={`inline-flex min-w-[4.75rem] shrink-0 items-center justify-center gap-1 rounded-md px-2 py-1 text-xs font-medium ring-1 ring-inset transition focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-indigo-600 ${
          state === "copied"
            ? "bg-emerald-50 text-emerald-700 ring-emerald-600/20"
            : IDLE_TONES[tone]
        }`}
      >
        {state === "copied" ? (
          <svg viewBox="0 0 16 16" aria-hidden="true" className="size-3.5 fill-none stroke-current stroke-2">
            <path d="m3.5 8.5 3 3 6-7" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
        ) : (
          <svg viewBox="0 0 16 16" aria-hidden="true" className="size-3.5 fill-none stroke-current stroke-[1.5]">
            <rect x="5.5" y="5.5" width="8" height="8" rx="1.5" />
            <path d="M10.5 3.5v-.5a1.5 1.5 0 0 0-1.5-1.5H4A1.5 1.5 0 0 0 2.5 3v5A1.5 1.5 0 0 0 4 9.5h.5" />
          </svg>
        )}
        <span aria-hidden="true">{state === "idle" ? "Copy" : FEEDBACK[state]}</span>
      </button>
      {/* outside the button: a button's content is not announced as a live region */}
      <span role="status" className="sr-only">
        {FEEDBACK[state]}
      </span>
    </>
  );
}
