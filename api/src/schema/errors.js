"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ErrorInterface = void 0;
var errors_ts_1 = require("../errors.ts");
var builder_ts_1 = require("../builder.ts");
exports.ErrorInterface = builder_ts_1.builder.interfaceRef('Error').implement({
    description: 'An expected failure, returned as data so clients can handle it.',
    fields: function (t) { return ({ message: t.exposeString('message') }); },
});
var ValidationIssue = builder_ts_1.builder.objectRef('ValidationIssue').implement({
    description: 'One problem with one input field.',
    fields: function (t) { return ({
        path: t.exposeString('path', { description: 'The input field, e.g. "input.email".' }),
        message: t.exposeString('message'),
    }); },
});
builder_ts_1.builder.objectType(errors_ts_1.ValidationError, {
    name: 'ValidationError',
    interfaces: [exports.ErrorInterface],
    description: 'The input was not acceptable; every problem is listed.',
    fields: function (t) { return ({ issues: t.field({ type: [ValidationIssue], resolve: function (error) { return error.issues; } }) }); },
});
builder_ts_1.builder.objectType(errors_ts_1.InvalidCredentialsError, {
    name: 'InvalidCredentialsError',
    interfaces: [exports.ErrorInterface],
    fields: function () { return ({}); },
});
builder_ts_1.builder.objectType(errors_ts_1.ForbiddenError, {
    name: 'ForbiddenError',
    interfaces: [exports.ErrorInterface],
    fields: function () { return ({}); },
});
builder_ts_1.builder.objectType(errors_ts_1.NotSignedInError, {
    name: 'NotSignedInError',
    interfaces: [exports.ErrorInterface],
    fields: function () { return ({}); },
});
