// What the commands share about failing: one line that says what went wrong (the embedded server's and the
// tool installers' errors already name the remedy), then exit 1. No stack trace: it helps nobody here.
export function exitWithError(prefix: string, error: unknown): never {
  console.error(`[${prefix}] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
