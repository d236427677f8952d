import { expect, it } from 'vitest';
import { emptyLogState, type LogOptions, type LogOutput, type LogState } from '../log-state';
import { noExtraRules, REDACTED } from '../../redact';
import type { EventHandler } from './context';
import * as socket from './socket';

const options: LogOptions = { rules: noExtraRules, noBodyUrls: ['/quiet'], maxMessages: 2, maxMessageBytes: 64 };

function run(handler: EventHandler, state: LogState, params: Record<string, unknown>): LogOutput {
  const out: LogOutput = { finished: [], pages: [] };
  const id = typeof params.requestId === 'string' ? params.requestId : '';
  handler({ state, params, options, out, id, req: state.requests[id] });
  return out;
}

it('follows a WebSocket from creation through handshake and frames to its close', () => {
  const state = emptyLogState('F');
  run(socket.webSocketCreated, state, { requestId: 'w', url: 'wss://app.test/live?token=t' });
  run(socket.webSocketWillSendHandshakeRequest, state, {
    requestId: 'w',
    timestamp: 5,
    wallTime: 1_700_000_000,
    request: { headers: { Cookie: 'sid=s' } },
  });
  run(socket.webSocketHandshakeResponseReceived, state, {
    requestId: 'w',
    response: { status: 101, statusText: 'Switching Protocols', headers: { 'Set-Cookie': 'a=b' } },
  });
  run(socket.webSocketFrameSent, state, { requestId: 'w', timestamp: 6, response: { opcode: 1, payloadData: '{"token":"x"}' } });
  run(socket.webSocketFrameReceived, state, { requestId: 'w', timestamp: 7, response: { opcode: 1, payloadData: 'hello' } });
  run(socket.webSocketFrameReceived, state, { requestId: 'w', timestamp: 8, response: { opcode: 1, payloadData: 'again' } });
  run(socket.webSocketFrameError, state, { requestId: 'w', errorMessage: 'bad frame' });
  const [closed] = run(socket.webSocketClosed, state, { requestId: 'w', timestamp: 9 }).finished;
  expect(closed!.url).toBe(`wss://app.test/live?token=${encodeURIComponent(REDACTED)}`);
  expect(closed!.cookies).toEqual([{ name: 'sid', value: REDACTED }]);
  expect(closed!.response).toMatchObject({ status: 101, cookies: [{ name: 'a', value: REDACTED }] });
  expect(closed!.messages!.map((m) => [m.type, m.data, m.time])).toEqual([
    ['receive', 'hello', 1_700_000_002],
    ['receive', 'again', 1_700_000_003],
  ]);
  expect(closed!.messagesDropped).toBe(1);
  expect(closed!.errorText).toBe('bad frame');
  expect(state.requests).toEqual({});
});

it('keeps server-sent events of an EventSource, redacted, and no payload of a URL a rule names', () => {
  const state = emptyLogState('F');
  state.requests.e = {
    requestId: 'e',
    hop: 0,
    url: 'https://app.test/events',
    method: 'GET',
    headers: {},
    cookies: [],
    noBody: false,
    wallTimeMs: 1_000,
    timestamp: 1,
    dataLength: 0,
    encodedDataLength: 0,
  };
  run(socket.eventSourceMessageReceived, state, { requestId: 'e', timestamp: 2, data: '{"password":"pw"}' });
  expect(state.requests.e!.messages).toEqual([{ type: 'receive', time: 2, opcode: 1, data: `{"password":"${REDACTED}"}` }]);

  run(socket.webSocketCreated, state, { requestId: 'q', url: 'wss://app.test/quiet' });
  run(socket.webSocketFrameReceived, state, { requestId: 'q', timestamp: 1, response: { opcode: 1, payloadData: 'private' } });
  expect(state.requests.q!.messages![0]!.data).toBe('');
});
