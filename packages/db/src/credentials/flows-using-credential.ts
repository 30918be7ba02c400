import type { Db } from "../db";
import type { Prisma } from "../generated/prisma/client";

/** A flow whose current version or draft has a step using a credential. */
export interface FlowUsingCredential {
  id: string;
  name: string;
  inCurrentVersion: boolean;
  inDraft: boolean;
}

type Client = Db["prisma"] | Prisma.TransactionClient;

/** The workspace's flows whose current version or draft (any JSON) has a node with this `credentialId`, by name. */
export async function queryFlowsUsingCredential(client: Client, p: { workspaceId: string; credentialId: string }): Promise<FlowUsingCredential[]> {
  const rows = await client.$queryRaw<FlowUsingCredential[]>`
    WITH used AS (
      SELECT f.id, f.name,
        coalesce(jsonb_path_exists(v.document, '$.nodes[*] ? (@.credentialId == $id)', jsonb_build_object('id', ${p.credentialId}::text)), false) AS "inCurrentVersion",
        coalesce(jsonb_path_exists(f.draft, '$.nodes[*] ? (@.credentialId == $id)', jsonb_build_object('id', ${p.credentialId}::text)), false) AS "inDraft"
      FROM "Flow" f LEFT JOIN "FlowVersion" v ON v.id = f."currentVersionId"
      WHERE f."workspaceId" = ${p.workspaceId}
    )
    SELECT * FROM used WHERE "inCurrentVersion" OR "inDraft" ORDER BY name, id`;
  return rows;
}

export function flowsUsingCredential(db: Db, p: { workspaceId: string; credentialId: string }): Promise<FlowUsingCredential[]> {
  return queryFlowsUsingCredential(db.prisma, p);
}
