"use strict";
var _a, _b;
Object.defineProperty(exports, "__esModule", { value: true });
// Starts the API against the configured database (APP_DATABASE_URL / DATABASE_URL, see README).
var db_1 = require("@cape/db");
var provisioning_1 = require("@cape/db/provisioning");
var config_ts_1 = require("./config.ts");
var server_ts_1 = require("./server.ts");
var config = (0, config_ts_1.loadApiConfig)();
var appUrl = (_a = process.env.APP_DATABASE_URL) !== null && _a !== void 0 ? _a : (process.env.DATABASE_URL ? (0, provisioning_1.appUrlFromOwnerUrl)(process.env.DATABASE_URL) : undefined);
if (!appUrl) {
    console.error('Set APP_DATABASE_URL or DATABASE_URL (or use `pnpm start`, which starts the embedded database).');
    process.exit(2);
}
var prisma = (0, db_1.createPrismaClient)(appUrl, { maxConnections: Number((_b = process.env.API_DB_POOL_SIZE) !== null && _b !== void 0 ? _b : 20) });
var server = (0, server_ts_1.createApiServer)(prisma, config);
server.listen(config.port, config.host, function () {
    console.log("API listening on http://".concat(config.host, ":").concat(config.port, "/graphql"));
});
for (var _i = 0, _c = ['SIGINT', 'SIGTERM']; _i < _c.length; _i++) {
    var signal = _c[_i];
    process.on(signal, function () {
        server.close();
        void prisma.$disconnect().finally(function () { return process.exit(0); });
    });
}
