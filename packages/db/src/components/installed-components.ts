import { AppError, AppErrorCode } from "@interflow/flow";
import type { Db } from "../db";

/** A custom component of a workspace, as installed (its manifest as stored: the SDK's ComponentManifest). */
export interface InstalledComponentRecord {
  name: string;
  version: string;
  image: string;
  manifest: unknown;
  bundleSha256: string;
  installedAt: Date;
  installedBy: string;
}

const summary = { name: true, version: true, image: true, manifest: true, bundleSha256: true, installedAt: true, installedBy: true } as const;

/**
 * Installs a custom component in the workspace, or replaces its installed version (flows running
 * the old version keep their runners until they are started again). Returns the version replaced.
 */
export async function installComponent(
  db: Db,
  p: { workspaceId: string; name: string; version: string; image: string; manifest: unknown; bundle: string; bundleSha256: string; installedBy: string },
): Promise<{ replaced: string | null }> {
  const data = { version: p.version, image: p.image, manifest: p.manifest as object, bundle: p.bundle, bundleSha256: p.bundleSha256, installedBy: p.installedBy, installedAt: new Date() };
  return db.prisma.$transaction(async (tx) => {
    const existing = await tx.installedComponent.findUnique({ where: { workspaceId_name: { workspaceId: p.workspaceId, name: p.name } }, select: { version: true } });
    await tx.installedComponent.upsert({
      where: { workspaceId_name: { workspaceId: p.workspaceId, name: p.name } },
      create: { workspaceId: p.workspaceId, name: p.name, ...data },
      update: data,
    });
    return { replaced: existing?.version ?? null };
  });
}

/** The workspace's custom components, by name. */
export function listInstalledComponents(db: Db, workspaceId: string): Promise<InstalledComponentRecord[]> {
  return db.prisma.installedComponent.findMany({ where: { workspaceId }, select: summary, orderBy: { name: "asc" } });
}

/** What a runner of the component needs: its image and its code. */
export async function getComponentCode(
  db: Db,
  p: { workspaceId: string; name: string },
): Promise<{ version: string; image: string; manifest: unknown; bundle: string; bundleSha256: string } | null> {
  return db.prisma.installedComponent.findUnique({
    where: { workspaceId_name: p },
    select: { version: true, image: true, manifest: true, bundle: true, bundleSha256: true },
  });
}

/** Removes a custom component; refused (CONFLICT, naming them) while flows' current versions or drafts use it. */
export async function uninstallComponent(db: Db, p: { workspaceId: string; name: string }): Promise<{ version: string }> {
  return db.prisma.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<Array<{ version: string }>>`
      SELECT version FROM "InstalledComponent" WHERE "workspaceId" = ${p.workspaceId} AND name = ${p.name} FOR UPDATE`;
    if (!row) throw new AppError(AppErrorCode.NotFound, `name: no component "${p.name}" is installed in this workspace`);
    const flows = await tx.$queryRaw<Array<{ name: string }>>`
      SELECT f.name FROM "Flow" f LEFT JOIN "FlowVersion" v ON v.id = f."currentVersionId"
      WHERE f."workspaceId" = ${p.workspaceId}
        AND (coalesce(jsonb_path_exists(v.document, '$.nodes[*] ? (@.component == $c)', jsonb_build_object('c', ${p.name}::text)), false)
          OR coalesce(jsonb_path_exists(f.draft, '$.nodes[*] ? (@.component == $c)', jsonb_build_object('c', ${p.name}::text)), false))
      ORDER BY f.name`;
    if (flows.length > 0) {
      const named = flows.map((f) => `"${f.name}"`).join(", ");
      throw new AppError(AppErrorCode.Conflict, `name: the component "${p.name}" is used by ${flows.length === 1 ? "the flow" : "the flows"} ${named}: remove its steps first`);
    }
    await tx.$executeRaw`DELETE FROM "InstalledComponent" WHERE "workspaceId" = ${p.workspaceId} AND name = ${p.name}`;
    return { version: row.version };
  });
}
