import { describe, expect, it } from 'vitest';
import { loadConfig } from './load-config.js';
import { VENUE_URL_OPTIONS } from './venue-options.js';

describe('the venues URL options', () => {
  it('keep the names, variables and defaults users set them by', () => {
    expect(VENUE_URL_OPTIONS.map((o) => [o.key, o.flag, o.env, o.default])).toEqual([
      ['urls.bybit', 'bybit-url', 'BYBIT_WS_URL', 'wss://stream.bybit.com/v5/public/spot'],
      ['urls.binance', 'binance-url', 'BINANCE_WS_URL', 'wss://stream.binance.com:9443/stream'],
      ['urls.binance_us', 'binance-us-url', 'BINANCE_US_WS_URL', 'wss://stream.binance.us:9443/stream'],
      ['urls.binance_testnet', 'binance-testnet-url', 'BINANCE_TESTNET_WS_URL', 'wss://stream.testnet.binance.vision/stream'],
      ['urls.coinbase', 'coinbase-url', 'COINBASE_WS_URL', 'wss://advanced-trade-ws.coinbase.com'],
      ['urls.kraken', 'kraken-url', 'KRAKEN_WS_URL', 'wss://ws.kraken.com/v2'],
      ['urls.bybit_linear', 'bybit-linear-url', 'BYBIT_LINEAR_WS_URL', 'wss://stream.bybit.com/v5/public/linear'],
      ['urls.binance_usdm', 'binance-usdm-url', 'BINANCE_USDM_WS_URL', 'wss://fstream.binance.com'],
      ['urls.okx', 'okx-url', 'OKX_WS_URL', 'wss://ws.okx.com:8443/ws/v5'],
      ['urls.okx_swap', 'okx-swap-url', 'OKX_SWAP_WS_URL', 'wss://ws.okx.com:8443/ws/v5'],
      ['urls.hyperliquid', 'hyperliquid-url', 'HYPERLIQUID_WS_URL', 'wss://api.hyperliquid.xyz/ws'],
      ['urls.deribit', 'deribit-url', 'DERIBIT_WS_URL', 'wss://www.deribit.com/ws/api/v2'],
      ['urls.deribit_options', 'deribit-options-url', 'DERIBIT_OPTIONS_WS_URL', 'wss://www.deribit.com/ws/api/v2'],
      ['urls.bybit_inverse', 'bybit-inverse-url', 'BYBIT_INVERSE_WS_URL', 'wss://stream.bybit.com/v5/public/inverse'],
      ['urls.binance_coinm', 'binance-coinm-url', 'BINANCE_COINM_WS_URL', 'wss://dstream.binance.com'],
      ['urls.bitget', 'bitget-url', 'BITGET_WS_URL', 'wss://ws.bitget.com/v2/ws/public'],
      ['urls.bitget_futures', 'bitget-futures-url', 'BITGET_FUTURES_WS_URL', 'wss://ws.bitget.com/v2/ws/public'],
      ['urls.gate', 'gate-url', 'GATE_WS_URL', 'wss://api.gateio.ws/ws/v4/'],
      ['urls.gate_futures', 'gate-futures-url', 'GATE_FUTURES_WS_URL', 'wss://fx-ws.gateio.ws/v4/ws/usdt'],
      ['urls.bybit_options', 'bybit-options-url', 'BYBIT_OPTIONS_WS_URL', 'wss://stream.bybit.com/v5/public/option'],
      ['urls.okx_options', 'okx-options-url', 'OKX_OPTIONS_WS_URL', 'wss://ws.okx.com:8443/ws/v5'],
      ['urls.binance_options', 'binance-options-url', 'BINANCE_OPTIONS_WS_URL', 'wss://fstream.binance.com'],
      ['restUrls.bybit', 'bybit-rest-url', 'BYBIT_REST_URL', 'https://api.bybit.com'],
      ['restUrls.binance', 'binance-rest-url', 'BINANCE_REST_URL', 'https://api.binance.com'],
      ['restUrls.binance_us', 'binance-us-rest-url', 'BINANCE_US_REST_URL', 'https://api.binance.us'],
      ['restUrls.binance_testnet', 'binance-testnet-rest-url', 'BINANCE_TESTNET_REST_URL', 'https://testnet.binance.vision'],
      ['restUrls.coinbase', 'coinbase-rest-url', 'COINBASE_REST_URL', 'https://api.coinbase.com'],
      ['restUrls.kraken', 'kraken-rest-url', 'KRAKEN_REST_URL', 'https://api.kraken.com'],
      ['restUrls.bybit_linear', 'bybit-linear-rest-url', 'BYBIT_LINEAR_REST_URL', 'https://api.bybit.com'],
      ['restUrls.binance_usdm', 'binance-usdm-rest-url', 'BINANCE_USDM_REST_URL', 'https://fapi.binance.com'],
      ['restUrls.okx', 'okx-rest-url', 'OKX_REST_URL', 'https://www.okx.com'],
      ['restUrls.okx_swap', 'okx-swap-rest-url', 'OKX_SWAP_REST_URL', 'https://www.okx.com'],
      ['restUrls.hyperliquid', 'hyperliquid-rest-url', 'HYPERLIQUID_REST_URL', 'https://api.hyperliquid.xyz'],
      ['restUrls.deribit', 'deribit-rest-url', 'DERIBIT_REST_URL', 'https://www.deribit.com'],
      ['restUrls.deribit_options', 'deribit-options-rest-url', 'DERIBIT_OPTIONS_REST_URL', 'https://www.deribit.com'],
      ['restUrls.bybit_inverse', 'bybit-inverse-rest-url', 'BYBIT_INVERSE_REST_URL', 'https://api.bybit.com'],
      ['restUrls.binance_coinm', 'binance-coinm-rest-url', 'BINANCE_COINM_REST_URL', 'https://dapi.binance.com'],
      ['restUrls.bitget', 'bitget-rest-url', 'BITGET_REST_URL', 'https://api.bitget.com'],
      ['restUrls.bitget_futures', 'bitget-futures-rest-url', 'BITGET_FUTURES_REST_URL', 'https://api.bitget.com'],
      ['restUrls.gate', 'gate-rest-url', 'GATE_REST_URL', 'https://api.gateio.ws'],
      ['restUrls.gate_futures', 'gate-futures-rest-url', 'GATE_FUTURES_REST_URL', 'https://api.gateio.ws'],
      ['restUrls.bybit_options', 'bybit-options-rest-url', 'BYBIT_OPTIONS_REST_URL', 'https://api.bybit.com'],
      ['restUrls.okx_options', 'okx-options-rest-url', 'OKX_OPTIONS_REST_URL', 'https://www.okx.com'],
      ['restUrls.binance_options', 'binance-options-rest-url', 'BINANCE_OPTIONS_REST_URL', 'https://eapi.binance.com'],
    ]);
  });

  it('are read from flags and the environment into urls and restUrls, a bad one named', () => {
    const config = loadConfig({ env: { BINANCE_US_WS_URL: 'ws://127.0.0.1:29001/stream' }, flags: { 'bybit-rest-url': 'http://127.0.0.1:29002' } });
    expect([config.urls.binance_us, config.restUrls.bybit, config.restUrls.binance]).toEqual([
      'ws://127.0.0.1:29001/stream',
      'http://127.0.0.1:29002',
      'https://api.binance.com',
    ]);
    expect(() => loadConfig({ env: {}, flags: { 'binance-testnet-url': 'http://nope' } })).toThrow(
      /invalid urls\.binance_testnet \(from --binance-testnet-url\)/,
    );
  });

  it("take a venue's URLs from its own options where none is set explicitly: OKX's region picks its hosts", () => {
    const us = loadConfig({ env: { MARKET_FEED_OKX_REGION: 'us' }, flags: {} });
    expect([us.urls.okx, us.restUrls.okx, us.urls.okx_swap, us.restUrls.okx_swap]).toEqual([
      'wss://wsus.okx.com:8443/ws/v5',
      'https://us.okx.com',
      'wss://wsus.okx.com:8443/ws/v5',
      'https://us.okx.com',
    ]);
    const eea = loadConfig({ env: {}, flags: { 'okx-region': 'eea', 'okx-swap-rest-url': 'http://127.0.0.1:29003' } });
    expect([eea.urls.okx, eea.restUrls.okx, eea.urls.okx_swap, eea.restUrls.okx_swap]).toEqual([
      'wss://wseea.okx.com:8443/ws/v5',
      'https://eea.okx.com',
      'wss://wseea.okx.com:8443/ws/v5',
      'http://127.0.0.1:29003',
    ]);
    const global = loadConfig({ env: {}, flags: {} });
    expect([global.urls.okx, global.restUrls.okx]).toEqual(['wss://ws.okx.com:8443/ws/v5', 'https://www.okx.com']);
    expect(() => loadConfig({ env: {}, flags: { 'okx-region': 'uk' } })).toThrow(/invalid okx\.region \(from --okx-region\)/);
  });
});
