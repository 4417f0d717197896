// AF_VSOCK addresses (virtual machine sockets): [cid, port], as struct
// sockaddr_vm. VMADDR_CID_ANY and VMADDR_PORT_ANY are 0xffffffff.
import { AF_VSOCK } from "../constants.gen.js";
import { type FamilyCodec, layout, newSockaddr, readU32, registerFamily, writeU32 } from "./common.js";
import { padded, tuple, u32 } from "./fields.js";

export type VsockAddress = [cid: number, port: number];

const vm = layout.sockaddr_vm;

const vsock: FamilyCodec = {
  encode(fn, address) {
    const [cid, port] = tuple(fn, address, "AF_VSOCK", "a [cid, port] pair", 2);
    const out = newSockaddr(vm!.size!, AF_VSOCK);
    writeU32(out, u32(fn, "cid", cid), vm!.svm_cid!);
    writeU32(out, u32(fn, "port", port), vm!.svm_port!);
    return out;
  },
  decode(bytes, length): VsockAddress {
    const b = padded(bytes, length, vm!.size!);
    return [readU32(b, vm!.svm_cid!), readU32(b, vm!.svm_port!)];
  },
};

if (vm !== undefined) registerFamily(AF_VSOCK, vsock);
