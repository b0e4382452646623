/**
 * VS Code's Git extension keeps a credentials provider's answer in its askpass cache, keyed by host (host:port, no
 * path, no user name), from git's user name prompt until its password prompt. Each answer also starts a timer that
 * clears the host's entry 60 s later, whatever the entry is by then. So when an answer is handed just before the
 * timer of an earlier answer for the same host fires, the timer removes the new answer before git asks for the
 * password: the Git extension then shows its own password box (or git fails to authenticate with an empty
 * password). Seen with VS Code 1.100 (extensions/git/src/askpass.ts).
 *
 * The provider remembers when it handed each answer and holds a new one back until every earlier timer that could
 * fire before git's password prompt has fired. That costs a wait of a few seconds only for an answer handed in the
 * last seconds of an earlier answer's minute.
 */

/** How long the Git extension keeps an answer (its timer). */
export const ASKPASS_KEEP_MS = 60_000;

export interface AskpassTimerOptions {
  /** Longest time between handing the answer and git's password prompt reaching the Git extension. */
  promptGapMs?: number;
  /** How late a timer may fire (a busy extension host). */
  lateMs?: number;
}

export class AskpassTimers {
  /** When the Git extension's timers fire, per host (epoch ms), for answers handed in the last minute. */
  private readonly firing = new Map<string, number[]>();
  private readonly promptGapMs: number;
  private readonly lateMs: number;

  constructor(options: AskpassTimerOptions = {}) {
    this.promptGapMs = options.promptGapMs ?? 3_000;
    this.lateMs = options.lateMs ?? 500;
  }

  /**
   * How long to wait, from `now`, before handing an answer for `host`: until no earlier answer's timer can fire between
   * handing it and git's password prompt. 0 nearly always.
   */
  delayFor(host: string, now: number): number {
    const times = this.pending(host, now);
    let from = now;
    for (;;) {
      // A timer that fires from `from` (or fired a moment ago but may run late) until the password prompt.
      const next = times.filter((t) => t + this.lateMs > from && t < from + this.promptGapMs);
      if (next.length === 0) return from - now;
      from = Math.max(...next) + this.lateMs;
    }
  }

  /** An answer for `host` was handed at `now`: the Git extension's timer for it fires a minute later. */
  handed(host: string, now: number): void {
    this.firing.set(host, [...this.pending(host, now), now + ASKPASS_KEEP_MS]);
  }

  /** The timers of `host` that may still fire, the others forgotten. */
  private pending(host: string, now: number): number[] {
    const times = (this.firing.get(host) ?? []).filter((t) => t + this.lateMs > now);
    if (times.length === 0) this.firing.delete(host);
    else this.firing.set(host, times);
    return times;
  }
}

/** The Git extension's key for a host: the authority without a user name. */
export function askpassHostKey(authority: string): string {
  return authority.replace(/^.*@/, '').toLowerCase();
}
