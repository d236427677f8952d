/** Dedicated worker that packs the report zip off the popup's main thread. */
import { buildReportZip, type ZipInput } from './zip';

export type ZipWorkerReply = { ok: true; zip: Blob; markdown: string } | { ok: false; error: string };

self.onmessage = async (event: MessageEvent<ZipInput>) => {
  let reply: ZipWorkerReply;
  try {
    reply = { ok: true, ...(await buildReportZip(event.data)) };
  } catch (error) {
    reply = { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  self.postMessage(reply);
};
