/**
 * Durations the way Vault reads and prints them: input as a number of seconds, an integer string,
 * `<n>d` days, or a Go duration string (`72h`, `1h30m`, `1.5h`); output like Go's
 * time.Duration.String() for whole seconds (`4320h0m0s`, `1m30s`, `30s`).
 * Parsing follows go-secure-stdlib parseutil.ParseDurationSecond and Go's time.ParseDuration;
 * the result is truncated to whole seconds, as Vault's TypeDurationSecond fields are.
 */

/** Go's time.Duration is int64 nanoseconds: about 292 years. */
const MAX_NANOSECONDS = 9_223_372_036_854_775_807n;
const NS_PER_SECOND = 1_000_000_000n;

const UNIT_NANOSECONDS: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  'µs': 1_000n, // U+00B5 micro sign
  'μs': 1_000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: NS_PER_SECOND,
  m: 60n * NS_PER_SECOND,
  h: 3600n * NS_PER_SECOND,
};

/** Why a duration was refused; the caller turns it into its own message. */
export class DurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DurationError';
  }
}

/** Go's time.ParseDuration, returning nanoseconds. */
export function parseGoDuration(text: string): bigint {
  if (typeof text !== 'string') throw new TypeError('duration must be a string');
  let rest = text;
  let negative = false;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    negative = rest.startsWith('-');
    rest = rest.slice(1);
  }
  if (rest === '0') return 0n;
  if (rest === '') throw new DurationError(`time: invalid duration "${text}"`);
  let total = 0n;
  const component = /^(\d*)(?:\.(\d*))?([^\d.]+)/;
  while (rest !== '') {
    const m = component.exec(rest);
    const whole = m?.[1] ?? '';
    const fraction = m?.[2] ?? '';
    if (!m || (whole === '' && fraction === '')) throw new DurationError(`time: invalid duration "${text}"`);
    const unitText = m[3] ?? '';
    // The unit is the longest run of non-digits; Go then looks it up as a whole.
    const unit = UNIT_NANOSECONDS[unitText];
    if (unit === undefined) throw new DurationError(`time: unknown unit "${unitText}" in duration "${text}"`);
    let value = BigInt(whole === '' ? '0' : whole) * unit;
    if (fraction !== '') value += (BigInt(fraction) * unit) / 10n ** BigInt(fraction.length);
    total += value;
    if (total > MAX_NANOSECONDS) throw new DurationError(`time: invalid duration "${text}"`);
    rest = rest.slice(m[0].length);
  }
  return negative ? -total : total;
}

/**
 * Vault's duration-in-seconds input: a JSON number of seconds, an integer string, `<n>d`, or a Go
 * duration string. Returns whole seconds (truncated toward zero); "" is 0.
 */
export function parseDurationSeconds(input: unknown): number {
  if (typeof input === 'number') {
    if (!Number.isSafeInteger(input)) throw new DurationError(`cannot parse duration from ${String(input)}: not a whole number of seconds`);
    return input;
  }
  if (typeof input !== 'string') throw new DurationError(`cannot parse duration from a ${input === null ? 'null' : typeof input} value`);
  const text = input.trim();
  if (text === '') return 0;
  if (/^[+-]?\d+$/.test(text)) return checkedSeconds(BigInt(text) * NS_PER_SECOND, input);
  const days = /^([+-]?\d+)d$/.exec(text);
  if (days?.[1] !== undefined) return checkedSeconds(BigInt(days[1]) * 86_400n * NS_PER_SECOND, input);
  const ns = parseGoDuration(text);
  return Number(ns / NS_PER_SECOND);
}

function checkedSeconds(ns: bigint, input: string): number {
  if (ns > MAX_NANOSECONDS || ns < -MAX_NANOSECONDS) throw new DurationError(`duration "${input}" is out of range`);
  return Number(ns / NS_PER_SECOND);
}

/** Go's time.Duration.String() for a whole number of seconds: `24h0m0s`, `1m30s`, `30s`, `0s`. */
export function formatGoDuration(seconds: number): string {
  if (!Number.isSafeInteger(seconds)) throw new RangeError('duration must be a whole number of seconds');
  if (seconds === 0) return '0s';
  const sign = seconds < 0 ? '-' : '';
  let rest = Math.abs(seconds);
  const h = Math.floor(rest / 3600);
  rest -= h * 3600;
  const m = Math.floor(rest / 60);
  const s = rest - m * 60;
  if (h > 0) return `${sign}${h}h${m}m${s}s`;
  if (m > 0) return `${sign}${m}m${s}s`;
  return `${sign}${s}s`;
}
