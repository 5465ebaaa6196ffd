/** Debian's Chromium, installed by scripts/chromium.sh (`make chromium`). */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** Loopback ports of the dashboard tests and benchmark (below the ephemeral range), from MARKET_FEED_TEST_DASHBOARD_PORT (default 29510) on: the proxy, the dashboards, run's metrics and the simulators. */
const base = Number(process.env['MARKET_FEED_TEST_DASHBOARD_PORT'] ?? 29510);
export const DASHBOARD_TEST_PORTS = {
  proxy: base,
  dashboard: base + 1,
  runMetrics: base + 2,
  simulator: base + 3,
  quietDashboard: base + 4,
  manyDashboard: base + 5,
  universeDashboard: base + 6,
  universeSimulator: base + 7,
  venuesDashboard: base + 8,
  venuesSimulator: base + 9,
  optionsDashboard: base + 10,
} as const;
