import type { z } from "zod";

export type FunctionKind = "trigger" | "action";

/** What validation needs to know about the registered components (no code, no I/O). */
export interface CatalogFunction {
  kind: FunctionKind;
  /** validates `node.config`; parse errors are reported at the node */
  config?: z.ZodType;
}

export interface CatalogComponent {
  functions: Record<string, CatalogFunction>;
}

export type ComponentCatalog = Record<string, CatalogComponent>;
