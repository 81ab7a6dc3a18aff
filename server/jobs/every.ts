import type { Logger } from '../logger';

/**
 * Runs `work` a minute after start, then every `everyMinutes` (never two runs at once in this process;
 * a failure is logged under `job` and the next interval tries again). Timers do not keep the process up.
 */
export function runEvery(
  job: string,
  options: { everyMinutes: number; logger: Logger },
  work: () => Promise<unknown>,
): { stop: () => void } {
  let running: Promise<unknown> | null = null;
  const tick = () => {
    if (running) return;
    running = work()
      .catch((error) => options.logger.error({ err: error, job }, `${job} failed`))
      .finally(() => {
        running = null;
      });
  };
  const first = setTimeout(tick, 60_000);
  const every = setInterval(tick, options.everyMinutes * 60_000);
  first.unref();
  every.unref();
  return {
    stop: () => {
      clearTimeout(first);
      clearInterval(every);
    },
  };
}
