import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { REDACTED } from '../redact';
import type { Step } from '../model/report';
import { describePath, installStepTracker, type StepTrackerOptions } from './steps';

let steps: Step[];
let stop: (() => void) | undefined;

function start(options: StepTrackerOptions = {}) {
  stop = installStepTracker((s) => steps.push(s), { initialNavigation: false, ...options });
}

function page(html: string) {
  document.body.innerHTML = html;
}

function $(selector: string): HTMLElement {
  return document.querySelector<HTMLElement>(selector)!;
}

const texts = () => steps.map((s) => s.text);

function click(el: Element) {
  el.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
}
function type(el: Element) {
  el.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}
function change(el: Element) {
  el.dispatchEvent(new Event('change', { bubbles: true }));
}
function key(el: Element, k: string, init: KeyboardEventInit = {}) {
  el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, composed: true, ...init }));
}

beforeEach(() => {
  steps = [];
  history.replaceState(null, '', '/');
});

afterEach(() => {
  stop?.();
  stop = undefined;
  document.body.innerHTML = '';
  vi.useRealTimers();
});

describe('clicks', () => {
  it.each<[string, string, string, string]>([
    ['button text', '<button id="t">Place order</button>', '#t', 'Click "Place order"'],
    ['aria-label wins over text', '<button id="t" aria-label="Close dialog">×</button>', '#t', 'Click "Close dialog"'],
    ['aria-labelledby', '<span id="l">Delete item</span><button id="t" aria-labelledby="l">🗑</button>', '#t', 'Click "Delete item"'],
    ['image alt inside a button', '<button id="t"><img alt="Search"></button>', '#t', 'Click "Search"'],
    ['title', '<button id="t" title="Settings"><svg></svg></button>', '#t', 'Click "Settings"'],
    ['submit input value', '<input id="t" type="submit" value="Sign in">', '#t', 'Click "Sign in"'],
    ['climbs to the nearest interactive ancestor', '<a href="/cart"><span><b id="t">Cart</b> (2)</span></a>', '#t', 'Click "Cart (2)"'],
    ['role=button', '<div role="button"><i id="t">Next</i></div>', '#t', 'Click "Next"'],
    ['whitespace collapsed, long text clipped', `<button id="t">  Add\n  to   cart ${'x'.repeat(80)}</button>`, '#t', `Click "Add to cart ${'x'.repeat(47)}…"`],
    ['no name: role', '<button id="t"></button>', '#t', 'Click a button'],
    ['plain element', '<p id="t">Some paragraph</p>', '#t', 'Click "Some paragraph"'],
    ['hidden text skipped', '<button id="t"><span aria-hidden="true">★</span>Favourite</button>', '#t', 'Click "Favourite"'],
  ])('%s', (_name, html, selector, expected) => {
    page(html);
    start();
    const before = location.href;
    click($(selector));
    expect(texts()).toEqual([expected]);
    expect(steps[0]).toMatchObject({ kind: 'click', url: before });
  });

  it('gives a generic step inside a blocked area, without its text', () => {
    page('<div data-repro-block><button id="a">Secret project X</button></div><div class="rr-block"><span id="b">Also secret</span></div>');
    start();
    click($('#a'));
    click($('#b'));
    expect(texts()).toEqual(['Click in a blocked area', 'Click in a blocked area']);
  });

  it('describes masked elements by role only', () => {
    page('<button id="a" data-repro-mask>Jane Doe</button><button id="b" class="rr-mask" aria-label="Account of Jane">x</button>');
    start();
    click($('#a'));
    click($('#b'));
    expect(texts()).toEqual(['Click a button', 'Click a button']);
  });

  it('masks all text when asked', () => {
    page('<button id="a">Jane Doe</button>');
    start({ maskAllText: true });
    click($('#a'));
    expect(texts()).toEqual(['Click a button']);
  });

  it('honours extra block selectors from the options', () => {
    page('<div class="private"><button id="a">Salary</button></div>');
    start({ block: '.private' });
    click($('#a'));
    expect(texts()).toEqual(['Click in a blocked area']);
  });

  it('ignores clicks the page dispatched itself', () => {
    page('<button id="a">Buy</button>');
    start();
    const event = new MouseEvent('click', { bubbles: true });
    Object.defineProperty(event, 'isTrusted', { value: false });
    $('#a').dispatchEvent(event);
    expect(steps).toEqual([]);
  });

  it('leaves clicks on fields, selects, labels and toggles to their own steps', () => {
    page('<label id="l" for="c">Remember me</label><input id="c" type="checkbox"><input id="e"><select id="s"><option>A</option></select><textarea id="ta"></textarea>');
    start();
    for (const id of ['#e', '#s', '#ta']) click($(id));
    expect(steps).toEqual([]);
    // A click on the label toggles its checkbox: one step, from the change.
    click($('#l'));
    click($('#c'));
    expect(steps.map((s) => [s.kind, s.text])).toEqual([
      ['check', 'Check "Remember me"'],
      ['check', 'Uncheck "Remember me"'],
    ]);
  });

  it('works through open shadow roots', () => {
    page('<shop-cart id="host"></shop-cart>');
    const root = $('#host').attachShadow({ mode: 'open' });
    root.innerHTML = '<span id="lbl">Checkout now</span><button aria-labelledby="lbl"><span class="icon">→</span></button>';
    start();
    click(root.querySelector('.icon')!);
    expect(texts()).toEqual(['Click "Checkout now"']);
  });

  it('redacts secrets that appear in a name', () => {
    page('<button id="a">Copy eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abcdefgh</button>');
    start();
    click($('#a'));
    expect(texts()).toEqual([`Click "Copy ${REDACTED}"`]);
  });
});

