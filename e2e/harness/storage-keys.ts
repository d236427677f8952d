/**
 * Keys of the extension's own storage that the end-to-end harness and specs read directly, in one place.
 * Node cannot load the WXT storage items that define them, so each names its definition.
 */

/** The session-storage key of each tab's network capture state (`networkTabs` in lib/network/session.ts). */
export const NETWORK_TABS_KEY = 'network.tabs';
