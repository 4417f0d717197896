// A workload as one implementation runs it: a server role and a client role.
import type { Params } from "./common.js";

export interface Roles {
  server(p: Params): Promise<void> | void;
  client(p: Params): Promise<void> | void;
}
