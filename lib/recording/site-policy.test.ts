import { describe, expect, it } from 'vitest';
import { defaultCaptureSettings, type CaptureSettings } from '../settings/capture';
import { decideSite, matchesSitePattern, originToMatchPattern, type SiteDecision } from './site-policy';

const allowed = { ...defaultCaptureSettings, allowedOrigins: ['https://app.example.com'] };

describe('decideSite', () => {
  it.each([
    ['https://app.example.com/x', allowed, 'record'],
    ['https://other.example.com/', allowed, 'not-allowed'],
    ['chrome://settings', allowed, 'unsupported'],
    ['not a url', allowed, 'unsupported'],
    ['https://app.example.com/x', { ...allowed, paused: true }, 'paused'],
    ['https://anything.test/', { ...defaultCaptureSettings, everywhere: true }, 'record'],
    ['https://app.example.com/x', { ...allowed, denyPatterns: ['example.com'] }, 'denied'],
    ['https://bank.test/', { ...defaultCaptureSettings, everywhere: true, denyPatterns: ['*.bank.test', 'bank.test'] }, 'denied'],
  ] satisfies [string, CaptureSettings, SiteDecision][])('%s → %s', (url, settings, expected) => {
    expect(decideSite(url, settings)).toBe(expected);
  });

  it('lets the deny list win over "everywhere" and over an allowed origin', () => {
    const s = { ...allowed, everywhere: true, denyPatterns: ['https://app.example.com/admin'] };
    expect(decideSite('https://app.example.com/admin/users', s)).toBe('denied');
    expect(decideSite('https://app.example.com/home', s)).toBe('record');
  });
});

describe('matchesSitePattern', () => {
  it('matches a host and its subdomains but not look-alikes', () => {
    expect(matchesSitePattern(new URL('https://a.example.com'), 'example.com')).toBe(true);
    expect(matchesSitePattern(new URL('https://notexample.com'), 'example.com')).toBe(false);
  });
  it('matches wildcard origins with the scheme', () => {
    expect(matchesSitePattern(new URL('https://x.example.com/p'), 'https://*.example.com')).toBe(true);
    expect(matchesSitePattern(new URL('http://x.example.com/p'), 'https://*.example.com')).toBe(false);
  });
  it('ignores empty and broken patterns', () => {
    expect(matchesSitePattern(new URL('https://a.test'), '  ')).toBe(false);
    expect(matchesSitePattern(new URL('https://a.test'), 'https://[')).toBe(false);
  });
});

it('turns an origin into a host match pattern without the port', () => {
  expect(originToMatchPattern('http://127.0.0.1:8080')).toBe('http://127.0.0.1/*');
});
