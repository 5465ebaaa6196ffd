/**
 * Resolves with the first SIGINT or SIGTERM; a second one calls `onSecond` (which exits at once).
 */
export function onShutdownSignal(onSecond: () => void): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let received = false;
    const handler = (signal: NodeJS.Signals): void => {
      if (received) {
        onSecond();
        return;
      }
      received = true;
      resolve(signal);
    };
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
  });
}
