import { describe, expect, it } from 'vitest';
import { REDACTED } from '../../redact';
import { DEFAULT_RECORDER_CONFIG } from '../rrweb-options';
import { stepNaming } from './naming';
import { $, click, page, untrusted, useStepTracker } from './testing';

const t = useStepTracker();

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
    [
      'whitespace collapsed, long text clipped',
      `<button id="t">  Add\n  to   cart ${'x'.repeat(80)}</button>`,
      '#t',
      `Click "Add to cart ${'x'.repeat(47)}…"`,
    ],
    ['no name: role', '<button id="t"></button>', '#t', 'Click a button'],
    ['plain element', '<p id="t">Some paragraph</p>', '#t', 'Click "Some paragraph"'],
    ['hidden text skipped', '<button id="t"><span aria-hidden="true">★</span>Favourite</button>', '#t', 'Click "Favourite"'],
  ])('%s', (_name, html, selector, expected) => {
    page(html);
    t.start();
    const before = location.href;
    click($(selector));
    expect(t.texts()).toEqual([expected]);
    expect(t.steps[0]).toMatchObject({ kind: 'click', url: before });
  });

  it('gives a generic step inside a blocked area, without its text', () => {
    page('<div data-repro-block><button id="a">Secret project X</button></div><div class="rr-block"><span id="b">Also secret</span></div>');
    t.start();
    click($('#a'));
    click($('#b'));
    expect(t.texts()).toEqual(['Click in a blocked area', 'Click in a blocked area']);
  });

  it('describes masked elements by role only', () => {
    page('<button id="a" data-repro-mask>Jane Doe</button><button id="b" class="rr-mask" aria-label="Account of Jane">x</button>');
    t.start();
    click($('#a'));
    click($('#b'));
    expect(t.texts()).toEqual(['Click a button', 'Click a button']);
  });

  it('masks all text when asked', () => {
    page('<button id="a">Jane Doe</button>');
    t.start({ maskAllText: true });
    click($('#a'));
    expect(t.texts()).toEqual(['Click a button']);
  });

  it('names a control under an ancestor the tester masks by role only', () => {
    page('<section class="patient"><div><button id="a">Jane Doe – MRN 48213</button></div></section><button id="b">Open chart</button>');
    t.start(stepNaming({ ...DEFAULT_RECORDER_CONFIG, maskSelectors: ['.patient'] }));
    click($('#a'));
    click($('#b'));
    expect(t.texts()).toEqual(['Click a button', 'Click "Open chart"']);
  });

  it('names what is clicked inside an editable region by role only while inputs are masked', () => {
    page('<div contenteditable="true" aria-label="Reply"><a id="m" href="/u/7">@Jane Doe</a></div>');
    t.start(stepNaming(DEFAULT_RECORDER_CONFIG));
    click($('#m'));
    t.stop();
    t.start(stepNaming({ ...DEFAULT_RECORDER_CONFIG, unmaskInputs: true }));
    click($('#m'));
    expect(t.texts()).toEqual(['Click a link', 'Click "@Jane Doe"']);
  });

  it('honours extra block selectors from the options', () => {
    page('<div class="private"><button id="a">Salary</button></div>');
    t.start({ block: '.private' });
    click($('#a'));
    expect(t.texts()).toEqual(['Click in a blocked area']);
  });

  it('ignores clicks the page dispatched itself', () => {
    page('<button id="a">Buy</button>');
    t.start();
    $('#a').dispatchEvent(untrusted(new MouseEvent('click', { bubbles: true })));
    expect(t.steps).toEqual([]);
  });

  it('leaves clicks on fields, selects, labels and toggles to their own steps', () => {
    page(
      '<label id="l" for="c">Remember me</label><input id="c" type="checkbox"><input id="e"><select id="s"><option>A</option></select><textarea id="ta"></textarea>',
    );
    t.start();
    for (const id of ['#e', '#s', '#ta']) click($(id));
    expect(t.steps).toEqual([]);
    // A click on the label toggles its checkbox: one step, from the change.
    click($('#l'));
    click($('#c'));
    expect(t.steps.map((s) => [s.kind, s.text])).toEqual([
      ['check', 'Check "Remember me"'],
      ['check', 'Uncheck "Remember me"'],
    ]);
  });

  it('works through open shadow roots', () => {
    page('<shop-cart id="host"></shop-cart>');
    const root = $('#host').attachShadow({ mode: 'open' });
    root.innerHTML = '<span id="lbl">Checkout now</span><button aria-labelledby="lbl"><span class="icon">→</span></button>';
    t.start();
    click(root.querySelector('.icon')!);
    expect(t.texts()).toEqual(['Click "Checkout now"']);
  });

  it('redacts secrets that appear in a name', () => {
    page('<button id="a">Copy eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abcdefgh</button>');
    t.start();
    click($('#a'));
    expect(t.texts()).toEqual([`Click "Copy ${REDACTED}"`]);
  });
});
