// AF_NETLINK addresses: [pid, groups], as struct sockaddr_nl.
import { AF_NETLINK } from "../constants.gen.js";
import { type FamilyCodec, layout, newSockaddr, readU32, registerFamily, writeU32 } from "./common.js";
import { padded, tuple, u32 } from "./fields.js";

export type NetlinkAddress = [pid: number, groups: number];

const nl = layout.sockaddr_nl;

const netlink: FamilyCodec = {
  encode(fn, address) {
    const [pid, groups] = tuple(fn, address, "AF_NETLINK", "a [pid, groups] pair", 2);
    const out = newSockaddr(nl!.size!, AF_NETLINK);
    writeU32(out, u32(fn, "pid", pid), nl!.nl_pid!);
    writeU32(out, u32(fn, "groups", groups), nl!.nl_groups!);
    return out;
  },
  decode(bytes, length): NetlinkAddress {
    const b = padded(bytes, length, nl!.size!);
    return [readU32(b, nl!.nl_pid!), readU32(b, nl!.nl_groups!)];
  },
};

if (nl !== undefined) registerFamily(AF_NETLINK, netlink);
