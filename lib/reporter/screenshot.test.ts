import { beforeEach, expect, it, vi } from 'vitest';
import { answerSends } from '../messaging/testing';
import type { Shape } from '../screenshot/annotations';

vi.mock('../screenshot/annotations-draw', () => ({
  exportAnnotated: vi.fn(async (_blob: Blob, shapes: Shape[]) => new Blob([`annotated:${shapes.length}`])),
}));
const { ScreenshotState } = await import('./screenshot.svelte');

const PNG = 'data:image/png;base64,iVBORw0KGgo=';
const rect: Shape = { kind: 'rect', from: { x: 1, y: 1 }, to: { x: 9, y: 9 }, color: '#e53935', width: 3 };
let answers: { type: string; data: unknown }[] = [];
let next: unknown[] = [];

beforeEach(() => {
  answers = [];
  next = [];
  answerSends((type, data) => {
    answers.push({ type, data });
    if (next.length) return next.shift();
    return { ok: true, dataUrl: PNG };
  });
});

function state() {
  const hooks = { edited: vi.fn(), replaced: vi.fn() };
  return { shot: new ScreenshotState(3, hooks), hooks };
}

it('takes the picture from the worker and says why when there is none', async () => {
  const { shot, hooks } = state();
  await shot.take();
  expect(answers).toEqual([{ type: 'screenshot:take', data: { tabId: 3 } }]);
  expect(shot.blob?.type).toBe('image/png');
  expect(shot.url).not.toBeNull();
  expect(hooks.replaced).toHaveBeenCalledTimes(1);

  next.push({ ok: false, message: 'The browser does not allow screenshots of this page.' });
  await shot.take();
  expect(shot.error).toMatch(/does not allow/);
  answerSends(() => Promise.reject(new Error('worker gone.')));
  await shot.take();
  expect(shot.error).toBe('The screenshot could not be taken: worker gone');
});

it('draws with an undoable history, and a retake clears the shapes', async () => {
  const { shot, hooks } = state();
  await shot.take();
  shot.addShape(rect);
  shot.addShape({ ...rect, color: '#111111' });
  shot.undo();
  expect(shot.history.present).toEqual([rect]);
  shot.redo();
  expect(shot.history.present).toHaveLength(2);
  expect(hooks.edited).toHaveBeenCalledTimes(4);
  await shot.take();
  expect(shot.history.present).toEqual([]);
});

it('keeps the viewport picture when the full page fails, and says why', async () => {
  const { shot } = state();
  await shot.take();
  const viewport = shot.blob;
  next.push({ ok: false, message: 'Only web pages can be captured in full.' });
  await shot.takeFullPage();
  expect(answers.at(-1)).toEqual({ type: 'screenshot:take', data: { tabId: 3, fullPage: true } });
  expect(shot.blob).toBe(viewport);
  expect(shot.note).toBe('Only web pages can be captured in full.');
  next.push({ ok: true, dataUrl: PNG, note: 'The page is taller than 20,000 px: the capture stops there.' });
  await shot.takeFullPage();
  expect(shot.blob).not.toBe(viewport);
  expect(shot.note).toMatch(/taller/);
});

it('exports the shapes burnt in, and keeps the original only when asked and annotated', async () => {
  const { shot } = state();
  expect(await shot.exported()).toBeNull();
  await shot.take();
  expect(await shot.exported()).toBe(shot.blob);
  shot.keepOriginal = true;
  expect(shot.keepsOriginal).toBe(false);
  shot.addShape(rect);
  expect(shot.keepsOriginal).toBe(true);
  expect(await (await shot.exported())!.text()).toBe('annotated:1');
  expect(shot.saved()).toEqual({ shapes: [rect], keepOriginal: true });
});

it('reopens a draft’s picture and shapes', async () => {
  const { shot } = state();
  const blob = new Blob(['png'], { type: 'image/png' });
  shot.restore(blob, { shapes: [rect], keepOriginal: true });
  await vi.waitFor(() => expect(shot.blob).toBe(blob));
  expect(shot.history.present).toEqual([rect]);
  expect(shot.keepOriginal).toBe(true);
});
