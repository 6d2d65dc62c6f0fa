/** Builds `?a=1&b=x&b=y` from an object, skipping undefined values and repeating array entries. */
export type QueryValue = string | number | boolean | undefined | readonly string[];

export function queryString(query: Record<string, QueryValue> | undefined): string {
  if (query === undefined) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (typeof value === 'object') for (const item of value) params.append(key, item);
    else params.append(key, String(value));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/** Encodes one path segment (names and ids may hold spaces or slashes). */
export const seg = (value: string | number): string => encodeURIComponent(String(value));
