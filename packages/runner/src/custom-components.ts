import { isAbsolute } from "node:path";
import { pathToFileURL } from "node:url";
import { type ComponentDefinition, componentOfModule } from "@interflow/sdk";

/** where a custom component's image (or the process runtime) tells the runner its code is: absolute paths, ":"-separated */
export const COMPONENT_MODULES_VARIABLE = "INTERFLOW_COMPONENT_MODULES";

/**
 * Imports the custom components a runner was given (each module's default export, or its
 * `component`), so its step can be one of theirs. A module that is not a component is an error
 * naming the file.
 */
export async function loadCustomComponents(list: string | undefined): Promise<ComponentDefinition[]> {
  const files = (list ?? "").split(":").filter((file) => file.length > 0);
  const components: ComponentDefinition[] = [];
  for (const file of files) {
    if (!isAbsolute(file)) throw new Error(`${COMPONENT_MODULES_VARIABLE}: "${file}" is not an absolute path`);
    const module = (await import(pathToFileURL(file).href)) as { default?: unknown; component?: unknown };
    const component = componentOfModule(module);
    if (!component) throw new Error(`${COMPONENT_MODULES_VARIABLE}: ${file} exports no component (export default defineComponent(…))`);
    components.push(component);
  }
  return components;
}
