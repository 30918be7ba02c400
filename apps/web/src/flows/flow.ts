/** One row of `flows.list`, as the API sends it. */
export type { FlowSummary } from "@interflow/api";
