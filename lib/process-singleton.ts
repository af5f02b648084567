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

/**
 * An error class that `instanceof` recognises by a mark shared by the whole
 * process rather than by the class object. A value made once per process is
 * made by whichever bundle asks first, so the errors it throws are instances
 * of that bundle's copy of their class; a handler in another bundle would not
 * recognise them by the class alone.
 */
export function processWideError(name: string) {
  const mark = Symbol.for(`callscope.errors.${name}`);
  return class extends Error {
    constructor(message: string) {
      super(message);
      this.name = name;
      Object.defineProperty(this, mark, { value: true });
    }
    static [Symbol.hasInstance](value: unknown): boolean {
      return typeof value === "object" && value !== null && mark in value;
    }
  };
}
