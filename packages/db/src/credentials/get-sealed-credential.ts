import type { Db } from "../db";
import { valuesOf } from "./credential-record";

/** A credential as a worker checks it: its values, and its secrets still sealed for its id. */
export interface SealedCredential {
  id: string;
  name: string;
  component: string;
  authKind: string;
  values: Record<string, unknown>;
  /** the sealed secrets, exactly as stored (see secret-envelope.ts) */
  envelope: string;
}

/**
 * INTERNAL: a credential of the workspace with its secrets sealed, to hand to a worker that opens
 * them (verifying it); never return the envelope from the API. Null when the workspace has no such credential.
 */
export async function getSealedCredential(db: Db, p: { workspaceId: string; credentialId: string }): Promise<SealedCredential | null> {
  const row = await db.prisma.credential.findFirst({ where: { id: p.credentialId, workspaceId: p.workspaceId } });
  if (!row) return null;
  return { id: row.id, name: row.name, component: row.component, authKind: row.authKind, values: valuesOf(row), envelope: row.secrets };
}
