/** Background service worker: wiring only. Each area registers its own handlers and listeners. */
import { registerNetworkService } from '@/lib/network/service';
import { registerDataService } from '@/lib/privacy/service';
import { registerIntegrationService } from '@/lib/trackers/service';
import { serveChannels } from '@/lib/messaging/runtime';
import { registerCaptureService } from '@/lib/recording/service';
import { registerReportService } from '@/lib/reporter/service';
import { registerE2eHooks } from '@/lib/ui/e2e-hooks';

export default defineBackground({
  main() {
    registerCaptureService();
    registerNetworkService();
    registerIntegrationService();
    registerReportService();
    registerDataService();
    // Recorded batches arrive over ports as well as messages (lib/recording/messages.ts, its channels).
    serveChannels();
    // Test builds only; a release build leaves this branch, and the module, out.
    if (import.meta.env.REPRO_E2E) registerE2eHooks();
  },
});
