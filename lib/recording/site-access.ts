/** Allowing and denying sites for the rolling buffer, from extension pages (needs a user gesture). */
import { browser } from 'wxt/browser';
import { captureSettings, getCaptureSettings } from '../settings/capture';
import { originToMatchPattern } from './site-policy';

/**
 * Asks for host access to `origin` and adds it to the allowed sites. Must run in a user gesture.
 * Returns false when the tester refused the permission.
 */
export async function allowSite(origin: string): Promise<boolean> {
  const granted = await browser.permissions.request({ origins: [originToMatchPattern(origin)] });
  if (!granted) return false;
  const settings = await getCaptureSettings();
  if (!settings.allowedOrigins.includes(origin)) {
    await captureSettings.setValue({ ...settings, allowedOrigins: [...settings.allowedOrigins, origin] });
  }
  return true;
}

const EVERY_SITE = ['http://*/*', 'https://*/*'];

/**
 * Turns recording on every site on (asking for access to all sites first; must run in a user gesture)
 * or off (releasing that access; sites allowed one by one keep theirs). Returns whether it is now on.
 */
export async function setEverywhere(on: boolean): Promise<boolean> {
  if (on && !(await browser.permissions.request({ origins: EVERY_SITE }))) return false;
  const settings = await getCaptureSettings();
  await captureSettings.setValue({ ...settings, everywhere: on });
  if (!on) await browser.permissions.remove({ origins: EVERY_SITE }).catch(() => false);
  return on;
}

/** Removes `origin` from the allowed sites (its host permission is released too). */
export async function disallowSite(origin: string): Promise<void> {
  const settings = await getCaptureSettings();
  await captureSettings.setValue({ ...settings, allowedOrigins: settings.allowedOrigins.filter((o) => o !== origin) });
  await browser.permissions.remove({ origins: [originToMatchPattern(origin)] }).catch(() => false);
}
