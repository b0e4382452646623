import * as assert from 'node:assert/strict';
import { daysLeft, expiryAfterDays, expiryStatus, firstExpiring, formatDay, parseDay, validateExpiryInput } from '../../src/auth/expiry';

// Local times (the user's calendar), so the tests hold in every time zone.
const at = (y: number, m: number, d: number, h = 12) => new Date(y, m - 1, d, h, 0, 0);

describe('token expiry', () => {
  it('counts lifetimes from today in calendar days, across month and year ends', () => {
    assert.equal(expiryAfterDays(7, at(2026, 11, 21)), '2026-11-28');
    assert.equal(expiryAfterDays(30, at(2026, 11, 21)), '2026-12-21');
    assert.equal(expiryAfterDays(90, at(2026, 11, 21, 23)), '2027-02-19');
    assert.equal(expiryAfterDays(365, at(2027, 3, 1, 0)), '2028-02-29', 'a leap year');
  });

  it('days left: 0 = expires today, negative = past, whatever the hour', () => {
    assert.equal(daysLeft('2026-11-28', at(2026, 11, 21, 0)), 7);
    assert.equal(daysLeft('2026-11-28', at(2026, 11, 21, 23)), 7);
    assert.equal(daysLeft('2026-11-21', at(2026, 11, 21, 23)), 0);
    assert.equal(daysLeft('2026-11-20', at(2026, 11, 21, 1)), -1);
    assert.equal(daysLeft('2026-02-30', at(2026, 11, 21)), undefined);
  });

  it('status: unknown without a date, soon within seven days, expired after the day, ok otherwise', () => {
    const now = at(2026, 11, 21);
    assert.deepEqual(expiryStatus(undefined, now), { state: 'unknown' });
    assert.equal(expiryStatus('2026-11-29', now).state, 'ok');
    assert.equal(expiryStatus('2026-11-28', now).state, 'soon');
    assert.equal(expiryStatus('2026-11-21', now).state, 'soon');
    assert.deepEqual(expiryStatus('2026-11-20', now), { state: 'expired', daysLeft: -1, expires: '2026-11-20' });
    assert.equal(expiryStatus('not a day', now).state, 'unknown');
  });

  it('checks a typed date: real day, not past, not absurdly far', () => {
    const now = at(2026, 11, 21);
    assert.deepEqual(validateExpiryInput(' 2026-12-31 ', now), { ok: true, expires: '2026-12-31' });
    assert.deepEqual(validateExpiryInput('2026-11-21', now), { ok: true, expires: '2026-11-21' });
    for (const bad of ['31.12.2026', '2026-13-01', '2026-02-29', '']) assert.equal(validateExpiryInput(bad, now).ok, false, bad);
    const past = validateExpiryInput('2026-11-20', now);
    assert.ok(!past.ok && /passed/.test(past.message));
    assert.equal(validateExpiryInput('2040-01-01', now).ok, false);
  });

  it('formats and parses days symmetrically', () => {
    assert.equal(formatDay(parseDay('2024-02-29')!), '2024-02-29');
    assert.equal(parseDay('2023-02-29'), undefined);
  });

  it('finds the token that expires first among those expiring soon or expired', () => {
    const now = at(2026, 11, 21);
    const accounts = [
      { name: 'later', tokenExpires: '2027-01-01' },
      { name: 'unknown' },
      { name: 'five', tokenExpires: '2026-11-26' },
      { name: 'two', tokenExpires: '2026-11-23' },
    ];
    assert.equal(firstExpiring(accounts, now)?.account.name, 'two');
    assert.equal(firstExpiring(accounts, now)?.status.daysLeft, 2);
    assert.equal(firstExpiring([{ tokenExpires: '2027-01-01' }], now), undefined);
  });
});
