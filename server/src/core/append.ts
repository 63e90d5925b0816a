// Appends one array to another element by element: `push(...items)` passes every element as an argument and overflows the stack on large inputs.

export function appendAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}
