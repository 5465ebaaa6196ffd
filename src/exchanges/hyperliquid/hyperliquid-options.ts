import { integer, type ConfigOption } from '../../settings/config-option.js';
import type { ConnectionLimits } from '../connection-limits.js';
import { configuredValue, type VenueOptionValues } from '../venue-option.js';
import { HYPERLIQUID_CONNECTION_LIMITS, HYPERLIQUID_NEW_CONNECTIONS_PER_MINUTE } from './hyperliquid-limits.js';

/**
 * New connections a minute to Hyperliquid from this IP address: the venue allows 30 (docs "Rate limits
 * and user limits"), counted over every client on the IP; another program opening sockets from it
 * leaves this one less.
 */
export const HYPERLIQUID_ATTEMPTS_OPTION: ConfigOption<number> = {
  key: 'connections.hyperliquidAttempts',
  env: 'MARKET_FEED_HYPERLIQUID_CONNECTION_ATTEMPTS',
  flag: 'hyperliquid-connection-attempts',
  default: HYPERLIQUID_CONNECTION_LIMITS.connectionsPerWindow,
  parse: integer(1, HYPERLIQUID_NEW_CONNECTIONS_PER_MINUTE),
  description: `connection attempts per minute to Hyperliquid from this IP address, by every process on it (the venue allows ${HYPERLIQUID_NEW_CONNECTIONS_PER_MINUTE}; a cluster's instances share it by the shards they hold)`,
};

/** Hyperliquid's own options, in the order `--help` lists them. */
export const HYPERLIQUID_OPTIONS: readonly ConfigOption[] = [HYPERLIQUID_ATTEMPTS_OPTION];

/** The connection limits Hyperliquid's configured options change (connection attempts a minute). */
export function hyperliquidLimitsOf(options: VenueOptionValues): Partial<ConnectionLimits> {
  const connectionsPerWindow = configuredValue(options, HYPERLIQUID_ATTEMPTS_OPTION);
  return connectionsPerWindow === undefined ? {} : { connectionsPerWindow };
}
