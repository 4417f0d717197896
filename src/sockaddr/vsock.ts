// AF_VSOCK addresses (virtual machine sockets): [cid, port], as struct
// sockaddr_vm. VMADDR_CID_ANY and VMADDR_PORT_ANY are 0xffffffff.
import { AF_VSOCK } from "../constants.gen.js";
import { registerU32Pair } from "./fields.js";

export type VsockAddress = [cid: number, port: number];

registerU32Pair(AF_VSOCK, "AF_VSOCK", "sockaddr_vm", [["cid", "svm_cid"], ["port", "svm_port"]]);
