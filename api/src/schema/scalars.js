"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
var graphql_1 = require("graphql");
var builder_ts_1 = require("../builder.ts");
var ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
builder_ts_1.builder.scalarType('Date', {
    description: 'A calendar date (business date), ISO 8601 "YYYY-MM-DD", no time and no time zone.',
    serialize: function (value) { return value.toISOString().slice(0, 10); },
    parseValue: function (value) {
        if (typeof value !== 'string' || !ISO_DATE.test(value) || Number.isNaN(Date.parse("".concat(value, "T00:00:00Z")))) {
            throw new graphql_1.GraphQLError("Date must be \"YYYY-MM-DD\", got ".concat(JSON.stringify(value), "."));
        }
        return value;
    },
});
builder_ts_1.builder.scalarType('DateTime', {
    description: 'An instant, ISO 8601 with time zone (UTC on output).',
    serialize: function (value) { return value.toISOString(); },
    parseValue: function (value) {
        var parsed = typeof value === 'string' ? new Date(value) : null;
        if (!parsed || Number.isNaN(parsed.getTime()))
            throw new graphql_1.GraphQLError('DateTime must be an ISO 8601 string.');
        return parsed;
    },
});
builder_ts_1.builder.scalarType('Cents', {
    description: 'An amount of U.S. money in integer cents, as a string of digits (e.g. "1234567" is $12,345.67) so no client ever rounds it through floating point.',
    serialize: function (value) { return value.toString(); },
    parseValue: function (value) {
        if (typeof value === 'string' && /^-?\d+$/.test(value))
            return BigInt(value);
        if (typeof value === 'number' && Number.isSafeInteger(value))
            return BigInt(value);
        throw new graphql_1.GraphQLError('Cents must be an integer number of cents, e.g. "1234567".');
    },
    parseLiteral: function (node) {
        if ((node.kind === graphql_1.Kind.STRING || node.kind === graphql_1.Kind.INT) && /^-?\d+$/.test(node.value))
            return BigInt(node.value);
        throw new graphql_1.GraphQLError('Cents must be an integer number of cents, e.g. "1234567".');
    },
});
