/**
 * Dedicated worker that packs the report zip off the popup's main thread. It is given the capture as soon
 * as the reporter has read it and packs it at once (`prepare`); each `pack` then adds the form.
 */
import {
  packReport,
  prepareCapture,
  type CaptureInput,
  type FormInput,
  type LastPassOptions,
  type PreparedCapture,
  type ZipOutput,
} from './zip';

export type ZipWorkerRequest =
  { kind: 'prepare'; capture: CaptureInput; pass: LastPassOptions } | { kind: 'pack'; id: number; form: FormInput };

export type ZipWorkerReply = { id: number } & ((ZipOutput & { ok: true }) | { ok: false; error: string });

let prepared: Promise<PreparedCapture> | null = null;

self.onmessage = async (event: MessageEvent<ZipWorkerRequest>) => {
  const request = event.data;
  if (request.kind === 'prepare') {
    prepared = prepareCapture(request.capture, request.pass);
    // A failure is answered when a pack asks for it.
    prepared.catch(() => undefined);
    return;
  }
  let reply: ZipWorkerReply;
  try {
    if (!prepared) throw new Error('The zip worker was given no capture to pack.');
    reply = { id: request.id, ok: true, ...(await packReport(await prepared, request.form)) };
  } catch (error) {
    reply = { id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  self.postMessage(reply);
};
