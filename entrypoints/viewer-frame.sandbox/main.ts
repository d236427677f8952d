/**
 * The frame of the extension's viewer: renders the report its parent page sends. It runs with an opaque
 * origin and no extension API (see lib/viewer/frame-protocol.ts).
 */
import { mount, unmount } from 'svelte';
import '@/components/theme.css';
import SafeReportViewer from '@/components/viewer/SafeReportViewer.svelte';
import { FRAME_NS, isFrameMessage, type FrameReady, type FrameShow } from '@/lib/viewer/frame-protocol';
import { withOfflineAssets } from '@/lib/viewer/offline-assets';

const target = document.getElementById('app')!;
// Our own origin is opaque ("null"); the viewer page's is the extension's, which our <base> names (or,
// loaded as the manifest sandbox page, our URL).
const parentOrigin = new URL(document.baseURI).origin;
let shown: { app: ReturnType<typeof mount>; screenshotUrl: string | null } | null = null;

function show(message: FrameShow): void {
  if (shown) {
    void unmount(shown.app);
    if (shown.screenshotUrl) URL.revokeObjectURL(shown.screenshotUrl);
  }
  const screenshotUrl = message.screenshot instanceof Blob ? URL.createObjectURL(message.screenshot) : null;
  const data = withOfflineAssets({ ...message.data, screenshotUrl });
  const warnings = Array.isArray(message.warnings) ? message.warnings.filter((w) => typeof w === 'string') : [];
  shown = { app: mount(SafeReportViewer, { target, props: { data, warnings } }), screenshotUrl };
}

window.addEventListener('message', (event) => {
  if (event.source !== window.parent || event.origin !== parentOrigin) return;
  if (isFrameMessage<FrameShow>(event.data, 'show')) show(event.data);
});

window.parent.postMessage({ ns: FRAME_NS, type: 'ready' } satisfies FrameReady, parentOrigin);
