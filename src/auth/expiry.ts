/**
 * Token expiry as the user tells it (Azure DevOps does not reveal a PAT's expiry to the PAT itself). Dates are
 * calendar days (`YYYY-MM-DD`) in the user's time zone: a token "expires on the 12th" works through that day.
 */

/** Lifetimes offered when a token is added, in days (Azure DevOps offers 7, 30, 90, 180 and 365 days too). */
export const EXPIRY_CHOICES_DAYS: readonly number[] = [7, 30, 90, 180, 365];

/** The status bar warns this many days ahead. */
export const EXPIRY_WARNING_DAYS = 7;

const DAY_MS = 86_400_000;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** A local date as `YYYY-MM-DD`. */
export function formatDay(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Local midnight of a `YYYY-MM-DD` day, or undefined when the text is not a real date. */
export function parseDay(text: string): Date | undefined {
  const m = ISO_DAY.exec(text.trim());
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(y, mo - 1, d);
  return date.getFullYear() === y && date.getMonth() === mo - 1 && date.getDate() === d ? date : undefined;
}

function midnight(date: Date): Date {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate());
}

/** The day a token created now with this lifetime stops working. */
export function expiryAfterDays(days: number, now: Date): string {
  const today = midnight(now);
  return formatDay(new Date(today.getFullYear(), today.getMonth(), today.getDate() + days));
}

/** Whole days from today until the expiry day: 0 = expires today, negative = expired. */
export function daysLeft(expires: string, now: Date): number | undefined {
  const day = parseDay(expires);
  if (!day) return undefined;
  return Math.round((day.getTime() - midnight(now).getTime()) / DAY_MS);
}

export type ExpiryState = 'unknown' | 'ok' | 'soon' | 'expired';

export interface ExpiryStatus {
  state: ExpiryState;
  /** Days until the expiry day (see {@link daysLeft}); absent when unknown. */
  daysLeft?: number;
  expires?: string;
}

/** Where a token stands: unknown expiry, fine, expiring within the warning window, or past its day. */
export function expiryStatus(expires: string | undefined, now: Date, warnDays = EXPIRY_WARNING_DAYS): ExpiryStatus {
  if (!expires) return { state: 'unknown' };
  const left = daysLeft(expires, now);
  if (left === undefined) return { state: 'unknown' };
  const state: ExpiryState = left < 0 ? 'expired' : left <= warnDays ? 'soon' : 'ok';
  return { state, daysLeft: left, expires };
}

/** Checks a typed expiry date: a real `YYYY-MM-DD` day, today or later, at most five years ahead. */
export function validateExpiryInput(text: string, now: Date): { ok: true; expires: string } | { ok: false; message: string } {
  const day = parseDay(text);
  if (!day) return { ok: false, message: 'Type the date as YYYY-MM-DD, for example 2026-12-31.' };
  const left = Math.round((day.getTime() - midnight(now).getTime()) / DAY_MS);
  if (left < 0) return { ok: false, message: 'That day has passed: a token that expired then no longer works. Create a new token.' };
  if (left > 5 * 366) return { ok: false, message: 'That is more than five years ahead: check the year.' };
  return { ok: true, expires: formatDay(day) };
}

/** Of several accounts, the one whose token expires first among those expiring soon or expired. */
export function firstExpiring<T extends { tokenExpires?: string }>(accounts: T[], now: Date, warnDays = EXPIRY_WARNING_DAYS): { account: T; status: ExpiryStatus } | undefined {
  let best: { account: T; status: ExpiryStatus } | undefined;
  for (const account of accounts) {
    const status = expiryStatus(account.tokenExpires, now, warnDays);
    if (status.state !== 'soon' && status.state !== 'expired') continue;
    if (!best || (status.daysLeft ?? 0) < (best.status.daysLeft ?? 0)) best = { account, status };
  }
  return best;
}
