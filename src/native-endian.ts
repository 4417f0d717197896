// Integers in the machine's own byte order, as C structs hold them: sockaddr
// fields, C ints in option buffers, control message headers. Each reader
// and writer is picked once, when the module loads.
import { endianness } from "node:os";

type Reader<T> = (buf: Buffer, offset: number) => T;
type Writer<T> = (buf: Buffer, value: T, offset: number) => void;

const LE = endianness() === "LE";

export const readU16: Reader<number> = LE ? (b, o) => b.readUInt16LE(o) : (b, o) => b.readUInt16BE(o);
export const writeU16: Writer<number> = LE ? (b, v, o) => void b.writeUInt16LE(v, o) : (b, v, o) => void b.writeUInt16BE(v, o);

export const readI32: Reader<number> = LE ? (b, o) => b.readInt32LE(o) : (b, o) => b.readInt32BE(o);
export const writeI32: Writer<number> = LE ? (b, v, o) => void b.writeInt32LE(v, o) : (b, v, o) => void b.writeInt32BE(v, o);

export const readU32: Reader<number> = LE ? (b, o) => b.readUInt32LE(o) : (b, o) => b.readUInt32BE(o);
export const writeU32: Writer<number> = LE ? (b, v, o) => void b.writeUInt32LE(v, o) : (b, v, o) => void b.writeUInt32BE(v, o);

export const readU64: Reader<bigint> = LE ? (b, o) => b.readBigUInt64LE(o) : (b, o) => b.readBigUInt64BE(o);
export const writeU64: Writer<bigint> = LE ? (b, v, o) => void b.writeBigUInt64LE(v, o) : (b, v, o) => void b.writeBigUInt64BE(v, o);
