const path = require('path');

// The SDK's testing package requires a path that expect >= 27.5 hides behind
// its "exports" map; point jest straight at the file so the matchers load.
const expectDir = path.dirname(require.resolve('expect/package.json'));

module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  setupFiles: ['<rootDir>/test/env.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
  moduleNameMapper: {
    '^expect/build/jestMatchersObject$': path.join(expectDir, 'build/jestMatchersObject.js'),
  },
  testTimeout: 120000,
};
