/**
 * What Repro records, where it keeps it, for how long, and what leaves the machine: the facts the
 * Privacy page shows and PRIVACY.md states, taken from the code where the code decides them (a test
 * keeps PRIVACY.md in step).
 */
import { defaultCaptureSettings } from '../settings/capture';
import { DEFAULT_RETENTION_DAYS } from '../settings/retention';
import { CREDENTIAL_DATABASES, DATABASES } from '../storage/databases';
import { oneOf, TRACKERS } from '../trackers/registry';
import { RETENTION_ALARM, SWEEP_PERIOD_MINUTES } from './retention';

/** Attribute a page (or tester) puts on an element so it is never recorded: replayed as an empty box. */
export const BLOCK_ATTRIBUTE = 'data-repro-block';
/** Attribute that masks the text of an element and its children in the replay. */
export const MASK_ATTRIBUTE = 'data-repro-mask';

export interface PrivacySection {
  title: string;
  items: string[];
}

const minutes = (ms: number): string => `${ms / 60_000} minutes`;
const trackerNames = TRACKERS.map((t) => t.name);

/** The sections, in order. Each title is a `##` heading of PRIVACY.md. */
export function privacySections(retentionDays = DEFAULT_RETENTION_DAYS): PrivacySection[] {
  return [
    {
      title: 'What is captured',
      items: [
        `Page replay (DOM): the page's structure and changes, recorded with rrweb on the sites you allow. Every input, text area, select and editable region is masked; password and payment-card fields are never recorded; elements marked ${BLOCK_ATTRIBUTE} are replaced by an empty box and text inside ${MASK_ATTRIBUTE} is masked. Canvas content is not recorded.`,
        'Console and errors: console messages, uncaught errors and rejected promises, redacted before they are stored (see "What is redacted").',
        'Network: requests of the recorded tab (URL, method, status, timing, headers and bodies; WebSocket frames on Chromium), redacted before they are stored (see "What is redacted"). Chromium captures them through its debugger; Firefox through its webRequest API, which sees only requests to sites Repro may access.',
        'Screenshot: the visible part of the tab when you open the reporter, which you can annotate before sending.',
        'Environment: browser and version, operating system, user agent, language, time zone, viewport, screen size and pixel ratio, the extension version, and the page URL and title.',
        'Steps: what you clicked (by its label or text) and which fields you typed into, never what you typed.',
      ],
    },
    {
      title: 'What is redacted',
      items: [
        `In the replay: inputs as above; hidden inputs, email and phone fields and fields whose name or id names a secret (api_key, authenticity_token) are masked even when you record what is typed; in every text node and every attribute value (${BLOCK_ATTRIBUTE} and ${MASK_ATTRIBUTE} aside), the secret shapes below and your own patterns; data-* attributes named after a secret (data-api-key) and the content of meta tags named after one (csrf-token, _csrf, X-CSRF-TOKEN) lose their value. This is done by the extension's background worker before anything is stored, not on the page.`,
        'Secret shapes, wherever they are written (replay, console, network, steps, app data): JWTs; bearer and Basic credentials; payment card numbers (checked with the Luhn sum); vendor keys by their formats (Stripe sk_live_/sk_test_/rk_live_, GitHub ghp_/gho_/ghu_/ghs_/ghr_/github_pat_, AWS AKIA/ASIA, Slack xoxb-/xoxp-/xoxa-/xoxr-, Google AIza); PEM private key blocks; the values of pairs whose name is a secret (password=…, "token": "…", passcode: in a STOMP frame, session cookies such as PHPSESSID or SAPISID); in every URL, even one written inside a page, a script, a style, a JSON string or a console line: the user name and password, and query and fragment parameters named after a secret (token, api_key, code, state, access_token…).',
        'Network, besides: the values of secret headers (Authorization, Cookie, Set-Cookie, X-Api-Key, any header named after a token, key, session or secret), every cookie value, and fields named after a secret in JSON, form, multipart and GraphQL bodies (variables and inline arguments), in base64 bodies that hold text, and in WebSocket frames both ways.',
        'Your own rules (Settings → Network, Redaction): header names, field names and patterns, applied to everything above; when you change them, the next report reads its recording again with them.',
        'A last pass before anything leaves: just before Download or Send, every text file of the report (and the data the offline viewer embeds) goes through these rules once more, and the reporter tells you how many more secrets it removed.',
        `What no rule can catch, and stays as the page shows it unless you mask it: a secret with neither a recognizable shape nor a secret-sounding name next to it (an opaque id or a customer's name in page text, a value under a key such as "data"); secrets inside binary bodies (images, fonts, protobuf, compressed frames); text in images and in the screenshot (use the blur and redact tools); what you type into ordinary fields after turning off "Mask what is typed into inputs". Mark such elements ${MASK_ATTRIBUTE} or ${BLOCK_ATTRIBUTE}, or add a pattern.`,
      ],
    },
    {
      title: 'Where it is stored',
      items: [
        `IndexedDB of the extension, on disk in your browser profile: ${DATABASES.capture} (replay, console and steps per tab), ${DATABASES.network} (network per tab), ${DATABASES.reports} (report drafts and sent-report history). Web pages and content scripts cannot read it.`,
        'storage.local of the extension, on disk: your settings (settings.capture, settings.retention and the other settings.* items). No recorded data.',
        'storage.session of the extension, in memory only: which tabs are recording right now, the network requests still in flight (already redacted, so a restarted background can finish them), which tabs network capture runs on, the recorder diagnostics and when you last changed the redaction rules. Gone when the browser closes.',
        `Tracker connections and credentials (${trackerNames.join(', ')}): IndexedDB database ${CREDENTIAL_DATABASES.integrations} of the extension, which content scripts and web pages cannot open; never in an exported settings file. Only the background worker reads a token, to send it to its own tracker.`,
      ],
    },
    {
      title: 'How long it is kept',
      items: [
        `Rolling buffer: only the last few minutes of each recorded tab (${minutes(defaultCaptureSettings.windowMs)} by default, at most 15), capped in size per tab (replay, console, steps and network alike); it is deleted when the tab closes, and whatever was left of tabs open when the browser quit is deleted when it starts again.`,
        `Repro recordings you start: until you report or the tab closes, at most ${minutes(defaultCaptureSettings.reproCapMs)} by default.`,
        `Drafts and sent-report history: ${retentionDays} days after their last change (${DEFAULT_RETENTION_DAYS} days by default, settable from 1 to 365). An alarm (${RETENTION_ALARM}) sweeps them every ${SWEEP_PERIOD_MINUTES} minutes.`,
        'Settings: until you change or delete them.',
      ],
    },
    {
      title: 'What leaves your machine',
      items: [
        `Nothing, unless you download a report (a zip saved to your disk) or send it to a tracker you connected (${oneOf(trackerNames)}); it then goes from your browser straight to that tracker.`,
        'No analytics, no telemetry, no remote code: the extension loads only its own files.',
      ],
    },
    {
      title: 'Where sent reports go, and who can read them',
      items: TRACKERS.map((t) => `${t.name}: ${t.privacy}`),
    },
    {
      title: 'How to exclude data',
      items: [
        'Only sites you allow are recorded; add sites to the never-record list in the settings (the list always wins), or pause recording.',
        `Mark elements in your app with ${BLOCK_ATTRIBUTE} (never recorded) or ${MASK_ATTRIBUTE} (text masked).`,
        'Add header names, field names or patterns to redact in the settings.',
        'Private (incognito) windows are never recorded: the extension is not allowed to run in them.',
        'Untick replay, console, network or screenshot in the reporter to leave them out of a report.',
      ],
    },
    {
      title: 'How you know it is recording',
      items: [
        'The toolbar badge shows REC on every tab being recorded, and its tooltip says so.',
        'While network capture runs, Chromium shows its own "started debugging this browser" bar; Firefox shows no bar of its own, so there the badge is the sign.',
      ],
    },
    {
      title: 'How to delete it',
      items: [
        'Settings → Delete all data removes every buffer, network log, draft, sent-report history and cache; tick the boxes to delete settings and tracker credentials too.',
        'Closing a tab deletes its rolling buffer; discarding a draft deletes it.',
        'Removing the extension removes everything it stored.',
      ],
    },
  ];
}
