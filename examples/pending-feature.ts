/**
 * Some examples show server features not every Conductor server has (Conductor OSS lacks /variables, older
 * versions lack update-v2 or search-v2). `unlessMissing` runs such
 * a part and, when the server answers that the endpoint does not exist, prints one `skipped (<part>): needs
 * <feature>` line instead of failing. examples/run-all.mjs reports those parts as skipped, never as passed.
 */
import { ConductorError } from '@baton/sdk';

/**
 * Runs `part`; returns its result, or undefined (after printing the skip line) when the server has no such
 * endpoint: a 404 (no route, or a literal path such as /workflow/search taken for an id) or a 405.
 */
export async function unlessMissing<T>(
  part: string,
  feature: string,
  call: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof ConductorError) || (error.status !== 404 && error.status !== 405)) throw error;
    console.log(`skipped (${part}): needs ${feature} [server said ${error.status}: ${error.serverMessage}]`);
    return undefined;
  }
}
