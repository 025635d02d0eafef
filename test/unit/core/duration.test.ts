/**
 * Vault's duration handling (electron/core/barrier/duration.ts): Go's time.ParseDuration and
 * time.Duration.String(), and go-secure-stdlib's ParseDurationSecond forms. Expected strings are
 * what Go prints (e.g. `(4320 * time.Hour).String()` is "4320h0m0s").
 */
import { describe, expect, it } from 'vitest';
import { DurationError, formatGoDuration, parseDurationSeconds, parseGoDuration } from '../../../electron/core/duration.js';

describe('Go durations', () => {
  it('formats whole seconds as Go does', () => {
    expect(formatGoDuration(0)).toBe('0s');
    expect(formatGoDuration(30)).toBe('30s');
    expect(formatGoDuration(90)).toBe('1m30s');
    expect(formatGoDuration(3600)).toBe('1h0m0s');
    expect(formatGoDuration(86_400)).toBe('24h0m0s');
    expect(formatGoDuration(4320 * 3600)).toBe('4320h0m0s');
    expect(formatGoDuration(90_061)).toBe('25h1m1s');
    expect(formatGoDuration(-90)).toBe('-1m30s');
    expect(() => formatGoDuration(1.5)).toThrow(RangeError);
  });

  it('parses Go duration strings to nanoseconds', () => {
    expect(parseGoDuration('0')).toBe(0n);
    expect(parseGoDuration('1h30m')).toBe(5_400_000_000_000n);
    expect(parseGoDuration('1.5h')).toBe(5_400_000_000_000n);
    expect(parseGoDuration('.5s')).toBe(500_000_000n);
    expect(parseGoDuration('1.s')).toBe(1_000_000_000n);
    expect(parseGoDuration('-2m')).toBe(-120_000_000_000n);
    expect(parseGoDuration('+3ms')).toBe(3_000_000n);
    expect(parseGoDuration('1us')).toBe(1000n);
    expect(parseGoDuration('1µs')).toBe(1000n);
    expect(parseGoDuration('1h1m1s1ms1ns')).toBe(3_661_001_000_001n);
  });

  it('refuses what Go refuses', () => {
    for (const bad of ['', '-', 'h', '1', '1h30', '1d', '.h', '1x', '1..5h', 'forever']) {
      expect(() => parseGoDuration(bad), bad).toThrow(DurationError);
    }
    expect(() => parseGoDuration('2562048h')).toThrow(DurationError); // beyond int64 nanoseconds
  });

  it('reads Vault\'s duration-in-seconds input forms, truncated to whole seconds', () => {
    expect(parseDurationSeconds(86_400)).toBe(86_400);
    expect(parseDurationSeconds('86400')).toBe(86_400);
    expect(parseDurationSeconds('3d')).toBe(259_200);
    expect(parseDurationSeconds('72h')).toBe(259_200);
    expect(parseDurationSeconds('1500ms')).toBe(1);
    expect(parseDurationSeconds('')).toBe(0);
    expect(parseDurationSeconds(0)).toBe(0);
    expect(parseDurationSeconds('-1h')).toBe(-3600);
  });

  it('refuses non-durations', () => {
    for (const bad of [1.5, Number.NaN, true, null, {}, [], 'soon', '9999999999999999999']) {
      expect(() => parseDurationSeconds(bad), JSON.stringify(bad)).toThrow(DurationError);
    }
  });
});
