import { appRouter, type ComponentView, componentCatalog, createContext, getApiServicesFromEnv } from "@interflow/api";
import { headers } from "next/headers";
import { cache } from "react";

/**
 * The component a docs page is about: a built-in (public, as the docs are), or one installed in
 * the visitor's workspace (its definition is the workspace's: only its members see its page).
 */
export const readComponentDocs = cache(async (name: string): Promise<ComponentView | undefined> => {
  const builtin = componentCatalog("/docs").find((component) => component.name === name);
  if (builtin) return builtin;
  const context = await createContext({ services: getApiServicesFromEnv(), headers: await headers() });
  if (!context.caller) return undefined;
  const { components } = await appRouter.createCaller(context).components.list();
  return components.find((component) => component.name === name);
});
