"use strict";
var __spreadArray = (this && this.__spreadArray) || function (to, from, pack) {
    if (pack || arguments.length === 2) for (var i = 0, l = from.length, ar; i < l; i++) {
        if (ar || !(i in from)) {
            if (!ar) ar = Array.prototype.slice.call(from, 0, i);
            ar[i] = from[i];
        }
    }
    return to.concat(ar || Array.prototype.slice.call(from));
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.ViewerRef = exports.PermissionEnum = exports.MembershipRoleEnum = exports.OrganizationKindEnum = void 0;
var auth_1 = require("@cape/auth");
var builder_ts_1 = require("../builder.ts");
exports.OrganizationKindEnum = builder_ts_1.builder.enumType('OrganizationKind', {
    values: ['BROKER', 'IMPORTER', 'NOTIFY_PARTY', 'OPERATOR'],
});
exports.MembershipRoleEnum = builder_ts_1.builder.enumType('MembershipRole', {
    values: ['ADMIN', 'STAFF', 'VIEWER'],
});
exports.PermissionEnum = builder_ts_1.builder.enumType('Permission', {
    description: 'What the signed-in user may do, as resource:verb.',
    values: Object.fromEntries(auth_1.PERMISSIONS.map(function (permission) { return [permission.replace(/[:-]/g, '_').toUpperCase(), { value: permission }]; })),
});
exports.ViewerRef = builder_ts_1.builder.objectRef('Viewer').implement({
    description: 'The signed-in user, acting for one organization.',
    fields: function (t) { return ({
        userId: t.exposeID('userId'),
        email: t.exposeString('email'),
        displayName: t.exposeString('displayName'),
        organization: t.field({
            type: ViewerOrganization,
            resolve: function (viewer) { return ({ id: viewer.organizationId, name: viewer.organizationName, kind: viewer.organizationKind }); },
        }),
        role: t.field({ type: exports.MembershipRoleEnum, resolve: function (viewer) { return viewer.role; } }),
        permissions: t.field({ type: [exports.PermissionEnum], resolve: function (viewer) { return __spreadArray([], viewer.permissions, true); } }),
    }); },
});
var ViewerOrganization = builder_ts_1.builder
    .objectRef('ViewerOrganization')
    .implement({
    fields: function (t) { return ({
        id: t.exposeID('id'),
        name: t.exposeString('name'),
        kind: t.field({ type: exports.OrganizationKindEnum, resolve: function (organization) { return organization.kind; } }),
    }); },
});
builder_ts_1.builder.queryField('viewer', function (t) {
    return t.field({
        type: exports.ViewerRef,
        nullable: true,
        description: 'The signed-in user, or null when the request carries no valid session.',
        resolve: function (_root, _args, context) { return context.viewer; },
    });
});
