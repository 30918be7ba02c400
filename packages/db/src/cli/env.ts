import { z } from "zod";

const cliEnvSchema = z.object({
  DATABASE_URL: z.string().url().optional(),
});

/** The environment of the db developer commands, read in this one place. */
export function readCliEnv(): z.infer<typeof cliEnvSchema> {
  return cliEnvSchema.parse(process.env);
}
