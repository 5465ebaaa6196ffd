import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { librdkafkaLogLevel, routeLibrdkafkaLogs } from './librdkafka-log-router.js';
import { isBrokerTrouble } from './librdkafka-errors.js';

function routed(): { readonly client: EventEmitter; readonly lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const logger = pino(
    { level: 'trace' },
    new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>), done()) }),
  );
  const client = new EventEmitter();
  routeLibrdkafkaLogs(client, logger);
  return { client, lines };
}

describe('librdkafkaLogLevel', () => {
  it('maps syslog severities to pino levels', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((severity) => librdkafkaLogLevel('Something broke', severity))).toEqual([
      'fatal',
      'fatal',
      'fatal',
      'error',
      'warn',
      'info',
      'info',
      'debug',
    ]);
  });

  it('writes conditions of a broker or topic still starting up at debug, whatever their severity', () => {
    for (const message of [
      'FindCoordinator response error: Broker: Coordinator not available',
      'Broker: Leader not available',
      'Broker: Not leader for partition',
      'Broker: Unknown topic or partition',
      'Local: Unknown partition',
      'Broker: Coordinator load in progress',
    ]) {
      expect(librdkafkaLogLevel(message, 3), message).toBe('debug');
    }
  });

  it('writes an unreachable broker as a warning, not an error', () => {
    expect(librdkafkaLogLevel('127.0.0.1:29999/bootstrap: Connect to ipv4#127.0.0.1:29999 failed: Connection refused (after 0ms in state CONNECT)', 3)).toBe(
      'warn',
    );
    expect(librdkafkaLogLevel('all broker connections are down')).toBe('warn');
    expect(librdkafkaLogLevel('broker transport failure')).toBe('warn');
  });

  it("writes a static member's fence as a warning (its member says whether it joins again or stops), not as fatal", () => {
    const fence =
      '[thrd:main]: Fatal error: Broker: Static consumer fenced by other consumer with same group.instance.id: Fatal consumer error: Broker: Static consumer fenced by other consumer with same group.instance.id';
    expect(librdkafkaLogLevel(fence, 0)).toBe('warn');
    expect(librdkafkaLogLevel('Fatal error: Broker: Invalid session timeout', 0)).toBe('fatal');
  });

  it('keeps other errors errors', () => {
    expect(librdkafkaLogLevel('SASL authentication error: Authentication failed', 3)).toBe('error');
    expect(librdkafkaLogLevel('Broker: Topic authorization failed')).toBe('error');
  });
});

describe('routeLibrdkafkaLogs', () => {
  it('writes log events at their level with the facility, as component librdkafka', () => {
    const { client, lines } = routed();
    client.emit('event.log', { severity: 4, fac: 'CONFWARN', message: 'Configuration property x is deprecated', name: 'rdkafka#consumer-1' });
    client.emit('event.log', { severity: 3, fac: 'FAIL', message: 'Connect to ipv4#127.0.0.1:29999 failed: Connection refused' });
    expect(lines.map((line) => [line['level'], line['component'], line['facility'], line['msg']])).toEqual([
      [40, 'librdkafka', 'CONFWARN', 'Configuration property x is deprecated'],
      [40, 'librdkafka', 'FAIL', 'Connect to ipv4#127.0.0.1:29999 failed: Connection refused'],
    ]);
  });

  it('writes an error event once while librdkafka repeats it, and a different one at once', () => {
    const { client, lines } = routed();
    for (let i = 0; i < 50; i++) client.emit('event.error', Object.assign(new Error('all broker connections are down'), { code: -1 }));
    client.emit('event.error', Object.assign(new Error('sasl authentication error'), { code: -1 }));
    expect(lines.map((line) => [line['level'], line['msg']])).toEqual([
      [40, 'all broker connections are down'],
      [50, 'sasl authentication error'],
    ]);
  });
});

describe('isBrokerTrouble', () => {
  it('knows an unreachable broker by its code or, as the package reports it in event.error (code -1), by its message', () => {
    expect(isBrokerTrouble({ code: -195, message: 'Local: Broker transport failure' })).toBe(true);
    expect(isBrokerTrouble({ code: -1, message: 'broker transport failure' })).toBe(true);
    expect(isBrokerTrouble({ code: -1, message: 'all broker connections are down' })).toBe(true);
    expect(isBrokerTrouble({ code: 10, message: 'Broker: Message size too large' })).toBe(false);
    expect(isBrokerTrouble({ code: -1, message: 'Broker: Coordinator not available' })).toBe(false);
  });
});
