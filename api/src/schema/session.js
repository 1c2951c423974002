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
var zod_1 = require("zod");
var builder_ts_1 = require("../builder.ts");
var errors_ts_1 = require("../errors.ts");
var session_service_ts_1 = require("../services/session-service.ts");
var validation_ts_1 = require("../validation.ts");
var viewer_ts_1 = require("./viewer.ts");
var SignInInputSchema = zod_1.z.object({
    email: zod_1.z.email('Enter a valid e-mail address.').max(320),
    password: zod_1.z.string().min(1, 'Enter your password.').max(1024),
    organizationId: zod_1.z.uuid('organizationId must be a UUID.').nullish(),
});
var SignInInput = builder_ts_1.builder.inputType('SignInInput', {
    fields: function (t) { return ({
        email: t.string({ required: true }),
        password: t.string({ required: true }),
        organizationId: t.id({ required: false, description: 'For users in several organizations.' }),
    }); },
});
var SignInPayload = builder_ts_1.builder.objectRef('SignInPayload').implement({
    fields: function (t) { return ({
        token: t.exposeString('token', { description: 'Send as "Authorization: Bearer <token>".' }),
        expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
        viewer: t.field({ type: viewer_ts_1.ViewerRef, resolve: function (payload) { return payload.viewer; } }),
    }); },
});
builder_ts_1.builder.mutationField('signIn', function (t) {
    return t.field({
        type: SignInPayload,
        errors: { types: [errors_ts_1.ValidationError, errors_ts_1.InvalidCredentialsError] },
        args: { input: t.arg({ type: SignInInput, required: true }) },
        resolve: function (_root, args, context) { return __awaiter(void 0, void 0, void 0, function () { return __generator(this, function (_a) {
            switch (_a.label) {
                case 0: return [4 /*yield*/, (0, session_service_ts_1.signIn)(context.prisma, context.config, (0, validation_ts_1.parseInput)(SignInInputSchema, args.input))];
                case 1: return [2 /*return*/, _a.sent()];
            }
        }); }); },
    });
});
