"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
// `pnpm --filter @cape/api schema:print`: rewrites api/schema.graphql (committed; a test fails when stale).
var node_fs_1 = require("node:fs");
var node_url_1 = require("node:url");
var index_ts_1 = require("./schema/index.ts");
var target = (0, node_url_1.fileURLToPath)(new URL('../schema.graphql', import.meta.url));
(0, node_fs_1.writeFileSync)(target, (0, index_ts_1.printedSchema)());
console.log("wrote ".concat(target));
