"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.requirePermission = requirePermission;
var errors_ts_1 = require("../errors.ts");
/** Services check permissions themselves too: they are callable without GraphQL (jobs, tests, scripts). */
function requirePermission(viewer, permission) {
    if (!viewer)
        throw new errors_ts_1.NotSignedInError();
    if (!viewer.permissions.has(permission))
        throw new errors_ts_1.ForbiddenError(permission);
    return viewer;
}
