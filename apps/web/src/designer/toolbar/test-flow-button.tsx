"use client";

import { SECONDARY_BUTTON } from "@/components/button-styles";
import { useDesigner } from "../designer-context";

/** Opens (or closes) the Test flow panel: one message through the draft, and the flow's test cases. */
export function TestFlowButton() {
  const { open, showTestPanel } = useDesigner((s) => ({ open: s.testPanelOpen, showTestPanel: s.showTestPanel }));
  return (
    <button
      type="button"
      className={`${SECONDARY_BUTTON} whitespace-nowrap${open ? " !border-indigo-300 !bg-indigo-50 !text-indigo-800" : ""}`}
      aria-pressed={open}
      title="Send one message through every step of the draft, and run the flow's test cases"
      onClick={() => showTestPanel(!open)}
      data-testid="test-flow"
    >
      <svg viewBox="0 0 20 20" fill="currentColor" className="size-4" aria-hidden="true">
        <path d="M6.3 2.84A1.5 1.5 0 0 0 4 4.11v11.78a1.5 1.5 0 0 0 2.3 1.27l9.34-5.89a1.5 1.5 0 0 0 0-2.54L6.3 2.84Z" />
      </svg>
      Test flow
    </button>
  );
}
