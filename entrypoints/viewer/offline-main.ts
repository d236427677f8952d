/** Entry of the offline viewer bundled into every `viewer.html`: decode the embedded report, mount the viewer. */
import { mount } from 'svelte';
import '@/components/theme.css';
import SafeReportViewer from '@/components/viewer/SafeReportViewer.svelte';
import { withOfflineAssets } from '@/lib/viewer/offline-assets';
import { decodePayload } from '@/lib/viewer/payload';

const target = document.getElementById('app')!;

function fail(message: string): void {
  const p = document.createElement('p');
  p.setAttribute('role', 'alert');
  p.style.cssText = 'margin:2rem;color:#b3261e';
  p.textContent = message;
  target.replaceChildren(p);
}

const embedded = document.getElementById('repro-data')?.textContent;
if (!embedded) {
  fail('This viewer holds no report data.');
} else {
  decodePayload(embedded, (id) => document.getElementById(id)?.textContent)
    .then((data) => {
      target.replaceChildren();
      document.title = `Repro report: ${data.report.title}`;
      mount(SafeReportViewer, { target, props: { data: withOfflineAssets(data), warnings: [] } });
    })
    .catch((e: unknown) => fail(e instanceof Error ? e.message : 'The report data could not be read.'));
}
