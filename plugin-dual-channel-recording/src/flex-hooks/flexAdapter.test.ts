import type * as Flex from '@twilio/flex-ui';

import { rawRecordingSettings } from './flexAdapter';

const managerWith = (configuration: Record<string, unknown>, serviceUiAttributes?: Record<string, unknown>) =>
  ({
    configuration,
    serviceConfiguration: serviceUiAttributes && { ui_attributes: serviceUiAttributes },
  }) as unknown as Flex.Manager;

describe('rawRecordingSettings', () => {
  it("reads Flex's merged configuration first: ui_attributes with the local appConfig over them", () => {
    const manager = managerWith(
      { dual_channel_recording: { serverless_domain: 'http://localhost:3000' } },
      { dual_channel_recording: { serverless_domain: 'x-1234.twil.io' } },
    );
    expect(rawRecordingSettings(manager, 'dual_channel_recording')).toEqual({
      serverless_domain: 'http://localhost:3000',
    });
  });

  it('falls back to a nested configuration.ui_attributes, then to the service ui_attributes', () => {
    expect(
      rawRecordingSettings(
        managerWith({ ui_attributes: { dual_channel_recording: { a: 1 } } }),
        'dual_channel_recording',
      ),
    ).toEqual({ a: 1 });
    expect(
      rawRecordingSettings(managerWith({}, { dual_channel_recording: { b: 2 } }), 'dual_channel_recording'),
    ).toEqual({ b: 2 });
    expect(rawRecordingSettings(managerWith({}), 'dual_channel_recording')).toBeUndefined();
  });
});
