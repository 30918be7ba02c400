"use client";

import { BaseEdge, type Edge, EdgeLabelRenderer, type EdgeProps, getBezierPath } from "@xyflow/react";

export interface ConnectionEdgeData extends Record<string, unknown> {
  /** what the connection lets through */
  when: "always" | "condition" | "otherwise";
  condition?: string;
  /** its place among its step's connections, when the step sends along the first that holds */
  order?: number;
  /** its step has several connections: an unconditional one offers "+ condition" */
  offerCondition: boolean;
  /** a problem with it (its condition does not compile, a second otherwise …) */
  problem?: string;
  onOpen: () => void;
}

export type ConnectionEdgeType = Edge<ConnectionEdgeData, "connection">;

const shorten = (text: string, max = 34) => {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};

/**
 * A connection on the canvas: a curve with, above its end, what it lets through — its condition,
 * "otherwise", or (when its step has several connections) an offer to add one. Pressing the label or
 * the curve opens the connection's panel.
 */
export function ConnectionEdge({ id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, markerEnd, selected, data }: EdgeProps<ConnectionEdgeType>) {
  const [path] = getBezierPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition });
  const when = data?.when ?? "always";
  const shown = when !== "always" || data?.offerCondition || selected;
  const stroke = data?.problem ? "#dc2626" : selected ? "#4f46e5" : when === "otherwise" ? "#94a3b8" : "#64748b";
  const text = when === "condition" ? shorten(data?.condition ?? "") || "condition…" : when === "otherwise" ? "otherwise" : data?.offerCondition ? "+ condition" : "every message";
  const tone = data?.problem
    ? "border-red-300 bg-red-50 text-red-800"
    : when === "condition"
      ? "border-indigo-200 bg-white font-mono text-indigo-900"
      : when === "otherwise"
        ? "border-slate-300 bg-slate-50 italic text-slate-600"
        : "border-dashed border-slate-300 bg-white/90 text-slate-500";
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} style={{ stroke, strokeWidth: selected ? 2.5 : 1.5, strokeDasharray: when === "otherwise" ? "6 4" : undefined }} />
      {shown && (
        <EdgeLabelRenderer>
          <button
            type="button"
            className={`nodrag nopan absolute max-w-56 truncate rounded-full border px-2 py-0.5 text-[11px] shadow-sm hover:border-indigo-400 ${tone} ${selected ? "ring-2 ring-indigo-300" : ""}`}
            // above the line, ending where it reaches its step (whatever the curve, beside the step it decides for), over
            // the steps beside it so a condition longer than the gap stays readable, and clear of the "+" after the source
            style={{ transform: `translate(-100%, -100%) translate(${targetX - 4}px, ${targetY - 15}px)`, pointerEvents: "all", zIndex: 1001 }}
            title={data?.problem ?? (when === "condition" ? data?.condition : undefined)}
            aria-label={`Connection ${id.replace("->", " to ")}: ${when === "condition" ? `when ${data?.condition ?? ""}` : when === "otherwise" ? "otherwise" : "every message"}${data?.problem ? ` (problem: ${data.problem})` : ""}`}
            data-testid={`connection-label-${id}`}
            onClick={(event) => {
              event.stopPropagation();
              data?.onOpen();
            }}
          >
            {data?.order !== undefined && when !== "otherwise" && <span className="mr-1 font-sans font-semibold not-italic text-slate-400">{data.order}.</span>}
            {text}
          </button>
        </EdgeLabelRenderer>
      )}
    </>
  );
}
