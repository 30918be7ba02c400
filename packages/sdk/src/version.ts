/** This SDK's version (its package.json's: a test keeps them equal); `interflow component init` depends on it. */
export const SDK_VERSION = "0.1.0";
