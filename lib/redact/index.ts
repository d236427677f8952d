/**
 * The one redaction module: everything captured (network, console, steps, replay, app data) passes
 * through it before it is stored, and every report once more before it leaves. Pure and synchronous,
 * page-safe: it imports nothing outside this folder, so it runs in the page, the worker and the viewer.
 */
export { REDACTED, extraNames, isMarker, noExtraRules, type RedactionRules } from './rules';
export { holdsSecret, isSecretField, isSecretHeader, isSecretPair, isSecretUrlParam, isSensitiveKey } from './secret-names';
export { redactKeyValues } from './pairs';
export { luhnValid, mayHoldShape, redactShapes } from './shapes';
export { mayHoldSecret, redactText } from './text';
export { redactJsonValue, redactString } from './json';
export { redactFormText, redactUrl, redactUrlParts, type UrlOptions } from './url';
export { bodyKind, redactBase64Body, redactBody, redactParams } from './body';
export { redactCookies, redactHeaders, redactHeaderValue } from './headers';
export { base64Bytes, base64ToBytes, base64ToText, bytesToBase64, decodeBase64Text, encodeBase64Text, textToBase64 } from './base64';
