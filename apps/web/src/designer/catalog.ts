import type { ComponentCatalog } from "@interflow/flow";
import type { RouterOutputs } from "@/trpc/outputs";

export type ComponentView = RouterOutputs["components"]["list"]["components"][number];
export type FunctionView = ComponentView["functions"][number];
export type HelpView = NonNullable<FunctionView["help"]>;
export type Catalog = ComponentView[];

/** One trigger or action of the palette: its component and function together. */
export interface PaletteItem {
  key: string;
  component: ComponentView;
  fn: FunctionView;
}

/** "Component: function" as people read it, or the one title when both say the same (Filter, Split, Batch, Wait). */
export function stepTitleOf(p: { component: { title: string }; fn: { title: string } }): string {
  return p.component.title === p.fn.title ? p.fn.title : `${p.component.title}: ${p.fn.title}`;
}

export function paletteItemsOf(catalog: Catalog): PaletteItem[] {
  return catalog.flatMap((component) => component.functions.map((fn) => ({ key: `${component.name}.${fn.name}`, component, fn })));
}

export function functionOf(catalog: Catalog, component: string, fn: string): { component: ComponentView; fn: FunctionView } | undefined {
  const found = catalog.find((c) => c.name === component);
  const f = found?.functions.find((x) => x.name === fn);
  return found && f ? { component: found, fn: f } : undefined;
}

export function kindOf(catalog: Catalog, component: string, fn: string): "trigger" | "action" | undefined {
  return functionOf(catalog, component, fn)?.fn.kind;
}

/**
 * What validateFlow needs in the browser: every function's kind. Config schemas stay on the server
 * (they are the components' code); the server's answer to each autosave adds those issues.
 */
export function catalogForValidation(catalog: Catalog): ComponentCatalog {
  return Object.fromEntries(
    catalog.map((component) => [component.name, { functions: Object.fromEntries(component.functions.map((fn) => [fn.name, { kind: fn.kind }])) }]),
  );
}
