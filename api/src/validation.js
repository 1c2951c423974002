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
exports.parseInput = parseInput;
exports.parseArguments = parseArguments;
var graphql_1 = require("graphql");
var errors_ts_1 = require("./errors.ts");
/** zod at the edge: a typed value, or a ValidationError listing every problem with its input path. */
function parseInput(schema, input, path) {
    if (path === void 0) { path = 'input'; }
    var result = schema.safeParse(input);
    if (result.success)
        return result.data;
    var issues = result.error.issues.map(function (issue) { return ({
        path: __spreadArray([path], issue.path.map(String), true).join('.'),
        message: issue.message,
    }); });
    throw new errors_ts_1.ValidationError("The input has ".concat(issues.length, " problem").concat(issues.length === 1 ? '' : 's', "."), issues);
}
/**
 * For query arguments, where a typed error union would burden every reader: the same problems, as a
 * GraphQL error that Yoga passes through unmasked (code BAD_USER_INPUT, issues in extensions).
 */
function parseArguments(schema, input, path) {
    try {
        return parseInput(schema, input, path);
    }
    catch (error) {
        if (!(error instanceof errors_ts_1.ValidationError))
            throw error;
        var detail = error.issues.map(function (issue) { return "".concat(issue.path, ": ").concat(issue.message); }).join('; ');
        throw new graphql_1.GraphQLError("Invalid arguments. ".concat(detail), {
            extensions: { code: 'BAD_USER_INPUT', issues: error.issues },
        });
    }
}
