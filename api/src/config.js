"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.loadApiConfig = loadApiConfig;
var node_crypto_1 = require("node:crypto");
var zod_1 = require("zod");
var ApiEnvironment = zod_1.z.object({
    API_PORT: zod_1.z.coerce.number().int().min(1).max(65535).default(4000),
    API_HOST: zod_1.z.string().default('127.0.0.1'),
    /** HMAC key for session tokens. Unset: a random key per process (sessions end when the API restarts). */
    SESSION_SECRET: zod_1.z.string().min(32, 'SESSION_SECRET must be at least 32 characters').optional(),
    SESSION_TTL_HOURS: zod_1.z.coerce.number().positive().max(24 * 30).default(12),
});
function loadApiConfig(environment) {
    var _a;
    if (environment === void 0) { environment = process.env; }
    var parsed = ApiEnvironment.safeParse(environment);
    if (!parsed.success) {
        var problems = parsed.error.issues.map(function (issue) { return "".concat(issue.path.join('.'), ": ").concat(issue.message); }).join('; ');
        throw new Error("Invalid API configuration: ".concat(problems));
    }
    return {
        port: parsed.data.API_PORT,
        host: parsed.data.API_HOST,
        sessionSecret: (_a = parsed.data.SESSION_SECRET) !== null && _a !== void 0 ? _a : (0, node_crypto_1.randomBytes)(32).toString('hex'),
        sessionTtlSeconds: Math.round(parsed.data.SESSION_TTL_HOURS * 3600),
    };
}
