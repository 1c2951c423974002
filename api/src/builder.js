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
exports.builder = void 0;
var pothos_types_1 = require("@cape/db/pothos-types");
var core_1 = require("@pothos/core");
var plugin_errors_1 = require("@pothos/plugin-errors");
var plugin_prisma_1 = require("@pothos/plugin-prisma");
var plugin_relay_1 = require("@pothos/plugin-relay");
var plugin_scope_auth_1 = require("@pothos/plugin-scope-auth");
exports.builder = new core_1.default({
    plugins: [plugin_scope_auth_1.default, plugin_errors_1.default, plugin_prisma_1.default, plugin_relay_1.default],
    defaultFieldNullability: false,
    scopeAuth: {
        authScopes: function (context) { return __awaiter(void 0, void 0, void 0, function () {
            return __generator(this, function (_a) {
                return [2 /*return*/, ({
                        signedIn: context.viewer !== null,
                        permission: function (permission) { var _a, _b; return (_b = (_a = context.viewer) === null || _a === void 0 ? void 0 : _a.permissions.has(permission)) !== null && _b !== void 0 ? _b : false; },
                    })];
            });
        }); },
    },
    errors: { defaultTypes: [] },
    prisma: {
        // Relations resolved by Pothos still pass through row-level security.
        client: function (context) {
            if (!context.tenantPrisma)
                throw new Error('Relations are only loaded for signed-in requests.');
            return context.tenantPrisma;
        },
        dmmf: (0, pothos_types_1.getDatamodel)(),
        exposeDescriptions: false,
    },
    relay: { clientMutationId: 'omit', cursorType: 'String' },
});
exports.builder.queryType({});
exports.builder.mutationType({});
