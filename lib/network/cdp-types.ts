/**
 * The few devtools-protocol Network/Page shapes Repro reads, typed from the protocol's documentation
 * (https://chromedevtools.github.io/devtools-protocol/tot/Network/). Only the fields used are listed.
 */

export type Headers = Record<string, string>;

export interface ResourceTiming {
  requestTime: number;
  proxyStart: number;
  proxyEnd: number;
  dnsStart: number;
  dnsEnd: number;
  connectStart: number;
  connectEnd: number;
  sslStart: number;
  sslEnd: number;
  sendStart: number;
  sendEnd: number;
  receiveHeadersEnd: number;
}

export interface CdpRequest {
  url: string;
  urlFragment?: string;
  method: string;
  headers: Headers;
  postData?: string;
  hasPostData?: boolean;
}

export interface CdpResponse {
  url: string;
  status: number;
  statusText: string;
  headers: Headers;
  mimeType: string;
  requestHeaders?: Headers;
  remoteIPAddress?: string;
  connectionId?: number;
  fromDiskCache?: boolean;
  fromServiceWorker?: boolean;
  fromPrefetchCache?: boolean;
  encodedDataLength?: number;
  timing?: ResourceTiming;
  protocol?: string;
}

export interface RequestWillBeSent {
  requestId: string;
  loaderId: string;
  documentURL: string;
  request: CdpRequest;
  timestamp: number;
  wallTime: number;
  initiator: { type: string; url?: string; lineNumber?: number; stack?: unknown };
  redirectResponse?: CdpResponse;
  type?: string;
  frameId?: string;
}

/** A devtools-protocol event as the debugger delivers it. */
export interface CdpEvent {
  method: string;
  params: Record<string, unknown>;
}
