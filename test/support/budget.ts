/** Bounds for the tests that make many requests: how many at once, and for how long. */

/** Runs at most `max` of the functions it is given at once; the others wait their turn, in order. */
export const limiter = (max: number) => {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(f: () => Promise<T>): Promise<T> => {
    if (active >= max) await new Promise<void>((r) => waiting.push(r));
    else active++;
    try {
      return await f();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
};

/**
 * A time budget for a property. fast-check's `interruptAfterTimeLimit` races an async run
 * against the clock and leaves the losing run going in the background, where its requests land
 * in the next test. Here no run starts once the budget is spent (the rest return at once), a
 * run in flight always finishes, and the shrinking of a failure is not cut short;
 * `interruptAfterTimeLimit` stays only as a hard ceiling.
 */
export const timeBudget = (ms: number) => {
  const deadline = Date.now() + ms;
  let failed = false;
  return {
    ceiling: ms + 20_000,
    run:
      <A extends unknown[]>(body: (...args: A) => Promise<void>) =>
      async (...args: A): Promise<void> => {
        if (!failed && Date.now() > deadline) return;
        try {
          await body(...args);
        } catch (err) {
          failed = true;
          throw err;
        }
      },
  };
};
