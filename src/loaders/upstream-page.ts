/** One page of an upstream list, in a uniform shape. */
export interface UpstreamPage<T> {
  items: T[];
  nextToken?: string;
}

/** Reads every page of an upstream list; for lists that are short by nature (tags, types). */
export async function allPages<T>(fetch: (token?: string) => Promise<UpstreamPage<T>>): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  do {
    const page = await fetch(token);
    items.push(...page.items);
    token = page.nextToken;
  } while (token);
  return items;
}
