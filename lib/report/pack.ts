/** Packs a report zip in a dedicated worker (one per report, ended when done). */
import type { ZipInput, ZipOutput } from './zip';
import type { ZipWorkerReply } from './zip-worker';

/** Builds the zip in a worker; rejects with the worker's own message on failure. */
export function packReport(input: ZipInput): Promise<ZipOutput> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./zip-worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<ZipWorkerReply>) => {
      worker.terminate();
      if (event.data.ok) resolve({ zip: event.data.zip, markdown: event.data.markdown });
      else reject(new Error(event.data.error));
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(event.message || 'The zip worker failed to start.'));
    };
    worker.postMessage(input);
  });
}
