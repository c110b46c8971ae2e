/**
 * Tables looked up by a name that comes from the user's file (a scheduler kind, a `get_scheduler`
 * name, a keyword argument): without a prototype, so `constructor`, `toString` or `__proto__` are
 * ordinary unknown names, not Object.prototype's members, and a `__proto__` key is an own property.
 */
export function nameTable<T>(entries: { readonly [name: string]: T } = {}): Record<string, T> {
  return Object.assign(Object.create(null) as Record<string, T>, entries);
}

/** `o[key] = value` as an own, enumerable property even for `__proto__` (a plain assignment would set the prototype). */
export function setOwn<T>(o: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}
