// Errors that reach the user as one line and a contract exit code (CONTRACT.md), never as a stack trace.

/** Bad usage or unreadable input: exit 2. The message names the flag or file and what is wrong. */
export class UsageError extends Error {
  readonly exitCode = 2;
}

/** The target could not be reached at all (no API server, no credentials): exit 3. */
export class UnreachableError extends Error {
  readonly exitCode = 3;
}

export function exitCodeOf(err: unknown): number | undefined {
  if (err instanceof UsageError || err instanceof UnreachableError) return err.exitCode;
  return undefined;
}