describe('typing', () => {
  it('makes one step per field per burst, never the value', () => {
    page('<label for="e">Email</label><input id="e" type="email"><input id="p" type="password" placeholder="Password"><textarea id="n" aria-label="Notes"></textarea>');
    start();
    const email = $('#e') as HTMLInputElement;
    for (const ch of 'me@x.io') {
      email.value += ch;
      type(email);
    }
    const password = $('#p') as HTMLInputElement;
    password.value = 'hunter2';
    type(password);
    type(password);
    type($('#n'));
    email.value = 'other@x.io';
    type(email);
    expect(texts()).toEqual(['Type into "Email"', 'Type into "Password"', 'Type into "Notes"', 'Type into "Email"']);
    expect(JSON.stringify(steps)).not.toMatch(/hunter2|me@x|other@x/);
    expect(steps.every((s) => s.kind === 'type')).toBe(true);
  });

  it('names a field by a wrapping label, then placeholder, then name', () => {
    page('<label>Full name <input id="a"></label><input id="b" placeholder="Search products"><input id="c" name="zip"><input id="d">');
    start();
    for (const id of ['#a', '#b', '#c', '#d']) type($(id));
    expect(texts()).toEqual(['Type into "Full name"', 'Type into "Search products"', 'Type into "zip"', 'Type into a field']);
  });

  it('never uses a field value as its name, even for a value attribute', () => {
    page('<input id="a" value="prefilled secret">');
    start();
    type($('#a'));
    expect(texts()).toEqual(['Type into a field']);
  });

  it('starts a new burst after another step', () => {
    page('<input id="a" aria-label="Qty"><button id="b">Update</button>');
    start();
    type($('#a'));
    click($('#b'));
    type($('#a'));
    expect(texts()).toEqual(['Type into "Qty"', 'Click "Update"', 'Type into "Qty"']);
  });

  it('covers contenteditable regions', () => {
    page('<div contenteditable="true" aria-label="Comment"><p id="p">hello</p></div>');
    start();
    type($('#p'));
    expect(texts()).toEqual(['Type into "Comment"']);
  });

  it('hides a blocked field name', () => {
    page('<div data-repro-block><input id="a" aria-label="Diagnosis"></div>');
    start();
    type($('#a'));
    expect(texts()).toEqual(['Type into a field']);
  });
});

