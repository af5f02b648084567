import { type ClassNameValue, twMerge } from "tailwind-merge";

/**
 * Class lists joined into one, falsy parts left out. Of two Tailwind classes
 * that set the same thing, the later one is kept, so a caller's className
 * wins over a primitive's own.
 */
export const cn = (...classes: ClassNameValue[]) => twMerge(classes);
