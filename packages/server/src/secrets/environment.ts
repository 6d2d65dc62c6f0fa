/**
 * The operator's environment allow-list: `GET /api/environment` and `${workflow.env.NAME}` see exactly these
 * variables of the server's process, nothing else.
 */
export class AllowedEnvironment {
  private readonly values: ReadonlyMap<string, string>;

  constructor(names: readonly string[], env: NodeJS.ProcessEnv = process.env) {
    const values = new Map<string, string>();
    for (const name of names) {
      const value = env[name];
      if (value !== undefined) values.set(name, value);
    }
    this.values = values;
  }

  get(name: string): string | undefined {
    return this.values.get(name);
  }

  /** Orkes' EnvironmentVariable list. */
  list(): { name: string; value: string; tags: [] }[] {
    return [...this.values].map(([name, value]) => ({ name, value, tags: [] }));
  }
}
