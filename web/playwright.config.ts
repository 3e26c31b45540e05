// The browser end-to-end test drives Debian's chromium (never a downloaded
// browser) against a real `velum serve` the test starts itself.
import { defineConfig } from '@playwright/test';

const artifacts = process.env.VELUM_E2E_ARTIFACTS ?? 'test-results';

export default defineConfig({
  testDir: 'tests',
  outputDir: `${artifacts}/playwright`,
  timeout: 180_000,
  // The suite shares two cores with the other test binaries (ctest -j2): a
  // page can take longer than the 5 s default to settle, never 15 s.
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  // On CI one retry separates a machine hiccup from a real failure; the
  // report names a test that needed it as flaky.
  retries: process.env.CI ? 1 : 0,
  reporter: [['line']],
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.VELUM_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
        '--autoplay-policy=no-user-gesture-required', '--mute-audio',
      ],
    },
    trace: 'off',
  },
});
