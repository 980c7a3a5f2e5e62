/**
 * The one clock every time rule reads (docs/architecture.md, "Events and time"). In AWS it is
 * the system clock. Locally `POST /_local/clock` moves it forward (never back) for every route
 * and job of the server's process, so windows, closings and digests are shown and tested
 * without waiting.
 */
let offsetMs = 0;

export const clock = {
  now: (): Date => new Date(Date.now() + offsetMs),
  offsetSeconds: (): number => offsetMs / 1000,
  /** Locally only (infra/local/): moves the clock forward by `seconds` (≥ 0). */
  advance: (seconds: number): void => {
    if (!(seconds >= 0)) throw new RangeError('the clock only moves forward');
    offsetMs += seconds * 1000;
  },
};
