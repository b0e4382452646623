/**
 * Polls while something is visible, backing off when nothing changes or requests fail: the delay starts at the
 * base interval, grows ×1.5 after an unchanged answer (up to ×4) and ×2 after a failure (up to ×8), and goes
 * back to the base after a change. Stops while inactive; a base of 0 turns polling off. Knows nothing of VS Code.
 */
export type PollOutcome = 'changed' | 'unchanged' | 'failed';

export interface PollerOptions {
  /** Base interval in milliseconds (read each time: a setting). 0 = no polling. */
  baseMs(): number;
  run(): Promise<PollOutcome>;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export const MAX_UNCHANGED_FACTOR = 4;
export const MAX_FAILED_FACTOR = 8;

export class Poller {
  private factor = 1;
  private active = false;
  private timer: unknown;
  private running = false;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(private readonly options: PollerOptions) {
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  }

  /** The delay before the next poll, in milliseconds (0 when polling is off). */
  get delay(): number {
    const base = this.options.baseMs();
    return base > 0 ? Math.round(base * this.factor) : 0;
  }

  get isActive(): boolean {
    return this.active;
  }

  setActive(active: boolean): void {
    if (active === this.active) return;
    this.active = active;
    if (active) this.schedule();
    else this.cancel();
  }

  /** After a manual refresh or new data: back to the base interval. */
  reset(): void {
    this.factor = 1;
    if (this.active) {
      this.cancel();
      this.schedule();
    }
  }

  record(outcome: PollOutcome): void {
    if (outcome === 'changed') this.factor = 1;
    else if (outcome === 'unchanged') this.factor = Math.min(this.factor * 1.5, MAX_UNCHANGED_FACTOR);
    else this.factor = Math.min(Math.max(this.factor, 1) * 2, MAX_FAILED_FACTOR);
  }

  private schedule(): void {
    const delay = this.delay;
    if (!this.active || delay <= 0 || this.timer !== undefined) return;
    this.timer = this.setTimer(() => {
      this.timer = undefined;
      void this.tick();
    }, delay);
  }

  private cancel(): void {
    if (this.timer !== undefined) this.clearTimer(this.timer);
    this.timer = undefined;
  }

  private async tick(): Promise<void> {
    if (!this.active || this.running) return;
    this.running = true;
    try {
      this.record(await this.options.run());
    } catch {
      this.record('failed');
    } finally {
      this.running = false;
      this.schedule();
    }
  }

  dispose(): void {
    this.active = false;
    this.cancel();
  }
}
