import type { Db } from "../db";
import { envelopeKeyId } from "./secret-envelope";

/**
 * How many credentials of the installation are sealed with each encryption key, by key id: what a
 * start compares with its key (credentials sealed with another one cannot be opened). Reads the
 * envelopes' key ids only, never opens one.
 */
export async function countCredentialsByKey(db: Db): Promise<Record<string, number>> {
  const rows = await db.prisma.$queryRaw<Array<{ secrets: string }>>`SELECT secrets FROM "Credential"`;
  const counts: Record<string, number> = {};
  for (const row of rows) {
    const keyId = envelopeKeyId(row.secrets);
    counts[keyId] = (counts[keyId] ?? 0) + 1;
  }
  return counts;
}
