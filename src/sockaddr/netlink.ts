// AF_NETLINK addresses: [pid, groups], as struct sockaddr_nl.
import { AF_NETLINK } from "../constants.gen.js";
import { registerU32Pair } from "./fields.js";

export type NetlinkAddress = [pid: number, groups: number];

registerU32Pair(AF_NETLINK, "AF_NETLINK", "sockaddr_nl", [["pid", "nl_pid"], ["groups", "nl_groups"]]);
