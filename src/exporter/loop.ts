// The schedule: a run at start, then one every interval after the previous one started, plus a random jitter so a
// fleet of exporters restarted together does not hit the API servers and ARM in the same second. A run that takes
// longer than the interval delays the next one: runs never overlap.
export interface LoopOptions {
  intervalMs: number;
  /** A delay in [0, max) added to every wait; Math.random by default. */
  jitter?: (maxMs: number) => number;
}

/** The jitter bound: a tenth of the interval, at most 30 s. */
export function maxJitterMs(intervalMs: number): number {
  return Math.min(intervalMs / 10, 30_000);
}

export class RunLoop {
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private current?: Promise<void>;
  private count = 0;

  constructor(
    private readonly run: (number: number) => Promise<void>,
    private readonly opts: LoopOptions,
  ) {}

  start(): void {
    void this.tick();
  }

  /** No further run starts; resolves when the one in flight (if any) has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.current;
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    const started = Date.now();
    this.current = this.run(++this.count).catch(() => undefined);
    await this.current;
    this.current = undefined;
    if (this.stopped) return;
    const jitter = (this.opts.jitter ?? ((max) => Math.random() * max))(maxJitterMs(this.opts.intervalMs));
    const wait = Math.max(0, this.opts.intervalMs - (Date.now() - started)) + jitter;
    this.timer = setTimeout(() => void this.tick(), wait);
  }
}
