import { htmlToText } from './flexTemplates';

describe('htmlToText', () => {
  it('gives the text a rendered Flex template shows: entities decoded, markup dropped', () => {
    expect(htmlToText('Pause &quot;rec&quot; &amp; <b>hold</b> &#39;now&#39; &lt;1 min&gt;')).toBe(
      `Pause "rec" & hold 'now' <1 min>`,
    );
  });

  it('keeps plain text as it is, and runs nothing it is given', () => {
    const before = document.body.innerHTML;
    expect(htmlToText('Pausar grabación <img src=x onerror="window.__ran = true">')).toBe(
      'Pausar grabación ',
    );
    expect((window as unknown as { __ran?: boolean }).__ran).toBeUndefined();
    expect(document.body.innerHTML).toBe(before);
  });
});
