import { z } from 'zod';

/** Configuration that failed validation at boot; `issues` lists each variable with what was expected. */
export class ServiceConfigError extends Error {
  readonly code = 'INVALID_CONFIG';
  readonly issues: string[];

  constructor(issues: string[]) {
    super(`invalid service configuration:\n${issues.map((issue) => `  - ${issue}`).join('\n')}`);
    this.name = 'ServiceConfigError';
    this.issues = issues;
  }
}

/** Environment variables every service reads: `PORT` (default 8080) and `HOST` (default 127.0.0.1). */
export const serviceEnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
});

/**
 * Validates environment variables with a zod schema and returns the parsed configuration.
 *
 * Error messages name each invalid variable and what was expected but never echo the received value, because
 * environment variables may hold secrets.
 * @throws {ServiceConfigError} listing every invalid or missing variable.
 */
export function loadServiceConfig<Schema extends z.ZodType>(
  schema: Schema,
  env: Record<string, string | undefined> = process.env,
): z.output<Schema> {
  const result = schema.safeParse(env);
  if (result.success) {
    return result.data;
  }
  const issues = result.error.issues.map((issue) => {
    const name = issue.path.length > 0 ? issue.path.map(String).join('.') : '(environment)';
    return `${name}: ${issue.message}`;
  });
  throw new ServiceConfigError(issues);
}
