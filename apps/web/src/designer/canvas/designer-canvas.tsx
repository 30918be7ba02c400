"use client";

import "@xyflow/react/dist/style.css";
import {
  Background,
  type Connection,
  Controls,
  type EdgeChange,
  MarkerType,
  type NodeChange,
  ReactFlow,
  useReactFlow,
} from "@xyflow/react";
import { useCallback, useEffect, useMemo, useRef } from "react";
import { functionOf } from "../catalog";
import { useDesigner, useDesignerStore } from "../designer-context";
import { STEP_DRAG_TYPE, type StepDragPayload } from "../palette/palette-search";
import { issueText, shownIssues } from "../step-issues";
import type { AddStep } from "../use-add-step";
import { ConnectionEdge, type ConnectionEdgeType } from "./connection-edge";
import { StepNode, type StepNodeType } from "./step-node";

const nodeTypes = { step: StepNode };
const edgeTypes = { connection: ConnectionEdge };

/**
 * The canvas: the flow's steps and connections. Drag a palette item onto it, drag from a step's
 * output to another's input to connect, drag steps to move them, Delete removes the selection,
 * the controls zoom and fit. Every change is a named operation on the store (undoable).
 */
export function DesignerCanvas({ canChange, onAdd }: { canChange: boolean; onAdd: (step: AddStep) => void }) {
  const store = useDesignerStore();
  const { screenToFlowPosition, getViewport, setViewport, fitView } = useReactFlow();
  const section = useRef<HTMLElement>(null);
  const { document, catalog, measured, selectedId, selectedConnection, flowSettingsOpen, testPanelOpen, graphIssues, serverIssues, samples, testStatus } = useDesigner((s) => ({
    document: s.document,
    catalog: s.catalog,
    measured: s.measured,
    selectedId: s.selectedId,
    selectedConnection: s.selectedConnection,
    flowSettingsOpen: s.flowSettingsOpen,
    graphIssues: s.issues,
    serverIssues: s.serverIssues,
    samples: s.samples,
    testStatus: s.testStatus,
    testPanelOpen: s.testPanelOpen,
  }));
  const issues = useMemo(() => shownIssues({ issues: graphIssues, serverIssues }), [graphIssues, serverIssues]);
  const selectedTarget = selectedConnection?.target ?? null;

  // the panel takes room from the canvas: bring the selected step into view when it is hidden, and
  // when the panel closes or the flow's settings take its place, every step (if some are out of view)
  // biome-ignore lint/correctness/useExhaustiveDependencies: the flow's settings or the test panel opening or closing resizes the canvas, as a step's panel does
  useEffect(() => {
    const timer = setTimeout(() => {
      const rect = section.current?.getBoundingClientRect();
      if (!rect) return;
      const { nodes: steps } = store.getState().document;
      const { x, y, zoom } = getViewport();
      const inView = (id: string) => {
        const node = steps.find((n) => n.id === id);
        if (!node) return true;
        const size = store.getState().measured[id] ?? { width: 240, height: 70 };
        const left = node.position.x * zoom + x;
        const top = node.position.y * zoom + y;
        return left >= 0 && top >= 0 && left + size.width * zoom + 48 <= rect.width && top + size.height * zoom <= rect.height;
      };
      // a connection's panel shows the step it leads to
      const focused = selectedId ?? selectedTarget;
      if (focused) {
        const node = steps.find((n) => n.id === focused);
        const size = store.getState().measured[focused] ?? { width: 240, height: 70 };
        // moved only as far as it takes to bring the step into view: the rest of the canvas stays where the person left it
        if (node && !inView(focused)) void setViewport(nudgeIntoView(node.position, size, { x, y, zoom }, rect), { duration: 200 });
      } else if (!steps.every((n) => inView(n.id))) {
        void fitView({ maxZoom: 1, padding: 0.3, duration: 200 });
      }
    }, 50);
    return () => clearTimeout(timer);
  }, [selectedId, selectedTarget, flowSettingsOpen, testPanelOpen, store, getViewport, setViewport, fitView]);

  const onAddAfter = useCallback((after: string, component: string, fn: string) => onAdd({ component, function: fn, after }), [onAdd]);

  const nodes = useMemo<StepNodeType[]>(
    () =>
      document.nodes.map((node) => {
        const found = functionOf(catalog, node.component, node.function);
        return {
          id: node.id,
          type: "step",
          position: node.position,
          selected: node.id === selectedId,
          measured: measured[node.id],
          deletable: canChange,
          draggable: canChange,
          data: {
            stepId: node.id,
            component: found?.component,
            fn: found?.fn,
            kind: found?.fn.kind,
            issues: issues.filter((issue) => issue.nodeId === node.id).map(issueText),
            hasSample: samples[node.id] !== undefined,
            testStatus: testStatus[node.id],
            hasNext: document.edges.some((edge) => edge.source === node.id),
            canChange,
            onAddAfter,
          },
        };
      }),
    [document.nodes, document.edges, catalog, measured, selectedId, issues, samples, testStatus, canChange, onAddAfter],
  );
  const edges = useMemo<ConnectionEdgeType[]>(
    () =>
      document.edges.map((edge, i) => {
        const siblings = document.edges.filter((e) => e.source === edge.source);
        const first = document.nodes.find((n) => n.id === edge.source)?.routing === "first" && siblings.some((e) => e.condition !== undefined);
        const problem = issues.find((issue) => issue.path === `edges[${i}]` || issue.path.startsWith(`edges[${i}].`));
        const id = `${edge.source}->${edge.target}`;
        return {
          id,
          type: "connection",
          source: edge.source,
          target: edge.target,
          deletable: canChange,
          selected: selectedConnection?.source === edge.source && selectedConnection.target === edge.target,
          markerEnd: { type: MarkerType.ArrowClosed, width: 18, height: 18 },
          ariaLabel: `Connection from ${edge.source} to ${edge.target}`,
          data: {
            when: edge.otherwise ? "otherwise" : edge.condition !== undefined ? "condition" : "always",
            condition: edge.condition,
            order: first ? siblings.filter((e) => !e.otherwise).indexOf(edge) + 1 : undefined,
            offerCondition: canChange && siblings.length > 1,
            problem: problem ? issueText(problem) : undefined,
            onOpen: () => store.getState().selectConnection({ source: edge.source, target: edge.target }),
          },
        };
      }),
    [document.edges, document.nodes, canChange, selectedConnection, issues, store],
  );

  const onNodesChange = useCallback(
    (changes: NodeChange<StepNodeType>[]) => {
      const state = store.getState();
      for (const change of changes) {
        if (change.type === "dimensions" && change.dimensions) state.setMeasured(change.id, change.dimensions);
        else if (change.type === "position" && change.position) state.apply({ type: "move-step", id: change.id, position: change.position }, { history: false });
        else if (change.type === "select") {
          if (change.selected) state.select(change.id);
          else if (store.getState().selectedId === change.id) state.select(null);
        } else if (change.type === "remove") state.apply({ type: "remove-step", id: change.id });
      }
    },
    [store],
  );
  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => {
      for (const change of changes) {
        if (change.type !== "remove") continue;
        const [source, target] = change.id.split("->") as [string, string];
        store.getState().apply({ type: "disconnect", source, target });
      }
    },
    [store],
  );
  const onConnect = useCallback(
    (connection: Connection) => {
      store.getState().apply({ type: "connect", source: connection.source, target: connection.target });
    },
    [store],
  );

  const onDrop = useCallback(
    (event: React.DragEvent) => {
      const raw = event.dataTransfer.getData(STEP_DRAG_TYPE);
      if (!raw || !canChange) return;
      event.preventDefault();
      const payload = JSON.parse(raw) as StepDragPayload;
      // the step's middle where the pointer is (a step is about 240 × 70)
      const point = screenToFlowPosition({ x: event.clientX, y: event.clientY });
      onAdd({ component: payload.component, function: payload.function, position: { x: Math.round(point.x - 120), y: Math.round(point.y - 35) } });
    },
    [screenToFlowPosition, onAdd, canChange],
  );

  return (
    <section ref={section} aria-label="Flow canvas" className="relative min-w-0 flex-1 bg-slate-50" data-testid="canvas">
      <ReactFlow<StepNodeType, ConnectionEdgeType>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onEdgeClick={(_, edge) => store.getState().selectConnection({ source: edge.source, target: edge.target })}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onNodeDragStart={() => store.getState().checkpoint()}
        onPaneClick={() => {
          store.getState().select(null);
          store.getState().selectConnection(null);
        }}
        onDragOver={(event) => {
          if (event.dataTransfer.types.includes(STEP_DRAG_TYPE)) {
            event.preventDefault();
            event.dataTransfer.dropEffect = "move";
          }
        }}
        onDrop={onDrop}
        nodesConnectable={canChange}
        deleteKeyCode={canChange ? ["Delete", "Backspace"] : null}
        fitView
        fitViewOptions={{ maxZoom: 1, padding: 0.3 }}
        minZoom={0.25}
        maxZoom={2}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={20} color="#cbd5e1" />
        <Controls showInteractive={false} position="bottom-left" />
      </ReactFlow>
      {document.nodes.length === 0 && <EmptyCanvas canChange={canChange} />}
    </section>
  );
}

function EmptyCanvas({ canChange }: { canChange: boolean }) {
  return (
    <div className="pointer-events-none absolute inset-0 flex items-center justify-center" data-testid="empty-canvas">
      <div className="max-w-sm rounded-2xl border-2 border-dashed border-slate-300 bg-white/80 px-8 py-10 text-center">
        <p className="text-base font-semibold text-slate-900">{canChange ? "Drag a trigger here to start" : "This flow has no steps yet"}</p>
        {canChange && (
          <p className="mt-2 text-sm text-slate-600">
            A flow starts with its trigger: a webhook that receives data, or a source polled on a schedule. Pick one under <strong>Triggers</strong> on the left
            (or press it and Enter).
          </p>
        )}
      </div>
    </div>
  );
}

/** Room kept between a step brought into view and the canvas's edge (the "+" after it included). */
const VIEW_MARGIN = 48;

/**
 * The viewport moved by the least that shows the whole step (with a margin), at the same zoom: a
 * step under the panel slides in from the right, the others move with it and no further.
 */
export function nudgeIntoView(
  position: { x: number; y: number },
  size: { width: number; height: number },
  viewport: { x: number; y: number; zoom: number },
  canvas: { width: number; height: number },
): { x: number; y: number; zoom: number } {
  const { zoom } = viewport;
  const left = position.x * zoom + viewport.x;
  const top = position.y * zoom + viewport.y;
  const right = left + size.width * zoom + VIEW_MARGIN;
  const bottom = top + size.height * zoom + VIEW_MARGIN;
  const dx = left < VIEW_MARGIN ? VIEW_MARGIN - left : right > canvas.width ? Math.max(canvas.width - right, VIEW_MARGIN - left) : 0;
  const dy = top < VIEW_MARGIN ? VIEW_MARGIN - top : bottom > canvas.height ? Math.max(canvas.height - bottom, VIEW_MARGIN - top) : 0;
  return { x: viewport.x + dx, y: viewport.y + dy, zoom };
}
