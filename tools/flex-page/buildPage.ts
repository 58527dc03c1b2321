/**
 * `npm run build -w @dual-channel-recording/flex-page`: bundles the page that runs the plugin inside the
 * real Flex UI (server/pageBuild.ts). The Flex vendor bundle is built once per Flex version and reused.
 */
import { buildFlexPage } from './server/pageBuild';

const kb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

buildFlexPage((line) => console.log(line)).then(
  (built) => {
    console.log(
      `flex page: Flex UI ${built.flexVersion} vendor ${kb(built.vendorBytes)} (${built.vendorReused ? 'reused' : 'built'}), ` +
        `page ${(built.pageBytes / 1024).toFixed(0)} KB, in ${built.seconds.toFixed(1)} s`,
    );
  },
  (error: unknown) => {
    console.error('flex page: build failed', error);
    process.exit(1);
  },
);
