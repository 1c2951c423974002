"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.schema = void 0;
exports.printedSchema = printedSchema;
// Every type registers itself in its own module; importing them all and building gives the schema.
var graphql_1 = require("graphql");
var builder_ts_1 = require("../builder.ts");
require("./scalars.ts");
require("./errors.ts");
require("./viewer.ts");
require("./session.ts");
require("./entry.ts");
exports.schema = builder_ts_1.builder.toSchema({ sortSchema: false });
function printedSchema() {
    return "".concat((0, graphql_1.printSchema)((0, graphql_1.lexicographicSortSchema)(exports.schema)), "\n");
}
