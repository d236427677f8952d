/** Draws annotations onto a canvas: the editor's preview and the exported `screenshot.png` use the same code. */
import { arrowHead, pixelate, spanRect, type Shape } from './annotations';

type Ctx = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

/** Draws `shapes` in order over what the canvas already shows; blur regions pixelate what is under them. */
export function drawShapes(ctx: Ctx, shapes: readonly Shape[], size: { width: number; height: number }): void {
  for (const shape of shapes) {
    ctx.save();
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    switch (shape.kind) {
      case 'blur': {
        const r = spanRect(shape.from, shape.to, size);
        if (r.width && r.height) {
          const pixels = ctx.getImageData(r.x, r.y, r.width, r.height);
          pixelate(pixels, { x: 0, y: 0, width: r.width, height: r.height });
          ctx.putImageData(pixels, r.x, r.y);
        }
        break;
      }
      case 'rect': {
        ctx.strokeStyle = shape.color;
        ctx.lineWidth = shape.width;
        const r = spanRect(shape.from, shape.to, size);
        ctx.strokeRect(r.x, r.y, r.width, r.height);
        break;
      }
      case 'arrow': {
        ctx.strokeStyle = shape.color;
        ctx.lineWidth = shape.width;
        const [a, b] = arrowHead(shape.from, shape.to, shape.width * 5);
        ctx.beginPath();
        ctx.moveTo(shape.from.x, shape.from.y);
        ctx.lineTo(shape.to.x, shape.to.y);
        ctx.moveTo(a.x, a.y);
        ctx.lineTo(shape.to.x, shape.to.y);
        ctx.lineTo(b.x, b.y);
        ctx.stroke();
        break;
      }
      case 'pen': {
        ctx.strokeStyle = shape.color;
        ctx.lineWidth = shape.width;
        ctx.beginPath();
        shape.points.forEach((p, i) => (i ? ctx.lineTo(p.x, p.y) : ctx.moveTo(p.x, p.y)));
        ctx.stroke();
        break;
      }
      case 'text': {
        ctx.font = `600 ${shape.size}px system-ui, sans-serif`;
        ctx.textBaseline = 'top';
        // A halo keeps the text readable on any background.
        ctx.lineWidth = Math.max(2, shape.size / 6);
        ctx.strokeStyle = 'rgba(255,255,255,0.85)';
        ctx.strokeText(shape.text, shape.at.x, shape.at.y);
        ctx.fillStyle = shape.color;
        ctx.fillText(shape.text, shape.at.x, shape.at.y);
        break;
      }
    }
    ctx.restore();
  }
}

/** The annotated screenshot as PNG: the original at full resolution with every shape burnt in. */
export async function exportAnnotated(source: Blob, shapes: readonly Shape[]): Promise<Blob> {
  const bitmap = await createImageBitmap(source);
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('This browser cannot draw the screenshot.');
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  drawShapes(ctx, shapes, canvas);
  return canvas.convertToBlob({ type: 'image/png' });
}
