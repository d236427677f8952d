/** Background service worker: wiring only. Each area registers its own handlers and listeners. */
import { registerCaptureService } from '@/lib/recorder/service';

export default defineBackground({
  main() {
    registerCaptureService();
  },
});
