import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/load-config.js';
import { asksForHelp, isUsageError, UsageError } from './command.js';

describe('asksForHelp', () => {
  it('finds --help or -h anywhere among the options', () => {
    expect(asksForHelp(['--help'])).toBe(true);
    expect(asksForHelp(['--topic', 'a', '-h'])).toBe(true);
    expect(asksForHelp(['--topic', 'a'])).toBe(false);
    expect(asksForHelp([])).toBe(false);
  });

  it('ignores -h after a -- terminator and words merely containing help', () => {
    expect(asksForHelp(['--', '-h'])).toBe(false);
    expect(asksForHelp(['--helpful', '-hx'])).toBe(false);
  });
});

describe('isUsageError', () => {
  it('counts bad flags, bad settings and parseArgs refusals as usage errors, and nothing else', () => {
    expect(isUsageError(new UsageError('--max', 'at least 1'))).toBe(true);
    expect(isUsageError(new ConfigError('feed.staleAfterMs', '--stale-after-ms', 'a whole number'))).toBe(true);
    expect(isUsageError(Object.assign(new TypeError("Unknown option '--x'"), { code: 'ERR_PARSE_ARGS_UNKNOWN_OPTION' }))).toBe(true);
    expect(isUsageError(new TypeError('Cannot read properties of undefined'))).toBe(false);
    expect(isUsageError(new Error('connect ECONNREFUSED'))).toBe(false);
  });
});