describe('changes', () => {
  it.each<[string, string, (el: HTMLElement) => void, string, Step['kind']]>([
    [
      'select with option text',
      '<label for="t">Shipping</label><select id="t"><option>Standard</option><option>Express</option></select>',
      (el) => ((el as HTMLSelectElement).selectedIndex = 1),
      'Select "Express" in "Shipping"',
      'select',
    ],
    [
      'masked select hides the option',
      '<label for="t">Diagnosis</label><select id="t" data-repro-mask><option>Flu</option></select>',
      () => {},
      'Select an option in "Diagnosis"',
      'select',
    ],
    [
      'payment select hides the option',
      '<select id="t" aria-label="Expiry month" autocomplete="cc-exp-month"><option>04</option></select>',
      () => {},
      'Select an option in "Expiry month"',
      'select',
    ],
    ['checkbox checked', '<label><input id="t" type="checkbox"> Remember me</label>', (el) => ((el as HTMLInputElement).checked = true), 'Check "Remember me"', 'check'],
    ['checkbox unchecked', '<input id="t" type="checkbox" aria-label="Newsletter">', (el) => ((el as HTMLInputElement).checked = false), 'Uncheck "Newsletter"', 'check'],
    ['radio', '<label><input id="t" type="radio" name="s"> Express</label>', (el) => ((el as HTMLInputElement).checked = true), 'Choose "Express"', 'check'],
    ['file, never the file name', '<label for="t">Avatar</label><input id="t" type="file">', () => {}, 'Choose a file for "Avatar"', 'type'],
    ['range', '<input id="t" type="range" aria-label="Volume">', () => {}, 'Change "Volume"', 'type'],
  ])('%s', (_name, html, act, expected, kind) => {
    page(html);
    start();
    const el = $('#t');
    act(el);
    change(el);
    expect(steps.map((s) => [s.kind, s.text])).toEqual([[kind, expected]]);
  });

  it('ignores change events of text fields (the typing step covers them)', () => {
    page('<input id="t" aria-label="Name">');
    start();
    change($('#t'));
    expect(steps).toEqual([]);
  });
});

describe('submits and keys', () => {
  const form = '<form id="f" aria-label="Login"><input id="u" aria-label="User"><button id="go">Log in</button></form>';

  beforeEach(() => {
    page(form);
    $('#f').addEventListener('submit', (e) => e.preventDefault());
  });

  function submit(submitter?: HTMLElement) {
    $('#f').dispatchEvent(new SubmitEvent('submit', { bubbles: true, cancelable: true, submitter: submitter ?? null }));
  }

  it('names a submit by the form', () => {
    start();
    submit();
    expect(steps.map((s) => [s.kind, s.text])).toEqual([['submit', 'Submit "Login"']]);
  });

  it('falls back to a heading, then the submit button', () => {
    page('<form id="f"><h2>Create account</h2><button>Go</button></form><form id="g"><button id="b">Save draft</button></form>');
    start();
    $('#f').dispatchEvent(new Event('submit', { bubbles: true }));
    $('#g').dispatchEvent(new Event('submit', { bubbles: true }));
    expect(texts()).toEqual(['Submit "Create account"', 'Submit "Save draft"']);
  });

  it('does not repeat the click that submitted', () => {
    let submits = 0;
    $('#f').addEventListener('submit', () => submits++);
    start();
    // The button's activation submits the form.
    click($('#go'));
    expect(submits).toBe(1);
    expect(texts()).toEqual(['Click "Log in"']);
  });

  it('records Enter in a field, and not the submit it causes', () => {
    start();
    type($('#u'));
    key($('#u'), 'Enter');
    submit();
    expect(texts()).toEqual(['Type into "User"', 'Press Enter in "User"']);
  });

  it('does not turn the default-button click of an Enter into a second step', () => {
    let submits = 0;
    $('#f').addEventListener('submit', () => submits++);
    start();
    key($('#u'), 'Enter');
    // Implicit submission clicks the default button with no pointer (detail 0), which submits.
    $('#go').dispatchEvent(new MouseEvent('click', { bubbles: true, detail: 0 }));
    expect(submits).toBe(1);
    expect(texts()).toEqual(['Press Enter in "User"']);
  });

  it('skips a submit that a page script started with button.click()', () => {
    let submits = 0;
    $('#f').addEventListener('submit', () => submits++);
    start();
    const event = new MouseEvent('click', { bubbles: true });
    Object.defineProperty(event, 'isTrusted', { value: false });
    // The button's activation submits the form, as in a browser.
    $('#go').dispatchEvent(event);
    expect(submits).toBe(1);
    expect(steps).toEqual([]);
  });

  it('records Escape, with modifiers', () => {
    start();
    key(document.body, 'Escape');
    key(document.body, 'Enter', { ctrlKey: true });
    expect(steps.map((s) => [s.kind, s.text])).toEqual([
      ['key', 'Press Escape'],
      ['key', 'Press Ctrl+Enter'],
    ]);
  });

  it('ignores keys that do not matter, repeats, IME composition, and Enter that activates a button', () => {
    page('<button id="b">OK</button><textarea id="t"></textarea>');
    start();
    key(document.body, 'a');
    key(document.body, 'Tab');
    key(document.body, 'Escape', { repeat: true });
    key(document.body, 'Enter', { isComposing: true });
    key($('#b'), 'Enter');
    key($('#t'), 'Enter');
    expect(steps).toEqual([]);
  });
});

