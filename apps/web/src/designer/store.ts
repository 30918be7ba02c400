"use client";

import {
  AppError,
  applyOperation,
  type DraftDocument,
  type FlowIssue,
  type FlowOperation,
  type StepSample,
  type StepSamples,
  validateFlow,
} from "@interflow/flow";
import { createStore } from "zustand/vanilla";
import { type Catalog, catalogForValidation, functionOf, kindOf } from "./catalog";
import { fieldsOf } from "./fields";

/** How many edits undo can go back. */
const HISTORY_LIMIT = 100;

interface Snapshot {
  document: DraftDocument;
  samples: StepSamples;
}

export type SaveState = "saved" | "unsaved" | "saving" | "failed";

/** What a step did in a test run, as its badge on the canvas says. */
export type TestStepStatus = "ok" | "failed" | "filtered" | "canned" | "skipped";

export interface DesignerState {
  flowId: string;
  catalog: Catalog;
  document: DraftDocument;
  samples: StepSamples;
  /** the version the draft started from and the flow's current one */
  baseVersion: number;
  currentVersion: number;
  isDraft: boolean;
  past: Snapshot[];
  future: Snapshot[];
  /** rises with every change to document or samples: autosave saves when it is ahead of `savedRevision` */
  revision: number;
  savedRevision: number;
  saveState: SaveState;
  saveError: string | null;
  /** the graph rules, checked here on every edit with the server's own validateFlow */
  issues: FlowIssue[];
  /** what the server said on the last save (config validation needs the components' code) */
  serverIssues: FlowIssue[];
  selectedId: string | null;
  /** the Test flow panel is shown where a step's panel goes */
  testPanelOpen: boolean;
  /** what each step did in the last test run (its first run's status), shown on the canvas until the next */
  testStatus: Record<string, TestStepStatus>;
  /** the connection whose panel is open (what it lets through), instead of a step's */
  selectedConnection: { source: string; target: string } | null;
  /** the flow's own settings are shown where a step's panel goes (selecting a step closes them) */
  flowSettingsOpen: boolean;
  /** sizes xyflow measured, by step id (kept apart from the document) */
  measured: Record<string, { width: number; height: number }>;
  /** the last refused edit, shown until the next one */
  refusal: string | null;
}

export interface DesignerActions {
  /** one named edit; `history: false` for the many small moves of one drag (see `checkpoint`) */
  apply(operation: FlowOperation, options?: { history?: boolean }): boolean;
  /** remembers the current state for undo (before a drag that moves a step many times) */
  checkpoint(): void;
  undo(): void;
  redo(): void;
  setSample(stepId: string, sample: StepSample | undefined): void;
  select(id: string | null): void;
  /** shows (other panels close) or hides the Test flow panel */
  showTestPanel(open: boolean): void;
  setTestStatus(status: Record<string, TestStepStatus>): void;
  /** opens a connection's panel (a step's panel and the flow's settings close) */
  selectConnection(connection: { source: string; target: string } | null): void;
  /** shows (the step's panel closes) or hides the flow's settings */
  showFlowSettings(open: boolean): void;
  setMeasured(id: string, size: { width: number; height: number }): void;
  saving(revision: number): void;
  saved(result: { revision: number; serverIssues: FlowIssue[]; baseVersion: number; currentVersion: number }): void;
  saveFailed(message: string): void;
  /** after publishing: the draft became version `version` */
  published(version: number): void;
}

export type DesignerStore = ReturnType<typeof createDesignerStore>;

/** Required settings left empty, at once (the server's validation says the rest after the autosave). */
function missingRequired(document: DraftDocument, catalog: Catalog): FlowIssue[] {
  return document.nodes.flatMap((node, i) => {
    const found = functionOf(catalog, node.component, node.function);
    if (!found) return [];
    return fieldsOf(found.fn)
      .filter((field) => field.required && isEmpty(node.config[field.key]))
      .map((field) => ({
        rule: "invalid-config" as const,
        nodeId: node.id,
        path: `nodes[${i}].config.${field.key}`,
        message: `node "${node.id}": ${field.label} is required`,
      }));
  });
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === "string" && value.trim() === "");
}

/** What is wrong with the draft that the browser can tell: the graph rules (the server's own validateFlow) and required settings. */
function graphIssues(document: DraftDocument, catalog: Catalog): FlowIssue[] {
  if (document.nodes.length === 0) return [];
  const validation = validateFlow(document, catalogForValidation(catalog));
  return [...(validation.ok ? [] : validation.issues), ...missingRequired(document, catalog)];
}

