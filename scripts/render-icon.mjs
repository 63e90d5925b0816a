// Renders images/icon.svg to the extension's 128×128 images/icon.png with the system Chromium (npm run icon).
import * as path from 'node:path';
import { chromium } from 'playwright-core';

const root = path.join(path.dirname(new URL(import.meta.url).pathname), '..');
const browser = await chromium.launch({
  executablePath: process.env.KLP_E2E_CHROMIUM ?? '/usr/bin/chromium',
});
try {
  const page = await browser.newPage({ viewport: { width: 128, height: 128 }, deviceScaleFactor: 1 });
  await page.goto(`file://${path.join(root, 'images', 'icon.svg')}`);
  await page.screenshot({ path: path.join(root, 'images', 'icon.png'), omitBackground: true });
} finally {
  await browser.close();
}
