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
exports.signIn = signIn;
// Sign-in: e-mail + password to a session token for one of the user's organizations. Unknown e-mail and
// wrong password fail alike (and take alike long), and every attempt lands in the audit log.
var auth_1 = require("@cape/auth");
var db_1 = require("@cape/db");
var errors_ts_1 = require("../errors.ts");
var viewer_ts_1 = require("../viewer.ts");
var timingDecoy;
function signIn(prisma, config, input) {
    return __awaiter(this, void 0, void 0, function () {
        var email, user, _a, _b, memberships, membership, viewer, _c, expiresAtSeconds, token;
        return __generator(this, function (_d) {
            switch (_d.label) {
                case 0:
                    email = input.email.trim().toLowerCase();
                    return [4 /*yield*/, prisma.$queryRaw(templateObject_1 || (templateObject_1 = __makeTemplateObject(["select * from app_find_user_for_sign_in(", ")"], ["select * from app_find_user_for_sign_in(", ")"])), email)];
                case 1:
                    user = (_d.sent())[0];
                    if (!!user) return [3 /*break*/, 5];
                    timingDecoy !== null && timingDecoy !== void 0 ? timingDecoy : (timingDecoy = (0, auth_1.hashPassword)('timing decoy'));
                    _a = auth_1.verifyPassword;
                    _b = [input.password];
                    return [4 /*yield*/, timingDecoy];
                case 2: return [4 /*yield*/, _a.apply(void 0, _b.concat([_d.sent()]))];
                case 3:
                    _d.sent();
                    return [4 /*yield*/, recordFailedSignIn(prisma, email)];
                case 4:
                    _d.sent();
                    throw new errors_ts_1.InvalidCredentialsError();
                case 5: return [4 /*yield*/, (0, auth_1.verifyPassword)(input.password, user.password_hash)];
                case 6:
                    if (!!(_d.sent())) return [3 /*break*/, 8];
                    return [4 /*yield*/, recordFailedSignIn(prisma, email)];
                case 7:
                    _d.sent();
                    throw new errors_ts_1.InvalidCredentialsError();
                case 8: return [4 /*yield*/, (0, db_1.withSignedInUser)(prisma, user.id, function (tx) {
                        return tx.membership.findMany({ where: { userId: user.id }, orderBy: { createdAt: 'asc' } });
                    })];
                case 9:
                    memberships = _d.sent();
                    membership = input.organizationId
                        ? memberships.find(function (candidate) { return candidate.organizationId === input.organizationId; })
                        : memberships[0];
                    if (!membership) return [3 /*break*/, 11];
                    return [4 /*yield*/, (0, viewer_ts_1.loadViewer)(prisma, user.id, membership.organizationId)];
                case 10:
                    _c = _d.sent();
                    return [3 /*break*/, 12];
                case 11:
                    _c = null;
                    _d.label = 12;
                case 12:
                    viewer = _c;
                    if (!!viewer) return [3 /*break*/, 14];
                    return [4 /*yield*/, recordFailedSignIn(prisma, email)];
                case 13:
                    _d.sent();
                    throw new errors_ts_1.InvalidCredentialsError();
                case 14:
                    expiresAtSeconds = Math.floor(Date.now() / 1000) + config.sessionTtlSeconds;
                    token = (0, auth_1.signSessionToken)({ userId: viewer.userId, organizationId: viewer.organizationId, exp: expiresAtSeconds }, config.sessionSecret);
                    return [4 /*yield*/, (0, db_1.withTenant)(prisma, (0, viewer_ts_1.tenantOf)(viewer), function (tx) {
                            return tx.auditLogEntry.create({
                                data: {
                                    organizationId: viewer.organizationId,
                                    actorUserId: viewer.userId,
                                    action: 'session.signed_in',
                                    subjectType: 'user',
                                    subjectId: viewer.userId,
                                },
                            });
                        })];
                case 15:
                    _d.sent();
                    return [2 /*return*/, { token: token, expiresAt: new Date(expiresAtSeconds * 1000), viewer: viewer }];
            }
        });
    });
}
function recordFailedSignIn(prisma, email) {
    return __awaiter(this, void 0, void 0, function () {
        return __generator(this, function (_a) {
            switch (_a.label) {
                case 0: 
                // No tenant is known: the record belongs to no organization and only operators can read it.
                return [4 /*yield*/, prisma.auditLogEntry.create({
                        data: { action: 'session.sign_in_failed', subjectType: 'email', subjectId: email },
                    })];
                case 1:
                    // No tenant is known: the record belongs to no organization and only operators can read it.
                    _a.sent();
                    return [2 /*return*/];
            }
        });
    });
}
var templateObject_1;
