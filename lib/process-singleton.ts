// Values that exist once per process: the database handle, the auth
// instance, background timers, caches. Kept on globalThis because route
// handlers, server actions and the proxy are separate bundles, each with its
// own copy of every module, and because development reloads modules.
const SLOTS = Symbol.for("callscope.process-singletons");
const holder = globalThis as typeof globalThis & { [SLOTS]?: Map<string, unknown> };

/** A named place for one value per process, to read, set and clear. */
export function processSlot<T>(name: string) {
  const slots = (holder[SLOTS] ??= new Map<string, unknown>());
  return {
    get: () => slots.get(name) as T | undefined,
    set: (value: T | undefined) => {
      if (value === undefined) slots.delete(name);
      else slots.set(name, value);
      return value;
    },
  };
}

/** The value under `name`, created by `create` on first use. */
export function processSingleton<T>(name: string, create: () => T): T {
  const slot = processSlot<T>(name);
  return slot.get() ?? (slot.set(create()) as T);
}
