import type { CredentialDefinition, CredentialVerification, CredentialVerifyContext } from "@interflow/sdk";
import { connectionStringProblem, describeMysqlError, serverOf, withConnection } from "./connection";

/**
 * Verifies a MySQL/MariaDB credential: connects and asks who it is. The server refusing the user or
 * the password, a database that does not exist or the user may not use, a host that is not there:
 * each says so, naming the connection string (the form shows the message next to it). Never quotes
 * the string.
 */
export async function verifyMysqlCredential({ fields, signal }: CredentialVerifyContext): Promise<CredentialVerification> {
  const problem = connectionStringProblem(fields.connectionString);
  if (problem) return { verified: false, field: "connectionString", message: problem };
  const connectionString = String(fields.connectionString).trim();
  try {
    await withConnection(connectionString, signal, (connection) => connection.query("SELECT CURRENT_USER(), DATABASE(), VERSION()"));
    return { verified: true };
  } catch (error) {
    return { verified: false, field: "connectionString", message: describeMysqlError(error, serverOf(connectionString)).message };
  }
}

export const mysqlCredentials: CredentialDefinition[] = [
  {
    authKind: "custom",
    title: "Connection string",
    fields: [
      {
        key: "connectionString",
        label: "Connection string",
        type: "password",
        required: true,
        placeholder: "mysql://user:password@db.example.com:3306/shop",
        help: {
          description:
            "mysql://user:password@host:port/database (mariadb:// works too), as your database provider shows it; add ?ssl=true when it asks for TLS (?ssl=skip-verify for a self-signed certificate). It holds the password, so it is stored encrypted and never shown again.",
          link: "components/mysql#credentials",
        },
      },
    ],
    verify: verifyMysqlCredential,
    help: {
      description: "Verify connects once and asks the server who it is. Give the user only the rights the flow needs (SELECT on the tables it polls, INSERT and UPDATE on the ones it upserts).",
      link: "components/mysql#credentials",
    },
  },
];
