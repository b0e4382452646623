/**
 * VS Code's Git extension keeps a credentials provider's answer in its askpass cache, keyed by host (host:port, no
 * path, no user name), from git's user name prompt until its password prompt. Two things can take the answer from
 * git before its password prompt reads it (seen with VS Code 1.100, extensions/git/src/askpass.ts):
 *
 * - **An earlier answer's timer.** Each answer starts a timer that clears the host's entry 60 s later, whatever the
 *   entry is by then. An answer handed just before the timer of an earlier one fires is cleared, and git gets the
 *   Git extension's own password box (or fails to authenticate with an empty password).
 * - **Another organization's answer.** Two git processes asking at once for the same host (repositories of two
 *   organizations on dev.azure.com, told apart by their paths) share the one entry: the second answer replaces the
 *   first before the first process's password prompt, which then sends the other organization's token.
 *
 * So the provider remembers when it handed each answer, and for whom, and holds a new answer back until neither can
 * happen: until an earlier answer's timer has fired, and until another organization's answer has had time to be
 * read. The wait is a few seconds at most, and only in those two cases.
 */

/** How long the Git extension keeps an answer (its timer). */
export const ASKPASS_KEEP_MS = 60_000;

export interface AskpassTimerOptions {
  /** Longest time between handing an answer and git's password prompt reading it, allowed for a timer (cheap). */
  promptGapMs?: number;
  /** The same, allowed before another organization's answer (it delays that organization's git process). */
  readMs?: number;
  /** How late a timer may fire: a busy extension host (other windows starting, say) runs it a second or more late. */
  lateMs?: number;
}

interface Answer {
  at: number;
  /** Whose token it was (an organization key): answers for the same organization may replace each other. */
  for: string;
}

export class AskpassTimers {
  /** Answers handed in about the last minute, per host. */
  private readonly answers = new Map<string, Answer[]>();
  private readonly promptGapMs: number;
  private readonly readMs: number;
  private readonly lateMs: number;

  constructor(options: AskpassTimerOptions = {}) {
    this.promptGapMs = options.promptGapMs ?? 3_000;
    this.readMs = options.readMs ?? 1_500;
    this.lateMs = options.lateMs ?? 2_000;
  }

  /**
   * How long to wait, from `now`, before handing `owner`'s answer for `host`: until no earlier answer's timer can fire
   * before git's password prompt, and no other organization's answer may still be waiting for its own. 0 nearly
   * always. Ask again after the wait: answers handed meanwhile count too.
   */
  delayFor(host: string, now: number, owner: string): number {
    const answers = this.pending(host, now);
    let from = now;
    for (;;) {
      let until = from;
      for (const a of answers) {
        const fires = a.at + ASKPASS_KEEP_MS;
        // A timer that fires from `from` (or fired a moment ago but may run late) until the password prompt.
        if (fires + this.lateMs > from && fires < from + this.promptGapMs) until = Math.max(until, fires + this.lateMs);
        // Another organization's answer that its git process may not have read yet.
        if (a.for !== owner && a.at + this.readMs > from) until = Math.max(until, a.at + this.readMs);
      }
      if (until === from) return from - now;
      from = until;
    }
  }

  /** `owner`'s answer for `host` was handed at `now`: the Git extension's timer for it fires a minute later. */
  handed(host: string, now: number, owner: string): void {
    this.answers.set(host, [...this.pending(host, now), { at: now, for: owner }]);
  }

  /** The answers of `host` whose timer may still fire, the others forgotten. */
  private pending(host: string, now: number): Answer[] {
    const answers = (this.answers.get(host) ?? []).filter((a) => a.at + ASKPASS_KEEP_MS + this.lateMs > now);
    if (answers.length === 0) this.answers.delete(host);
    else this.answers.set(host, answers);
    return answers;
  }
}

/** The Git extension's key for a host: the authority without a user name. */
export function askpassHostKey(authority: string): string {
  return authority.replace(/^.*@/, '').toLowerCase();
}
