import { describe, expect, it } from 'vitest';
import { chooseChromium } from './chromium.js';

/** Which browser test/browser.test.ts drives: never none, so the browser test never skips. */
describe('choosing the browser for the browser test', () => {
  it('uses the system chromium when there is one, else the packaged one', () => {
    expect(chooseChromium({}, true).kind).toBe('system');
    expect(chooseChromium({}, false).kind).toBe('packaged');
    expect(chooseChromium({ EASTWARD_BROWSER: 'auto' }, false).kind).toBe('packaged');
  });

  it('EASTWARD_BROWSER=packaged ignores the system chromium; =system insists on it', async () => {
    expect(chooseChromium({ EASTWARD_BROWSER: 'packaged' }, true).kind).toBe('packaged');
    const system = chooseChromium({ EASTWARD_BROWSER: 'system' }, false);
    expect(system.kind).toBe('system');
    await expect(system.executablePath()).rejects.toThrow(/no \/usr\/bin\/chromium/);
  });

  it('CHROMIUM_PATH wins and is never silently replaced', async () => {
    const explicit = chooseChromium({ CHROMIUM_PATH: '/nonexistent/chrome', EASTWARD_BROWSER: 'packaged' }, true);
    expect(explicit.kind).toBe('env');
    await expect(explicit.executablePath()).rejects.toThrow(/CHROMIUM_PATH=\/nonexistent\/chrome: no such file/);
  });

  it('the packaged source names the installed @sparticuz/chromium version', () => {
    expect(chooseChromium({ EASTWARD_BROWSER: 'packaged' }, true).describe).toMatch(/^@sparticuz\/chromium \d+\.\d+\.\d+$/);
  });

  it('refuses an unknown EASTWARD_BROWSER', () => {
    expect(() => chooseChromium({ EASTWARD_BROWSER: 'firefox' }, true)).toThrow(/expected auto, system or packaged/);
  });
});
