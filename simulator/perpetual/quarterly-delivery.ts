/**
 * The next quarterly delivery after `now`: the last Friday of March, June, September or December,
 * 08:00 UTC, when Bybit's and Binance's quarterly USDT contracts settle.
 */
export function nextQuarterlyDelivery(now: number): number {
  const start = new Date(now);
  for (let month = start.getUTCMonth(), year = start.getUTCFullYear(); ; month += 1) {
    if (month > 11) {
      month = 0;
      year += 1;
    }
    if (month % 3 !== 2) continue;
    const last = new Date(Date.UTC(year, month + 1, 0, 8));
    const friday = last.getTime() - ((last.getUTCDay() + 2) % 7) * 86_400_000;
    if (friday > now) return friday;
  }
}
