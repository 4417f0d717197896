// AF_QIPCRTR addresses (Qualcomm IPC router): [node, port], as struct
// sockaddr_qrtr.
import { AF_QIPCRTR } from "../constants.gen.js";
import { registerU32Pair } from "./fields.js";

export type QipcrtrAddress = [node: number, port: number];

registerU32Pair(AF_QIPCRTR, "AF_QIPCRTR", "sockaddr_qrtr", [["node", "sq_node"], ["port", "sq_port"]]);
