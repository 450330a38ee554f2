/**
 * JSON with Dates intact. SDK outputs carry `Date`s; plain JSON would bring
 * them back as strings and every `DateTime` field would then be wrong.
 */
const DATE_TAG = '$date';

/** Serializes a value, tagging Dates so {@link decodeValue} can restore them. */
export function encodeValue(value: unknown): string {
  return JSON.stringify(value, function replacer(this: Record<string, unknown>, key: string, v: unknown) {
    const raw = this[key];
    return raw instanceof Date ? { [DATE_TAG]: raw.getTime() } : v;
  });
}

/** Parses what {@link encodeValue} wrote. */
export function decodeValue<T>(text: string): T {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const tagged = (v as Record<string, unknown>)[DATE_TAG];
      if (typeof tagged === 'number' && Object.keys(v).length === 1) return new Date(tagged);
    }
    return v;
  }) as T;
}
