// `npm run credential:rotate-key` (until `interflow credential rotate-key` exists in packages/cli):
//   INTERFLOW_PREVIOUS_ENCRYPTION_KEY=<the key in use> INTERFLOW_ENCRYPTION_KEY=<the new key> \
//   DATABASE_URL=postgres://… npm run credential:rotate-key
// then start the platform with the new key.
import { rotateCredentialKeyFromEnv } from "../credentials/rotate-key-command";

try {
  const { summary } = await rotateCredentialKeyFromEnv(process.env);
  console.log(summary);
} catch (error) {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
