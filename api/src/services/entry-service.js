"use strict";
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
exports.MAX_PAGE_SIZE = void 0;
exports.listEntries = listEntries;
exports.countEntries = countEntries;
// Entry summaries the viewer's organization may see: a broker sees what its filer codes filed, an
// importer what was filed for its IOR numbers (or by itself), an operator everything. The explicit
// filter lets PostgreSQL use the tenant indexes; row-level security still applies underneath.
var db_1 = require("@cape/db");
var viewer_ts_1 = require("../viewer.ts");
var authorization_ts_1 = require("./authorization.ts");
exports.MAX_PAGE_SIZE = 200;
function visibleTo(viewer) {
    switch (viewer.organizationKind) {
        case 'BROKER':
            return { filerOrganizationId: viewer.organizationId };
        case 'IMPORTER':
            return {
                OR: [{ importerOrganizationId: viewer.organizationId }, { filerOrganizationId: viewer.organizationId }],
            };
        case 'OPERATOR':
            return {};
        case 'NOTIFY_PARTY':
            return { id: { lt: 0 } };
    }
}
function matching(filter) {
    var _a;
    var where = {};
    var fragment = (_a = filter === null || filter === void 0 ? void 0 : filter.entryNumber) === null || _a === void 0 ? void 0 : _a.replace(/[\s-]/g, '').toUpperCase();
    if (fragment)
        where.entryNumber = { startsWith: fragment };
    if (filter === null || filter === void 0 ? void 0 : filter.liquidationStatus)
        where.liquidationStatus = filter.liquidationStatus;
    return where;
}
function listEntries(prisma, viewer, page, filter) {
    return __awaiter(this, void 0, void 0, function () {
        var allowed, cursor;
        return __generator(this, function (_a) {
            switch (_a.label) {
                case 0:
                    allowed = (0, authorization_ts_1.requirePermission)(viewer, 'entry:read');
                    cursor = {};
                    if (page.after !== undefined)
                        cursor.lt = page.after;
                    if (page.before !== undefined)
                        cursor.gt = page.before;
                    return [4 /*yield*/, (0, db_1.withTenant)(prisma, (0, viewer_ts_1.tenantOf)(allowed), function (tx) {
                            return tx.entrySummary.findMany({
                                where: { AND: [visibleTo(allowed), matching(filter), { id: cursor }] },
                                orderBy: { id: page.inverted ? 'asc' : 'desc' },
                                take: Math.min(page.limit, exports.MAX_PAGE_SIZE + 1),
                                include: { importer: { select: { partyNumber: true, name: true } } },
                            });
                        })];
                case 1: return [2 /*return*/, _a.sent()];
            }
        });
    });
}
function countEntries(prisma, viewer, filter) {
    return __awaiter(this, void 0, void 0, function () {
        var allowed;
        return __generator(this, function (_a) {
            switch (_a.label) {
                case 0:
                    allowed = (0, authorization_ts_1.requirePermission)(viewer, 'entry:read');
                    return [4 /*yield*/, (0, db_1.withTenant)(prisma, (0, viewer_ts_1.tenantOf)(allowed), function (tx) {
                            return tx.entrySummary.count({ where: { AND: [visibleTo(allowed), matching(filter)] } });
                        })];
                case 1: return [2 /*return*/, _a.sent()];
            }
        });
    });
}
