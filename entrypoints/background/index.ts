/** Background service worker: wiring only. Each area registers its own handlers and listeners. */
import { registerNetworkService } from '@/lib/capture/network-service';
import { registerDataService } from '@/lib/data/service';
import { registerIntegrationService } from '@/lib/integrations/service';
import { serveChannels } from '@/lib/messaging/runtime';
import { registerCaptureService } from '@/lib/recorder/service';
import { registerReportService } from '@/lib/report/service';

export default defineBackground({
  main() {
    registerCaptureService();
    registerNetworkService();
    registerIntegrationService();
    registerReportService();
    registerDataService();
    // Recorded batches arrive over ports as well as messages (lib/messaging/protocol.ts, channelMessages).
    serveChannels();
  },
});