describe('scrolls', () => {
  it('collapses a burst into one step with its direction', () => {
    vi.useFakeTimers();
    page('<div id="list" aria-label="Results" style="overflow:auto;height:50px"><div style="height:500px"></div></div>');
    start({ scrollIdleMs: 300 });
    for (const y of [100, 200, 300]) {
      window.scrollY = y;
      document.dispatchEvent(new Event('scroll'));
    }
    vi.advanceTimersByTime(400);
    window.scrollY = 100;
    document.dispatchEvent(new Event('scroll'));
    vi.advanceTimersByTime(400);
    const list = $('#list');
    list.scrollTop = 80;
    list.dispatchEvent(new Event('scroll'));
    vi.advanceTimersByTime(400);
    expect(steps.map((s) => [s.kind, s.text])).toEqual([
      ['scroll', 'Scroll down'],
      ['scroll', 'Scroll up'],
      ['scroll', 'Scroll down in "Results"'],
    ]);
  });

  it('flushes a pending scroll before the next step, keeping order', () => {
    vi.useFakeTimers();
    page('<button id="b">More</button>');
    start();
    window.scrollY = 400;
    document.dispatchEvent(new Event('scroll'));
    click($('#b'));
    expect(texts()).toEqual(['Scroll down', 'Click "More"']);
    window.scrollY = 0;
  });
});

describe('navigations', () => {
  it('says where the page starts', () => {
    history.replaceState(null, '', '/app?tab=orders');
    stop = installStepTracker((s) => steps.push(s));
    expect(steps.map((s) => [s.kind, s.text])).toEqual([['navigate', 'Go to /app?tab=orders']]);
  });

  it('follows single-page navigations once each, and stops following when stopped', () => {
    start();
    history.pushState(null, '', '/login');
    history.replaceState(null, '', '/login');
    history.pushState(null, '', '/app');
    window.dispatchEvent(new PopStateEvent('popstate'));
    stop!();
    stop = undefined;
    history.pushState(null, '', '/after');
    expect(texts()).toEqual(['Go to /login', 'Go to /app']);
  });

  it('redacts sensitive query values from steps and their URLs', () => {
    start();
    history.pushState(null, '', '/reset?token=abc123&lang=en&code=SplxlOBeZQQYbYS6WxSbIA');
    expect(texts()).toEqual([`Go to /reset?token=${REDACTED}&lang=en&code=${REDACTED}`]);
    expect(steps[0]!.url).not.toMatch(/abc123|SplxlOBeZQQYbYS6WxSbIA/);
  });

  it.each<[string, string]>([
    ['https://shop.test/app', '/app'],
    ['https://shop.test/#/settings?x=1', '/#/settings?x=1'],
    ['https://shop.test/page#section', '/page'],
    ['https://shop.test/cb?access_token=eyJabc&state=af0ifjsldkj&nonce=n-0S6_WzA2Mj', `/cb?access_token=${REDACTED}&state=${REDACTED}&nonce=${REDACTED}`],
    ['https://shop.test/orders?state=open&code=E_TIMEOUT', '/orders?state=open&code=E_TIMEOUT'],
  ])('describePath(%s)', (href, expected) => {
    expect(describePath(href)).toBe(expected);
  });
});

it('never throws into the page when the consumer throws', () => {
  page('<button id="b">Go</button>');
  stop = installStepTracker(() => {
    throw new Error('consumer');
  });
  expect(() => click($('#b'))).not.toThrow();
});
