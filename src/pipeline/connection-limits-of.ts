import type { ConnectionSettings } from '../config/connection-options.js';
import { DEFAULT_CONNECTION_LIMITS, type ConnectionLimits } from '../exchanges/connection-limits.js';
import type { ExchangeId } from '../model/index.js';

/** Each venue's connection limits with the configured streams per Binance connection, topic characters per Bybit connection and connection attempts per 5 minutes. */
export function connectionLimitsOf(settings: Partial<ConnectionSettings> | undefined): Readonly<Record<ExchangeId, ConnectionLimits>> {
  const binance = {
    ...(settings?.binanceMaxStreams === undefined ? {} : { maxTopics: settings.binanceMaxStreams }),
    ...(settings?.binanceAttempts === undefined ? {} : { connectionsPerWindow: settings.binanceAttempts }),
  };
  const bybit = {
    ...(settings?.bybitMaxTopicChars === undefined ? {} : { maxTopicChars: settings.bybitMaxTopicChars }),
    ...(settings?.bybitAttempts === undefined ? {} : { connectionsPerWindow: settings.bybitAttempts }),
  };
  return {
    bybit: { ...DEFAULT_CONNECTION_LIMITS.bybit, ...bybit },
    binance: { ...DEFAULT_CONNECTION_LIMITS.binance, ...binance },
    binance_us: { ...DEFAULT_CONNECTION_LIMITS.binance_us, ...binance },
    binance_testnet: { ...DEFAULT_CONNECTION_LIMITS.binance_testnet, ...binance },
  };
}
