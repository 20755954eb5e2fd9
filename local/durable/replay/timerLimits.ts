/**
 * Timer limits of the Azure Storage backend, as the extension announces them to the worker (.NET TimeSpan text) and
 * applies them itself: timers longer than `maximumShortTimer` become a chain of `longRunningTimerInterval` timers.
 */
export const MAXIMUM_SHORT_TIMER_DURATION = '6.00:00:00';
export const LONG_RUNNING_TIMER_INTERVAL_DURATION = '3.00:00:00';
export const DEFAULT_HTTP_ASYNC_SLEEP_MS = 30_000;

/** Parses .NET TimeSpan text `[d.]hh:mm:ss[.fff]` into milliseconds. */
export function timeSpanToMs(text: string): number {
  const match = /^(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?$/.exec(text);
  if (match === null) throw new RangeError(`'${text}' is not a TimeSpan ([d.]hh:mm:ss[.fffffff])`);
  const [, days = '0', hours = '0', minutes = '0', seconds = '0', fraction = ''] = match;
  const fractionMs = fraction === '' ? 0 : Number(`0.${fraction}`) * 1000;
  return ((Number(days) * 24 + Number(hours)) * 60 + Number(minutes)) * 60_000 + Number(seconds) * 1000 + fractionMs;
}
