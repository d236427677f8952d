import { beforeEach, describe, expect, it } from 'vitest';
import { $, click, key, page, type, untrusted, useStepTracker } from './testing';

const t = useStepTracker();

describe('submits', () => {
  const form = '<form id="f" aria-label="Login"><input id="u" aria-label="User"><button id="go">Log in</button></form>';

  beforeEach(() => {
    page(form);
    $('#f').addEventListener('submit', (e) => e.preventDefault());
  });

  function submit(submitter?: HTMLElement) {
    $('#f').dispatchEvent(new SubmitEvent('submit', { bubbles: true, cancelable: true, submitter: submitter ?? null }));
  }

  it('names a submit by the form', () => {
    t.start();
    submit();
    expect(t.steps.map((s) => [s.kind, s.text])).toEqual([['submit', 'Submit "Login"']]);
  });

  it('falls back to a heading, then the submit button', () => {
    page('<form id="f"><h2>Create account</h2><button>Go</button></form><form id="g"><button id="b">Save draft</button></form>');
    t.start();
    $('#f').dispatchEvent(new Event('submit', { bubbles: true }));
    $('#g').dispatchEvent(new Event('submit', { bubbles: true }));
    expect(t.texts()).toEqual(['Submit "Create account"', 'Submit "Save draft"']);
  });

  it('does not repeat the click that submitted', () => {
    let submits = 0;
    $('#f').addEventListener('submit', () => submits++);
    t.start();
    // The button's activation submits the form.
    click($('#go'));
    expect(submits).toBe(1);
    expect(t.texts()).toEqual(['Click "Log in"']);
  });

  it('records Enter in a field, and not the submit it causes', () => {
    t.start();
    type($('#u'));
    key($('#u'), 'Enter');
    submit();
    expect(t.texts()).toEqual(['Type into "User"', 'Press Enter in "User"']);
  });

  it('does not turn the default-button click of an Enter into a second step', () => {
    let submits = 0;
    $('#f').addEventListener('submit', () => submits++);
    t.start();
    key($('#u'), 'Enter');
    // Implicit submission clicks the default button with no pointer (detail 0), which submits.
    click($('#go'), { detail: 0 });
    expect(submits).toBe(1);
    expect(t.texts()).toEqual(['Press Enter in "User"']);
  });

  it('skips a submit that a page script started with button.click()', () => {
    let submits = 0;
    $('#f').addEventListener('submit', () => submits++);
    t.start();
    // The button's activation submits the form, as in a browser.
    $('#go').dispatchEvent(untrusted(new MouseEvent('click', { bubbles: true })));
    expect(submits).toBe(1);
    expect(t.steps).toEqual([]);
  });
});
