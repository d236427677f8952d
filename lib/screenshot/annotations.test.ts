import { expect, it } from 'vitest';
import {
  addShape,
  arrowHead,
  clearShapes,
  emptyHistory,
  moveCursor,
  pixelate,
  redo,
  spanRect,
  toImagePoint,
  undo,
  type Pixels,
  type Shape,
} from './annotations';

const rect = (x: number): Shape => ({ kind: 'rect', from: { x, y: 0 }, to: { x: x + 20, y: 20 }, color: '#f00', width: 3 });

it('undoes and redoes shapes, and a new shape drops the redo branch', () => {
  let h = emptyHistory();
  h = addShape(h, rect(0));
  h = addShape(h, rect(10));
  expect(h.present).toHaveLength(2);
  h = undo(h);
  expect(h.present).toEqual([rect(0)]);
  h = redo(h);
  expect(h.present).toEqual([rect(0), rect(10)]);
  h = undo(h);
  h = addShape(h, rect(50));
  expect(h.present).toEqual([rect(0), rect(50)]);
  expect(redo(h)).toBe(h);
  expect(undo(undo(undo(h))).present).toEqual([]);
});

it('clears undoably and ignores clicks without a drag', () => {
  let h = addShape(emptyHistory(), rect(0));
  h = clearShapes(h);
  expect(h.present).toEqual([]);
  expect(undo(h).present).toEqual([rect(0)]);
  const click: Shape = { kind: 'blur', from: { x: 5, y: 5 }, to: { x: 6, y: 6 } };
  expect(addShape(h, click)).toBe(h);
  expect(addShape(h, { kind: 'text', at: { x: 1, y: 1 }, text: '  ', color: '#000', size: 16 })).toBe(h);
  expect(addShape(h, { kind: 'pen', points: [{ x: 1, y: 1 }], color: '#000', width: 2 })).toBe(h);
});

it('maps pointer positions to image pixels and clips rectangles to the image', () => {
  const box = { left: 100, top: 50, width: 640, height: 360 };
  expect(toImagePoint({ x: 420, y: 230 }, box, { width: 1280, height: 720 })).toEqual({ x: 640, y: 360 });
  expect(toImagePoint({ x: 0, y: 2000 }, box, { width: 1280, height: 720 })).toEqual({ x: 0, y: 720 });
  expect(spanRect({ x: 30.5, y: 40 }, { x: -10, y: 10.2 }, { width: 100, height: 100 })).toEqual({ x: 0, y: 10, width: 31, height: 30 });
  expect(spanRect({ x: 90, y: 90 }, { x: 150, y: 150 }, { width: 100, height: 100 })).toEqual({ x: 90, y: 90, width: 10, height: 10 });
});

it('draws arrow heads behind the tip and moves the keyboard cursor within the image', () => {
  const [a, b] = arrowHead({ x: 0, y: 0 }, { x: 100, y: 0 }, 10);
  expect(a.x).toBeLessThan(100);
  expect(b.x).toBeLessThan(100);
  expect(a.y).toBeCloseTo(-b.y);
  const size = { width: 100, height: 100 };
  expect(moveCursor({ x: 95, y: 50 }, 'ArrowRight', false, size)).toEqual({ x: 100, y: 50 });
  expect(moveCursor({ x: 50, y: 50 }, 'ArrowUp', true, size)).toEqual({ x: 50, y: 0 });
  expect(moveCursor({ x: 50, y: 50 }, 'Enter', false, size)).toBeNull();
});

function stripes(width: number, height: number): Pixels {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const v = (x + y) % 2 ? 255 : 0; // a checkerboard: the finest detail text could have
      data.set([v, v, v, 255], i);
    }
  }
  return { width, height, data };
}

const px = (img: Pixels, x: number, y: number) => Array.from(img.data.slice((y * img.width + x) * 4, (y * img.width + x) * 4 + 4));

it('destroys the pixels of a redacted region and leaves the rest untouched', () => {
  const img = stripes(64, 64);
  const before = img.data.slice();
  pixelate(img, { x: 8, y: 8, width: 24, height: 24 }, 12);
  // Inside: every pixel of a block has the same averaged value; no original black or white remains.
  const values = new Set<string>();
  for (let y = 8; y < 32; y++) for (let x = 8; x < 32; x++) values.add(px(img, x, y).join());
  expect([...values]).toEqual(['128,128,128,255']);
  // Outside: byte-for-byte the original.
  for (let y = 0; y < 64; y++) {
    for (let x = 0; x < 64; x++) {
      if (x >= 8 && x < 32 && y >= 8 && y < 32) continue;
      const i = (y * 64 + x) * 4;
      expect(Array.from(img.data.slice(i, i + 4))).toEqual(Array.from(before.slice(i, i + 4)));
    }
  }
});

it('pixelates regions that reach the image edge without reading outside it', () => {
  const img = stripes(10, 10);
  pixelate(img, { x: 4, y: 4, width: 50, height: 50 });
  expect(px(img, 9, 9)).toEqual([128, 128, 128, 255]);
  expect(px(img, 0, 0)).toEqual([0, 0, 0, 255]);
});
