import type * as Features from './features';

let featuresModule: typeof Features | undefined;

/**
 * What is not needed before its first use (command implementations, the pull request feature, the git integration,
 * Microsoft accounts, templates, SSH keys), loaded then: the build keeps it in dist/features.js and turns this
 * require into one of that file, so that activation loads and parses only the core (dist/extension.js).
 */
export function features(): typeof Features {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load, by design
  return featuresModule ??= require('./features') as typeof Features;
}

/**
 * A value made on first use (`get`), or just after activation (`soon`): whichever comes first. Activation itself
 * pays for neither the code nor the work.
 */
export class Deferred<T> {
  private value: T | undefined;
  private made = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;

  constructor(private readonly make: () => T, private readonly onError: (err: unknown) => void) {}

  /** Whether it has been made (by `get` or `soon`). */
  get isMade(): boolean {
    return this.made;
  }

  /** Makes it now if it was not made yet. Once disposed (the extension going away) it is not made any more: that throws. */
  get(): T {
    if (!this.made) {
      if (this.disposed) throw new Error('This part of the Azure DevOps extension has shut down (the extension is being deactivated).');
      if (this.timer) clearTimeout(this.timer);
      this.value = this.make();
      this.made = true;
    }
    return this.value as T;
  }

  /** Whether it was disposed (the extension is going away): `soon` makes nothing any more. */
  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Makes it once activation has returned (the host marks the extension active first); nothing once disposed. */
  soon(): void {
    if (this.made || this.timer || this.disposed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      try {
        this.get();
      } catch (err) {
        this.onError(err);
      }
    }, 0);
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
