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
exports.EntrySummaryRef = void 0;
var domain_1 = require("@cape/domain");
var plugin_relay_1 = require("@pothos/plugin-relay");
var graphql_1 = require("graphql");
var zod_1 = require("zod");
var builder_ts_1 = require("../builder.ts");
var entry_service_ts_1 = require("../services/entry-service.ts");
var validation_ts_1 = require("../validation.ts");
var LiquidationStatusEnum = builder_ts_1.builder.enumType('LiquidationStatus', {
    values: ['UNLIQUIDATED', 'LIQUIDATED', 'EXTENDED', 'SUSPENDED', 'UNDER_REVIEW', 'FINAL'],
});
var EntrySummaryStatusEnum = builder_ts_1.builder.enumType('EntrySummaryStatus', {
    values: ['ACCEPTED', 'CANCELLED', 'REJECTED'],
});
var ImporterOfRecord = builder_ts_1.builder
    .objectRef('ImporterOfRecordSummary')
    .implement({
    fields: function (t) { return ({
        iorNumber: t.exposeString('partyNumber'),
        name: t.exposeString('name'),
    }); },
});
exports.EntrySummaryRef = builder_ts_1.builder.objectRef('EntrySummary').implement({
    description: 'A CBP Form 7501 entry summary as ACE holds it.',
    fields: function (t) { return ({
        id: t.id({ resolve: function (entry) { return entry.id.toString(); } }),
        entryNumber: t.exposeString('entryNumber', { description: '11 characters, normalized.' }),
        formattedEntryNumber: t.string({
            description: 'XXX-NNNNNNN-C',
            resolve: function (entry) { return (0, domain_1.formatEntryNumber)(entry.entryNumber); },
        }),
        entryType: t.exposeString('entryType'),
        filerCode: t.exposeString('filerCode'),
        portCode: t.exposeString('portCode'),
        entryDate: t.expose('entryDate', { type: 'Date' }),
        depositDate: t.expose('depositDate', { type: 'Date' }),
        summaryStatus: t.field({ type: EntrySummaryStatusEnum, resolve: function (entry) { return entry.summaryStatus; } }),
        liquidationStatus: t.field({ type: LiquidationStatusEnum, resolve: function (entry) { return entry.liquidationStatus; } }),
        liquidationDate: t.expose('liquidationDate', { type: 'Date', nullable: true }),
        totalDutyCents: t.expose('totalDutyCents', { type: 'Cents' }),
        ieepaDutyCents: t.expose('ieepaDutyCents', { type: 'Cents' }),
        importer: t.field({ type: ImporterOfRecord, resolve: function (entry) { return entry.importer; } }),
        flags: t.stringList({
            description: 'Conditions that matter for CAPE: RECONCILIATION, DRAWBACK, OPEN_PROTEST, ADCVD_1504D, NOT_IN_ACE.',
            resolve: function (entry) {
                return [
                    entry.reconciliationFlagged && 'RECONCILIATION',
                    entry.drawbackDesignated && 'DRAWBACK',
                    entry.openProtest && 'OPEN_PROTEST',
                    entry.adcvdPendingLiquidation1504d && 'ADCVD_1504D',
                    !entry.inAce && 'NOT_IN_ACE',
                ].filter(function (flag) { return typeof flag === 'string'; });
            },
        }),
    }); },
});
var EntryFilterInput = builder_ts_1.builder.inputType('EntryFilter', {
    fields: function (t) { return ({
        entryNumber: t.string({ required: false, description: 'Whole or leading part; hyphens and case ignored.' }),
        liquidationStatus: t.field({ type: LiquidationStatusEnum, required: false }),
    }); },
});
var EntryFilterSchema = zod_1.z.object({
    entryNumber: zod_1.z
        .string()
        .max(20, 'An entry number has 11 characters (13 with hyphens).')
        .regex(/^[A-Za-z0-9\s-]*$/, 'Entry numbers contain only letters, digits and hyphens.')
        .nullish(),
    liquidationStatus: zod_1.z.enum(['UNLIQUIDATED', 'LIQUIDATED', 'EXTENDED', 'SUSPENDED', 'UNDER_REVIEW', 'FINAL']).nullish(),
});
var PageArgsSchema = zod_1.z.object({
    first: zod_1.z.number().int().min(0).max(entry_service_ts_1.MAX_PAGE_SIZE, "first may be at most ".concat(entry_service_ts_1.MAX_PAGE_SIZE, ".")).nullish(),
    last: zod_1.z.number().int().min(0).max(entry_service_ts_1.MAX_PAGE_SIZE, "last may be at most ".concat(entry_service_ts_1.MAX_PAGE_SIZE, ".")).nullish(),
});
var CURSOR = /^\d{1,19}$/;
function cursorToId(cursor) {
    if (cursor == null)
        return undefined;
    if (!CURSOR.test(cursor))
        throw new graphql_1.GraphQLError('Invalid cursor: use a cursor from a previous page.', { extensions: { code: 'BAD_USER_INPUT' } });
    return BigInt(cursor);
}
// Connection objects carry the filter so totalCount is only computed when asked for.
var countsByConnection = new WeakMap();
builder_ts_1.builder.queryField('entries', function (t) {
    return t.connection({
        type: exports.EntrySummaryRef,
        description: 'Entry summaries your organization may see, newest first.',
        authScopes: { permission: 'entry:read' },
        args: { filter: t.arg({ type: EntryFilterInput, required: false }) },
        resolve: function (_root, args, context) { return __awaiter(void 0, void 0, void 0, function () {
            var filter, connection;
            var _a;
            return __generator(this, function (_b) {
                switch (_b.label) {
                    case 0:
                        (0, validation_ts_1.parseArguments)(PageArgsSchema, { first: args.first, last: args.last }, 'args');
                        filter = (0, validation_ts_1.parseArguments)(EntryFilterSchema, (_a = args.filter) !== null && _a !== void 0 ? _a : {}, 'filter');
                        return [4 /*yield*/, (0, plugin_relay_1.resolveCursorConnection)({ args: args, toCursor: function (entry) { return entry.id.toString(); }, defaultSize: 50, maxSize: entry_service_ts_1.MAX_PAGE_SIZE }, function (_a) {
                                var before = _a.before, after = _a.after, limit = _a.limit, inverted = _a.inverted;
                                return (0, entry_service_ts_1.listEntries)(context.prisma, context.viewer, { before: cursorToId(before), after: cursorToId(after), limit: limit, inverted: inverted }, filter);
                            })];
                    case 1:
                        connection = _b.sent();
                        countsByConnection.set(connection, function () { return (0, entry_service_ts_1.countEntries)(context.prisma, context.viewer, filter); });
                        return [2 /*return*/, connection];
                }
            });
        }); },
    }, {
        fields: function (connection) { return ({
            totalCount: connection.int({
                description: 'How many entries match the filter (computed only when asked for).',
                resolve: function (parent) { return __awaiter(void 0, void 0, void 0, function () {
                    var count;
                    return __generator(this, function (_a) {
                        switch (_a.label) {
                            case 0:
                                count = countsByConnection.get(parent);
                                if (!count)
                                    throw new Error('totalCount is not available on this connection.');
                                return [4 /*yield*/, count()];
                            case 1: return [2 /*return*/, _a.sent()];
                        }
                    });
                }); },
            }),
        }); },
    });
});
