/**
 * MAIN-world recorder: runs in the page's own world at document_start so it can patch the page's own
 * prototypes (CSSOM, console). It imports only `lib/page/**` and speaks only through the page channel.
 */
import { postToIsolated } from '@/lib/page/post';

export default defineContentScript({
  registration: 'runtime',
  world: 'MAIN',
  runAt: 'document_start',
  main() {
    postToIsolated({ type: 'ready', href: location.href });
  },
});
