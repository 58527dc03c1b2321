import { expect, test } from './fixtures';

test.describe('the browser the suites drive', () => {
  test("draws the page's text: its fonts resolve to glyphs (the npm package's Chromium, on a machine with no fonts and without our fontconfig file, crashed the tab)", async ({
    openAgent,
  }) => {
    const alice = await openAgent();
    // Flex's own fonts come from Twilio's CDN, which the page refuses: Flex falls back to the machine's fonts.
    const inked = await alice.page.evaluate(() => {
      const canvas = document.createElement('canvas');
      canvas.width = 300;
      canvas.height = 60;
      const context = canvas.getContext('2d');
      if (!context) return -1;
      context.font = `32px ${getComputedStyle(document.body).fontFamily}`;
      context.fillText('Recording paused', 4, 44);
      const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
      let pixels = 0;
      for (let alpha = 3; alpha < data.length; alpha += 4) if (data[alpha] > 0) pixels += 1;
      return pixels;
    });
    expect(inked).toBeGreaterThan(500);
  });
});
