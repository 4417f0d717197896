// The reference's CAN example, bounded: on a CAN interface (default vcan0),
// send one frame and print the frames received, up to a count or 5 s.
// A virtual CAN interface for trying it (root):
//
//   ip link add vcan0 type vcan && ip link set vcan0 up
//   node dist/examples/can.js [interface] [count]      (default vcan0 3)
//
// struct can_frame is "=IB3x8s": the identifier, the data length, three
// bytes of padding, eight bytes of data.
import * as socket from "bsdsock";

const ifname = process.argv[2] ?? "vcan0";
const count = Math.max(1, Math.min(Number(process.argv[3] ?? 3) || 3, 1000));
const FRAME_SIZE = 16;

function buildCanFrame(canId: number, data: Uint8Array): Buffer {
  const frame = Buffer.alloc(FRAME_SIZE);
  frame.writeUInt32LE(canId, 0); // native order; CAN runs on little-endian hosts in practice
  frame[4] = data.length;
  frame.set(data.subarray(0, 8), 8);
  return frame;
}

function dissectCanFrame(frame: Buffer): [number, number, Buffer] {
  const dlc = frame[4]!;
  return [frame.readUInt32LE(0), dlc, frame.subarray(8, 8 + dlc)];
}

let s: socket.Socket;
try {
  s = socket.socket(socket.AF_CAN, socket.SOCK_RAW, socket.CAN_RAW);
} catch (e) {
  if (e instanceof socket.OSError && e.code === "EAFNOSUPPORT") {
    console.log("can: this kernel has no CAN support (socket(AF_CAN) says EAFNOSUPPORT); load the can and can_raw modules");
    process.exit(0);
  }
  throw e;
}
try {
  try {
    s.bind([ifname]);
  } catch (e) {
    if (e instanceof socket.OSError && e.code === "ENODEV") {
      console.log(`can: there is no interface ${ifname}; make one with: ip link add ${ifname} type vcan && ip link set ${ifname} up`);
      process.exit(0);
    }
    throw e;
  }
  // CAN_RAW sockets receive their own frames only with CAN_RAW_RECV_OWN_MSGS.
  s.setsockopt(socket.SOL_CAN_RAW, socket.CAN_RAW_RECV_OWN_MSGS, 1);
  s.settimeout(5);
  await s.send(buildCanFrame(0x01, Buffer.from([1, 2, 3])));
  for (let i = 0; i < count; i++) {
    let frame: Buffer;
    try {
      [frame] = await s.recvfrom(FRAME_SIZE);
    } catch (e) {
      if (e instanceof socket.TimeoutError) {
        console.log("no more frames within 5 s");
        break;
      }
      throw e;
    }
    const [canId, dlc, data] = dissectCanFrame(frame);
    console.log(`Received: can_id=${canId.toString(16)}, can_dlc=${dlc.toString(16)}, data=${data.toString("hex")}`);
  }
} finally {
  s.close();
}
