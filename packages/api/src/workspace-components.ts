import { createHash } from "node:crypto";
import { builtinComponents } from "@interflow/components";
import { type Db, listInstalledComponents } from "@interflow/db";
import type { ComponentCatalog } from "@interflow/flow";
import { type ComponentDefinition, catalogOf, componentManifestSchema, definitionOfManifest } from "@interflow/sdk";

/** definitions read back from manifests, by workspace, name and the manifest's own digest (their JSON Schemas are read once) */
const definitions = new Map<string, ComponentDefinition>();

function definitionOf(workspaceId: string, record: { name: string; manifest: unknown }): ComponentDefinition {
  const key = `${workspaceId}/${record.name}/${createHash("sha256").update(JSON.stringify(record.manifest)).digest("hex")}`;
  let definition = definitions.get(key);
  if (!definition) {
    definition = definitionOfManifest(componentManifestSchema.parse(record.manifest));
    if (definitions.size > 500) definitions.clear();
    definitions.set(key, definition);
  }
  return definition;
}

/**
 * Every component a workspace's flows may use: the built-ins (`builtins`, the installation's) and
 * the custom components installed in the workspace, described by their manifests (their code
 * runs only in their own runners).
 */
export async function workspaceComponents(db: Db, workspaceId: string, builtins: readonly ComponentDefinition[] = builtinComponents): Promise<ComponentDefinition[]> {
  const installed = await listInstalledComponents(db, workspaceId);
  return [...builtins, ...installed.filter((record) => !builtins.some((c) => c.name === record.name)).map((record) => definitionOf(workspaceId, record))];
}

/** What flow validation needs of the workspace's components. */
export async function workspaceCatalog(db: Db, workspaceId: string, builtins?: readonly ComponentDefinition[]): Promise<ComponentCatalog> {
  return catalogOf(await workspaceComponents(db, workspaceId, builtins));
}
