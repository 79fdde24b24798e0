/**
 * Graph matches object ids in any letter case: `/users/B828CC0E-…` is the same user as `/users/b828cc0e-…`. Every
 * index the tenant looks objects up in by id is an IdMap, so that holds for each URL and body that names an object,
 * in one place rather than route by route. Only the key is folded: the objects keep their ids as stored (lower case,
 * as Graph writes them), and that is what every response shows.
 */

/** The form an id is looked up by. */
export function idKey(id: string): string {
  return id.toLowerCase();
}

/** Whether two object ids name the same object. */
export function sameId(a: string | null | undefined, b: string | null | undefined): boolean {
  return typeof a === 'string' && typeof b === 'string' && idKey(a) === idKey(b);
}

/** A Map from object id to object that finds an id in any letter case. */
export class IdMap<V> extends Map<string, V> {
  override get(id: string): V | undefined {
    return super.get(idKey(id));
  }

  override has(id: string): boolean {
    return super.has(idKey(id));
  }

  override set(id: string, value: V): this {
    return super.set(idKey(id), value);
  }

  override delete(id: string): boolean {
    return super.delete(idKey(id));
  }
}
