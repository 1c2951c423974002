"use strict";
var __makeTemplateObject = (this && this.__makeTemplateObject) || function (cooked, raw) {
    if (Object.defineProperty) { Object.defineProperty(cooked, "raw", { value: raw }); } else { cooked.raw = raw; }
    return cooked;
};
var __awaiter = (this && this.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};
var __generator = (this && this.__generator) || function (thisArg, body) {
    var _ = { label: 0, sent: function() { if (t[0] & 1) throw t[1]; return t[1]; }, trys: [], ops: [] }, f, y, t, g = Object.create((typeof Iterator === "function" ? Iterator : Object).prototype);
    return g.next = verb(0), g["throw"] = verb(1), g["return"] = verb(2), typeof Symbol === "function" && (g[Symbol.iterator] = function() { return this; }), g;
    function verb(n) { return function (v) { return step([n, v]); }; }
    function step(op) {
        if (f) throw new TypeError("Generator is already executing.");
        while (g && (g = 0, op[0] && (_ = 0)), _) try {
            if (f = 1, y && (t = op[0] & 2 ? y["return"] : op[0] ? y["throw"] || ((t = y["return"]) && t.call(y), 0) : y.next) && !(t = t.call(y, op[1])).done) return t;
            if (y = 0, t) op = [op[0] & 2, t.value];
            switch (op[0]) {
                case 0: case 1: t = op; break;
                case 4: _.label++; return { value: op[1], done: false };
                case 5: _.label++; y = op[1]; op = [0]; continue;
                case 7: op = _.ops.pop(); _.trys.pop(); continue;
                default:
                    if (!(t = _.trys, t = t.length > 0 && t[t.length - 1]) && (op[0] === 6 || op[0] === 2)) { _ = 0; continue; }
                    if (op[0] === 3 && (!t || (op[1] > t[0] && op[1] < t[3]))) { _.label = op[1]; break; }
                    if (op[0] === 6 && _.label < t[1]) { _.label = t[1]; t = op; break; }
                    if (t && _.label < t[2]) { _.label = t[2]; _.ops.push(op); break; }
                    if (t[2]) _.ops.pop();
                    _.trys.pop(); continue;
            }
            op = body.call(thisArg, _);
        } catch (e) { op = [6, e]; y = 0; } finally { f = t = 0; }
        if (op[0] & 5) throw op[1]; return { value: op[0] ? op[1] : void 0, done: true };
    }
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.createGraphqlHandler = createGraphqlHandler;
exports.createApiServer = createApiServer;
// HTTP: /graphql (Yoga) and /health (is the database reachable?). Unexpected errors are masked by Yoga;
// expected ones are typed results or GraphQL errors raised on purpose.
var node_http_1 = require("node:http");
var db_1 = require("@cape/db");
var graphql_yoga_1 = require("graphql-yoga");
var index_ts_1 = require("./schema/index.ts");
var viewer_ts_1 = require("./viewer.ts");
function createGraphqlHandler(prisma, config) {
    var _this = this;
    return (0, graphql_yoga_1.createYoga)({
        schema: index_ts_1.schema,
        graphqlEndpoint: '/graphql',
        landingPage: false,
        maskedErrors: true,
        logging: 'warn',
        context: function (_a) { return __awaiter(_this, [_a], void 0, function (_b) {
            var viewer;
            var request = _b.request;
            return __generator(this, function (_c) {
                switch (_c.label) {
                    case 0: return [4 /*yield*/, (0, viewer_ts_1.viewerFromAuthorization)(prisma, request.headers.get('authorization'), config.sessionSecret)];
                    case 1:
                        viewer = _c.sent();
                        return [2 /*return*/, { prisma: prisma, config: config, viewer: viewer, tenantPrisma: viewer ? (0, db_1.tenantScopedClient)(prisma, (0, viewer_ts_1.tenantOf)(viewer)) : null }];
                }
            });
        }); },
    });
}
function createApiServer(prisma, config) {
    var _this = this;
    var yoga = createGraphqlHandler(prisma, config);
    return (0, node_http_1.createServer)(function (request, response) { return __awaiter(_this, void 0, void 0, function () {
        var _a;
        return __generator(this, function (_b) {
            switch (_b.label) {
                case 0:
                    if (!(request.url === '/health')) return [3 /*break*/, 5];
                    _b.label = 1;
                case 1:
                    _b.trys.push([1, 3, , 4]);
                    return [4 /*yield*/, prisma.$queryRaw(templateObject_1 || (templateObject_1 = __makeTemplateObject(["select 1"], ["select 1"])))];
                case 2:
                    _b.sent();
                    response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok","database":"ok"}');
                    return [3 /*break*/, 4];
                case 3:
                    _a = _b.sent();
                    response.writeHead(503, { 'content-type': 'application/json' }).end('{"status":"unavailable","database":"unreachable"}');
                    return [3 /*break*/, 4];
                case 4: return [2 /*return*/];
                case 5: return [4 /*yield*/, yoga.handle(request, response)];
                case 6:
                    _b.sent();
                    return [2 /*return*/];
            }
        });
    }); });
}
var templateObject_1;
