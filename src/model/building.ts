/** `T` with every property writable: a record being built (by a mapper, an operator), before it is handed out. */
export type Building<T> = { -readonly [K in keyof T]: T[K] };
