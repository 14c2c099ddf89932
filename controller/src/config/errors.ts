/** A configuration problem, reported as one line: what, where (file:line path) and what was expected. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly field: string,
    readonly detail: string,
    readonly line?: number,
  ) {
    super(`${file}${line ? `:${line}` : ""}: ${field ? `${field}: ` : ""}${detail}`);
    this.name = "ConfigError";
  }
}
