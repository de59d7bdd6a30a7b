/**
 * A writable view of a readonly state type. Step functions take an optional `into` of this type
 * to fill instead of allocating (the kernel double-buffers two per block); `into` must never be
 * the `prev` argument itself.
 */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };
