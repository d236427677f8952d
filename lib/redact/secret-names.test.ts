import { describe, expect, it } from 'vitest';
import { holdsSecret, isSecretField, isSecretHeader, isSecretUrlParam, isSensitiveKey } from './secret-names';

describe('isSensitiveKey', () => {
  it.each([
    'password',
    'newPassword',
    'passwd',
    'token',
    'access_token',
    'refreshToken',
    'X-Auth-Token',
    'secret',
    'client_secret',
    'authorization',
    'Authorization',
    'api_key',
    'apiKey',
    'x-api-key',
    'cookie',
    'Set-Cookie',
    'session',
    'sessionId',
    'card',
    'card_number',
    'creditCard',
    'cvv',
    'cvc',
    'ssn',
    'pin',
    'auth',
    'key',
    'license_key',
    'otp',
    'csrf_token',
    'auth_code',
  ])('%s is sensitive', (name) => {
    expect(isSensitiveKey(name)).toBe(true);
  });

  it.each([
    'className',
    'discard',
    'shipping',
    'author',
    'authorId',
    'keyCode',
    'code',
    'postal_code',
    'status_code',
    'primaryKey',
    'user',
    'email',
    'id',
    'cardinality',
    'scorecard',
    '',
  ])('%s is not sensitive', (name) => {
    expect(isSensitiveKey(name)).toBe(false);
  });

  it('takes extra names, case-insensitive', () => {
    expect(isSensitiveKey('employeeNumber', ['EmployeeNumber'])).toBe(true);
    expect(isSensitiveKey('employeeNumber')).toBe(false);
  });
});

describe('names and codes', () => {
  it('treats a key alike in network and console data', () => {
    for (const name of ['userSession', 'awsAccessKey', 'authKey', 'x_auth', 'passphrase']) expect(isSecretField(name)).toBe(true);
    for (const name of ['author', 'keyCode', 'postal_code', 'status']) expect(isSecretField(name)).toBe(false);
  });

  it('takes digit-only codes for one-time codes and keeps error codes', () => {
    expect(holdsSecret('code', '482913')).toBe(true);
    expect(holdsSecret('code', 482913)).toBe(true);
    expect(holdsSecret('code', 404)).toBe(false);
    expect(holdsSecret('code', 'E_TIMEOUT')).toBe(false);
  });
});

describe('one list for every place', () => {
  it('takes OAuth state and nonce as URL parameters only', () => {
    expect(isSecretUrlParam('nonce')).toBe(true);
    expect(isSecretUrlParam('state')).toBe(true);
    expect(isSecretField('state')).toBe(false);
    expect(holdsSecret('state', 'open')).toBe(false);
    expect(holdsSecret('state', 'af0ifjsldkjA8x2Q')).toBe(true);
  });

  it('reaches headers, fields and URL parameters from the same names', () => {
    for (const name of ['X-Card-Pin', 'X-Jwt', 'X-Passphrase']) expect([name, isSecretHeader(name)]).toEqual([name, true]);
    for (const name of ['Access-Control-Allow-Credentials', 'Content-Type', 'Accept-Language'])
      expect([name, isSecretHeader(name)]).toEqual([name, false]);
    for (const name of ['cvv', 'iban', 'cc', 'code'])
      expect([name, isSecretField(name), isSecretUrlParam(name)]).toEqual([name, true, true]);
  });
});

describe('names the rules used to miss', () => {
  it.each([
    'SAMLResponse',
    'passcode',
    'pan',
    'card_pan',
    'PHPSESSID',
    '_gh_sess',
    '.ASPXAUTH',
    'wordpress_logged_in_5c016e8f0f95f039102cbe8366c5c7f3',
    'wordpress_sec_5c016e8f',
    'SAPISID',
    '__Secure-3PAPISID',
    'APISID',
    'HSID',
    '__Secure-1PSID',
    'connect.sid',
    'SESS49960de5880e8c687434170f6476605b',
    'remember_me',
    'rememberMe',
  ])('%s is secret', (name) => {
    expect(isSensitiveKey(name)).toBe(true);
    expect(isSecretField(name)).toBe(true);
    expect(isSecretUrlParam(name)).toBe(true);
  });

  it.each(['company', 'span', 'panel', 'expand', 'Japan', 'assessment', 'wordpress_theme'])('%s stays harmless', (name) => {
    expect(isSensitiveKey(name)).toBe(false);
  });
});
