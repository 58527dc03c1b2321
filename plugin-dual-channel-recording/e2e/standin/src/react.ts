/**
 * React and ReactDOM come from their UMD builds as globals, as in Flex, where plugins share Flex's
 * copy (the plugin bundle reads the same globals).
 */
export const { React, ReactDOM } = window;
