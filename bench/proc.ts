// One benchmark process of a TypeScript implementation:
//   node dist/bench/proc.js <bsdsock-async|bsdsock-sync|node> <workload> <server|client> [key=value...]
// The runner starts a server and a client this way (bench/README.md).
import { parseParams } from "./impl/common.js";
import type { Roles } from "./impl/roles.js";

const implementations: Record<string, () => Promise<Record<string, Roles>>> = {
  "bsdsock-async": async () => (await import("./impl/bsdsock-async.js")).roles,
  "bsdsock-sync": async () => (await import("./impl/bsdsock-sync.js")).roles,
  node: async () => (await import("./impl/node.js")).roles,
  "bsdsock-selectsync": async () => (await import("./impl/bsdsock-select.js")).selectRoles,
  "bsdsock-pollsync": async () => (await import("./impl/bsdsock-select.js")).pollRoles,
  own: async () => (await import("./impl/runtime-own.js")).roles,
};

const [impl = "", workload = "", role = "", ...rest] = process.argv.slice(2);
const load = implementations[impl];
if (load === undefined) throw new Error(`unknown implementation "${impl}" (${Object.keys(implementations).join(", ")})`);
const roles = (await load())[workload];
if (roles === undefined) throw new Error(`${impl} has no workload "${workload}"`);
if (role !== "server" && role !== "client") throw new Error(`the role is server or client, not "${role}"`);
await roles[role](parseParams(rest));
