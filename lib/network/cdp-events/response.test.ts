import { expect, it } from 'vitest';
import { emptyLogState, type LogOptions, type LogOutput, type LogState, type TrackedRequest } from '../log-state';
import { noExtraRules, REDACTED } from '../../redact';
import type { EventHandler } from './context';
import { dataReceived, loadingFailed, loadingFinished, responseReceived, responseReceivedExtraInfo } from './response';

const options: LogOptions = { rules: noExtraRules, noBodyUrls: [], maxMessages: 3, maxMessageBytes: 16 };

function run(handler: EventHandler, state: LogState, params: Record<string, unknown>): LogOutput {
  const out: LogOutput = { finished: [], pages: [] };
  const id = typeof params.requestId === 'string' ? params.requestId : '';
  handler({ state, params, options, out, id, req: state.requests[id] });
  return out;
}

function tracking(id: string): LogState {
  const state = emptyLogState('F');
  const req: TrackedRequest = {
    requestId: id,
    hop: 0,
    url: 'https://app.test/',
    method: 'GET',
    headers: {},
    cookies: [],
    noBody: false,
    wallTimeMs: 0,
    timestamp: 1,
    dataLength: 0,
    encodedDataLength: 0,
  };
  state.requests[id] = req;
  return state;
}

const response = {
  url: 'https://app.test/',
  status: 200,
  statusText: 'OK',
  headers: { 'Set-Cookie': 'sid=1; Path=/', 'X-Api-Key': 'k' },
  mimeType: 'application/json',
  protocol: 'h2',
};

it('responseReceived keeps the response redacted and its resource type', () => {
  const state = tracking('1');
  run(responseReceived, state, { requestId: '1', type: 'XHR', response });
  const req = state.requests['1']!;
  expect(req.resourceType).toBe('XHR');
  expect(req.response).toMatchObject({
    status: 200,
    mimeType: 'application/json',
    protocol: 'h2',
    cookies: [{ name: 'sid', value: REDACTED, path: '/' }],
  });
  expect(req.response!.headers['Set-Cookie']).toBe(REDACTED);
  expect(req.response!.headers['X-Api-Key']).toBe(REDACTED);
});

it('responseReceivedExtraInfo that came first is applied when the response arrives, and keeps its header size', () => {
  const state = tracking('2');
  run(responseReceivedExtraInfo, state, {
    requestId: '2',
    headers: { 'set-cookie': 'theme=dark' },
    headersText: 'HTTP/1.1 200 OK\r\n\r\n',
  });
  expect(state.early['2']!.responseExtra!.cookies).toEqual([{ name: 'theme', value: REDACTED }]);
  run(responseReceived, state, { requestId: '2', response });
  expect(state.requests['2']!.response!.cookies).toEqual([{ name: 'theme', value: REDACTED }]);
  expect(state.requests['2']!.response!.headersSize).toBe(19);
  // An ExtraInfo after the response merges into it.
  run(responseReceivedExtraInfo, state, { requestId: '2', headers: { 'X-Late': '1' } });
  expect(state.requests['2']!.response!.headers['X-Late']).toBe('1');
});

it('dataReceived adds up the body sizes; loadingFinished finishes the request', () => {
  const state = tracking('3');
  run(dataReceived, state, { requestId: '3', dataLength: 10, encodedDataLength: 4 });
  run(dataReceived, state, { requestId: '3', dataLength: 5, encodedDataLength: 2 });
  const out = run(loadingFinished, state, { requestId: '3', timestamp: 2, encodedDataLength: 300 });
  expect(out.finished.map((r) => [r.dataLength, r.encodedDataLength, r.end])).toEqual([[15, 300, 2]]);
  expect(state.requests['3']).toBeUndefined();
});

it('loadingFailed finishes the request with its error, block reason and cancel flag', () => {
  const state = tracking('4');
  const out = run(loadingFailed, state, {
    requestId: '4',
    timestamp: 3,
    errorText: 'net::ERR_BLOCKED_BY_CLIENT',
    blockedReason: 'inspector',
    canceled: false,
    type: 'Script',
  });
  expect(out.finished[0]).toMatchObject({
    errorText: 'net::ERR_BLOCKED_BY_CLIENT (blocked: inspector)',
    canceled: false,
    resourceType: 'Script',
    end: 3,
  });
});

it('ignores the events of a request capture never saw start', () => {
  const state = emptyLogState('F');
  expect(run(loadingFinished, state, { requestId: 'x', timestamp: 1 }).finished).toEqual([]);
  run(dataReceived, state, { requestId: 'x', dataLength: 1 });
  run(responseReceived, state, { requestId: 'x', response });
  expect(state.requests).toEqual({});
});
