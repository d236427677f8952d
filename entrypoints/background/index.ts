/** Background service worker: wiring only. Each area registers its own handlers and listeners. */
import { registerNetworkService } from '@/lib/network/service';
import { registerDataService } from '@/lib/privacy/service';
import { registerIntegrationService } from '@/lib/trackers/service';
import { serveChannels } from '@/lib/messaging/runtime';
import { registerCaptureService } from '@/lib/recording/service';
import { registerReportService } from '@/lib/reporter/service';

export default defineBackground({
  main() {
    registerCaptureService();
    registerNetworkService();
    registerIntegrationService();
    registerReportService();
    registerDataService();
    // Recorded batches arrive over ports as well as messages (lib/recording/messages.ts, its channels).
    serveChannels();
  },
});
