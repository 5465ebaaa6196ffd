import type { ConfigOption } from '../settings/config-option.js';

/**
 * The configured values of the venues' own options (each definition's `ownOptions.table`), by option key.
 * A key that is absent was not configured (a program that builds its settings by hand); the
 * command line gives every key, with its default where nothing set it.
 */
export type VenueOptionValues = Readonly<Record<string, unknown>>;

/** An option's configured value, or its default. */
export function optionValue<T>(values: VenueOptionValues | undefined, option: ConfigOption<T>): T {
  return values !== undefined && Object.hasOwn(values, option.key) ? (values[option.key] as T) : option.default;
}

/** An option's configured value, or undefined when it was not configured. */
export function configuredValue<T>(values: VenueOptionValues | undefined, option: ConfigOption<T>): T | undefined {
  return values !== undefined && Object.hasOwn(values, option.key) ? (values[option.key] as T) : undefined;
}