/** What the designer opens with: the flow's draft (or current version), its samples and issues. */
export type DesignerInit = Pick<DesignerState, "flowId" | "catalog" | "document" | "samples" | "baseVersion" | "currentVersion" | "isDraft" | "serverIssues">;

export function createDesignerStore(init: DesignerInit) {
  return createStore<DesignerState & DesignerActions>()((set, get) => {
    const remember = (state: DesignerState) => ({
      past: [...state.past, { document: state.document, samples: state.samples }].slice(-HISTORY_LIMIT),
      future: [],
    });
    const changed = (state: DesignerState, next: Snapshot) => ({
      ...next,
      issues: next.document === state.document ? state.issues : graphIssues(next.document, state.catalog),
      revision: state.revision + 1,
      saveState: "unsaved" as const,
      refusal: null,
    });
    return {
      ...init,
      past: [],
      future: [],
      revision: 0,
      savedRevision: 0,
      saveState: "saved",
      saveError: null,
      issues: graphIssues(init.document, init.catalog),
      selectedId: null,
      selectedConnection: null,
      testPanelOpen: false,
      testStatus: {},
      flowSettingsOpen: false,
      measured: {},
      refusal: null,

      apply(operation, options) {
        const state = get();
        let document: DraftDocument;
        try {
          document = applyOperation(state.document, operation, (component, fn) => kindOf(state.catalog, component, fn));
        } catch (error) {
          if (error instanceof AppError) {
            set({ refusal: error.message });
            return false;
          }
          throw error;
        }
        if (document === state.document) return true;
        let samples = state.samples;
        let selectedId = state.selectedId;
        if (operation.type === "remove-step") {
          const { [operation.id]: _removed, ...rest } = samples;
          samples = rest;
          if (selectedId === operation.id) selectedId = null;
        }
        set({ ...(options?.history === false ? {} : remember(state)), ...changed(state, { document, samples }), selectedId });
        return true;
      },
      checkpoint() {
        set(remember(get()));
      },
      undo() {
        const state = get();
        const previous = state.past.at(-1);
        if (!previous) return;
        set({
          ...changed(state, previous),
          past: state.past.slice(0, -1),
          future: [{ document: state.document, samples: state.samples }, ...state.future],
          selectedId: previous.document.nodes.some((n) => n.id === state.selectedId) ? state.selectedId : null,
        });
      },
      redo() {
        const state = get();
        const next = state.future[0];
        if (!next) return;
        set({
          ...changed(state, next),
          past: [...state.past, { document: state.document, samples: state.samples }],
          future: state.future.slice(1),
          selectedId: next.document.nodes.some((n) => n.id === state.selectedId) ? state.selectedId : null,
        });
      },
      setSample(stepId, sample) {
        const state = get();
        const { [stepId]: _old, ...rest } = state.samples;
        const samples = sample ? { ...rest, [stepId]: sample } : rest;
        set({ ...remember(state), ...changed(state, { document: state.document, samples }) });
      },
      select(id) {
        const state = get();
        if (state.selectedId !== id) set({ selectedId: id, ...(id !== null ? { flowSettingsOpen: false, selectedConnection: null, testPanelOpen: false } : {}) });
      },
      selectConnection(connection) {
        const current = get().selectedConnection;
        if (current?.source === connection?.source && current?.target === connection?.target) return;
        set({ selectedConnection: connection, ...(connection ? { selectedId: null, flowSettingsOpen: false, testPanelOpen: false } : {}) });
      },
      showTestPanel(open) {
        if (get().testPanelOpen !== open) set({ testPanelOpen: open, ...(open ? { selectedId: null, selectedConnection: null, flowSettingsOpen: false } : {}) });
      },
      setTestStatus(status) {
        set({ testStatus: status });
      },
      showFlowSettings(open) {
        if (get().flowSettingsOpen !== open) set({ flowSettingsOpen: open, ...(open ? { selectedId: null, selectedConnection: null, testPanelOpen: false } : {}) });
      },
      setMeasured(id, size) {
        const current = get().measured[id];
        if (current?.width === size.width && current?.height === size.height) return;
        set({ measured: { ...get().measured, [id]: size } });
      },
      saving() {
        set({ saveState: "saving", saveError: null });
      },
      saved({ revision, serverIssues, baseVersion, currentVersion }) {
        const state = get();
        set({
          savedRevision: revision,
          saveState: revision >= state.revision ? "saved" : "unsaved",
          saveError: null,
          serverIssues,
          baseVersion,
          currentVersion,
          isDraft: true,
        });
      },
      saveFailed(message) {
        set({ saveState: "failed", saveError: message });
      },
      published(version) {
        set({ baseVersion: version, currentVersion: version, isDraft: false, serverIssues: [] });
      },
    };
  });
}
