import type { CredentialDefinition, CredentialVerification, CredentialVerifyContext } from "@interflow/sdk";
import { connectionStringProblem, describePgError, serverOf, withConnection } from "./connection";

/**
 * Verifies a postgres credential: connects and asks who it is. The server refusing the user or
 * the password, a database that does not exist, a host that is not there: each says so, naming
 * the connection string (the form shows the message next to it). Never quotes the string.
 */
export async function verifyPostgresCredential({ fields, signal }: CredentialVerifyContext): Promise<CredentialVerification> {
  const problem = connectionStringProblem(fields.connectionString);
  if (problem) return { verified: false, field: "connectionString", message: problem };
  const connectionString = String(fields.connectionString).trim();
  const server = serverOf(connectionString);
  try {
    await withConnection(connectionString, signal, (client) => client.query("SELECT current_user, current_database()"));
    return { verified: true };
  } catch (error) {
    return { verified: false, field: "connectionString", message: describePgError(error, server).message };
  }
}

export const postgresCredentials: CredentialDefinition[] = [
  {
    authKind: "custom",
    title: "Connection string",
    fields: [
      {
        key: "connectionString",
        label: "Connection string",
        type: "password",
        required: true,
        placeholder: "postgres://user:password@db.example.com:5432/shop",
        help: {
          description:
            "postgres://user:password@host:port/database, as your database provider shows it (add ?sslmode=require when it asks for TLS). It holds the password, so it is stored encrypted and never shown again.",
          link: "components/postgres#credentials",
        },
      },
    ],
    verify: verifyPostgresCredential,
    help: {
      description: "Verify connects once and asks the server who it is. Give the user only the rights the flow needs (read the tables it polls, write the ones it upserts).",
      link: "components/postgres#credentials",
    },
  },
];
