"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
var config_1 = require("vitest/config");
exports.default = (0, config_1.defineConfig)({
    test: {
        globalSetup: ['@cape/db/testing/global-setup'],
        testTimeout: 60000,
        hookTimeout: 120000,
    },
});
