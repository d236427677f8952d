/**
 * Screenshot annotations: shapes in image pixels, an undo/redo history, and the geometry the editor
 * and the export share. Pure data and functions; drawing lives in `annotations-draw.ts`.
 */

export interface Point {
  x: number;
  y: number;
}

export type Tool = 'rect' | 'arrow' | 'pen' | 'text' | 'blur';
export const TOOLS: readonly Tool[] = ['rect', 'arrow', 'pen', 'text', 'blur'];

export type Shape =
  | { kind: 'rect'; from: Point; to: Point; color: string; width: number }
  | { kind: 'arrow'; from: Point; to: Point; color: string; width: number }
  | { kind: 'pen'; points: Point[]; color: string; width: number }
  | { kind: 'text'; at: Point; text: string; color: string; size: number }
  /** Pixels in the region are destroyed (pixelated) in the exported image, not covered. */
  | { kind: 'blur'; from: Point; to: Point };

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The rectangle spanned by two corners, in whole pixels, clipped to the image. */
export function spanRect(a: Point, b: Point, bounds: { width: number; height: number }): Rect {
  const x0 = Math.max(0, Math.floor(Math.min(a.x, b.x)));
  const y0 = Math.max(0, Math.floor(Math.min(a.y, b.y)));
  const x1 = Math.min(bounds.width, Math.ceil(Math.max(a.x, b.x)));
  const y1 = Math.min(bounds.height, Math.ceil(Math.max(a.y, b.y)));
  return { x: x0, y: y0, width: Math.max(0, x1 - x0), height: Math.max(0, y1 - y0) };
}

/** Maps a pointer position on the displayed (scaled) canvas to image pixels. */
export function toImagePoint(
  client: Point,
  box: { left: number; top: number; width: number; height: number },
  image: { width: number; height: number },
): Point {
  const x = ((client.x - box.left) / (box.width || 1)) * image.width;
  const y = ((client.y - box.top) / (box.height || 1)) * image.height;
  return { x: Math.min(image.width, Math.max(0, x)), y: Math.min(image.height, Math.max(0, y)) };
}

/** The two ends of an arrow's head at `to`, `size` long, 30° off the shaft. */
export function arrowHead(from: Point, to: Point, size: number): [Point, Point] {
  const angle = Math.atan2(to.y - from.y, to.x - from.x);
  const wing = (offset: number): Point => ({ x: to.x - size * Math.cos(angle + offset), y: to.y - size * Math.sin(angle + offset) });
  return [wing(Math.PI / 6), wing(-Math.PI / 6)];
}

/** A shape too small to mean anything (a click without a drag). */
export function isDegenerate(shape: Shape): boolean {
  switch (shape.kind) {
    case 'pen':
      return shape.points.length < 2;
    case 'text':
      return !shape.text.trim();
    default:
      return Math.abs(shape.to.x - shape.from.x) < 3 && Math.abs(shape.to.y - shape.from.y) < 3;
  }
}

/** Moves a keyboard cursor by arrow key, clamped to the image; `big` moves further (Shift). */
export function moveCursor(p: Point, key: string, big: boolean, image: { width: number; height: number }): Point | null {
  const step = big ? 50 : 10;
  const delta: Record<string, Point> = {
    ArrowLeft: { x: -step, y: 0 },
    ArrowRight: { x: step, y: 0 },
    ArrowUp: { x: 0, y: -step },
    ArrowDown: { x: 0, y: step },
  };
  const d = delta[key];
  if (!d) return null;
  return { x: Math.min(image.width, Math.max(0, p.x + d.x)), y: Math.min(image.height, Math.max(0, p.y + d.y)) };
}

/** Undo/redo over the list of shapes. Immutable: each operation returns a new history. */
export interface History {
  past: Shape[][];
  present: Shape[];
  future: Shape[][];
}

export function emptyHistory(shapes: Shape[] = []): History {
  return { past: [], present: shapes, future: [] };
}

function commit(h: History, next: Shape[]): History {
  return { past: [...h.past, h.present], present: next, future: [] };
}

/** Adds a shape (ignored when degenerate). */
export function addShape(h: History, shape: Shape): History {
  return isDegenerate(shape) ? h : commit(h, [...h.present, shape]);
}

/** Removes every shape; undoable. */
export function clearShapes(h: History): History {
  return h.present.length ? commit(h, []) : h;
}

export function undo(h: History): History {
  const previous = h.past[h.past.length - 1];
  if (!previous) return h;
  return { past: h.past.slice(0, -1), present: previous, future: [h.present, ...h.future] };
}

export function redo(h: History): History {
  const [next, ...rest] = h.future;
  if (!next) return h;
  return { past: [...h.past, h.present], present: next, future: rest };
}

/** Pixels of an RGBA image, as in `ImageData` (which happy-dom and workers may lack). */
export interface Pixels {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

/** Block size of the redaction: big enough that no glyph of ordinary text survives. */
export function redactBlock(rect: Rect): number {
  return Math.max(12, Math.round(Math.min(rect.width, rect.height) / 4));
}

/**
 * Destroys the pixels inside `rect`: each block becomes the average of its pixels. Runs on the export
 * canvas's own data, so the original values are gone from the PNG, not hidden under a layer.
 */
export function pixelate(image: Pixels, rect: Rect, block = redactBlock(rect)): void {
  const { data, width } = image;
  const x1 = Math.min(image.width, rect.x + rect.width);
  const y1 = Math.min(image.height, rect.y + rect.height);
  for (let by = Math.max(0, rect.y); by < y1; by += block) {
    for (let bx = Math.max(0, rect.x); bx < x1; bx += block) {
      const ex = Math.min(x1, bx + block);
      const ey = Math.min(y1, by + block);
      const sum = [0, 0, 0, 0];
      for (let y = by; y < ey; y++) {
        for (let x = bx; x < ex; x++) {
          const i = (y * width + x) * 4;
          for (let c = 0; c < 4; c++) sum[c]! += data[i + c]!;
        }
      }
      const n = (ex - bx) * (ey - by);
      const avg = sum.map((s) => Math.round(s / n));
      for (let y = by; y < ey; y++) {
        for (let x = bx; x < ex; x++) {
          const i = (y * width + x) * 4;
          for (let c = 0; c < 4; c++) data[i + c] = avg[c]!;
        }
      }
    }
  }
}
