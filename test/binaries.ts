// Reads what a test needs to know about a shared object without running it:
// an ELF file's machine, needed libraries, flags, symbol-version requirements
// and whether it is stripped; a Mach-O file's CPU, file type, libraries,
// minimum macOS and symbols. Only the 64-bit little-endian forms that the
// package ships, and a PE32+ DLL's machine, imports and exports (test/30-pack.test.ts
// checks the eight binaries with it).

export interface ElfInfo {
  format: "elf";
  /** e_machine: 62 x86-64, 183 AArch64. */
  machine: number;
  /** e_type: 3 is a shared object. */
  type: number;
  needed: string[];
  /** The versions required of each needed library (GLIBC_2.14, ...). */
  versions: Map<string, string[]>;
  /** DT_FLAGS_1. */
  flags1: number;
  /** Whether a .symtab (the full symbol table) is present. */
  hasSymtab: boolean;
  /** Names of the dynamic symbols the object leaves undefined. */
  undefined: string[];
  /** Names of the dynamic symbols it defines. */
  exported: string[];
}

export interface MachOInfo {
  format: "mach-o";
  /** 0x01000007 x86-64, 0x0100000c arm64. */
  cputype: number;
  /** 6 MH_DYLIB, 8 MH_BUNDLE. */
  filetype: number;
  dylibs: string[];
  /** LC_BUILD_VERSION's platform (1: macOS) and minimum OS ("11.0.0"). */
  platform: number;
  minos: string;
  /** Undefined external symbols and the library ordinal each is bound to
   *  (0xfe: looked up in every loaded image at load time). */
  undefined: Map<string, number>;
  exported: string[];
  /** Symbols that are neither external nor debugging entries. */
  localCount: number;
  /** Segment names (__DWARF would hold debugging information). */
  segments: string[];
  /** LC_CODE_SIGNATURE: arm64 macOS loads only signed code. */
  signed: boolean;
}

function cString(buf: Buffer, at: number): string {
  const end = buf.indexOf(0, at);
  return buf.toString("latin1", at, end < 0 ? buf.length : end);
}

export function readElf(buf: Buffer): ElfInfo {
  if (buf.readUInt32BE(0) !== 0x7f454c46 || buf[4] !== 2 || buf[5] !== 1) throw new Error("not a 64-bit little-endian ELF file");
  const u16 = (at: number) => buf.readUInt16LE(at);
  const u32 = (at: number) => buf.readUInt32LE(at);
  const u64 = (at: number) => Number(buf.readBigUInt64LE(at));
  const shoff = u64(0x28);
  const shentsize = u16(0x3a);
  const shnum = u16(0x3c);
  const shstrndx = u16(0x3e);
  const sections = Array.from({ length: shnum }, (_, i) => {
    const at = shoff + i * shentsize;
    return { nameAt: u32(at), type: u32(at + 4), offset: u64(at + 0x18), size: u64(at + 0x20), link: u32(at + 0x28), entsize: u64(at + 0x38) };
  });
  const names = sections[shstrndx]!;
  const named = sections.map((s) => ({ ...s, name: cString(buf, names.offset + s.nameAt) }));
  const byName = (n: string) => named.find((s) => s.name === n);

  const dynstr = byName(".dynstr");
  const str = (at: number) => (dynstr ? cString(buf, dynstr.offset + at) : "");
  const needed: string[] = [];
  let flags1 = 0;
  const dynamic = byName(".dynamic");
  if (dynamic) {
    for (let at = dynamic.offset; at < dynamic.offset + dynamic.size; at += 16) {
      const tag = u64(at);
      const value = u64(at + 8);
      if (tag === 0) break;
      if (tag === 1) needed.push(str(value)); // DT_NEEDED
      if (tag === 0x6ffffffb) flags1 = value; // DT_FLAGS_1
    }
  }
  const versions = new Map<string, string[]>();
  const verneed = byName(".gnu.version_r");
  if (verneed) {
    let at = verneed.offset;
    for (;;) {
      const count = u16(at + 2);
      const file = str(u32(at + 4));
      const list: string[] = [];
      let aux = at + u32(at + 8);
      for (let i = 0; i < count; i++) {
        list.push(str(u32(aux + 8)));
        aux += u32(aux + 12);
      }
      versions.set(file, list);
      const next = u32(at + 12);
      if (next === 0) break;
      at += next;
    }
  }
  const undefinedSymbols: string[] = [];
  const exported: string[] = [];
  const dynsym = byName(".dynsym");
  if (dynsym) {
    for (let at = dynsym.offset + 24; at < dynsym.offset + dynsym.size; at += 24) {
      const name = str(u32(at));
      const shndx = u16(at + 6);
      if (name === "") continue;
      (shndx === 0 ? undefinedSymbols : exported).push(name);
    }
  }
  return {
    format: "elf", machine: u16(0x12), type: u16(0x10), needed, versions, flags1,
    hasSymtab: byName(".symtab") !== undefined, undefined: undefinedSymbols, exported,
  };
}

export function readMachO(buf: Buffer): MachOInfo {
  if (buf.readUInt32LE(0) !== 0xfeedfacf) throw new Error("not a 64-bit little-endian Mach-O file");
  const u32 = (at: number) => buf.readUInt32LE(at);
  const info: MachOInfo = {
    format: "mach-o", cputype: u32(4), filetype: u32(12), dylibs: [], platform: 0, minos: "",
    undefined: new Map(), exported: [], localCount: 0, segments: [], signed: false,
  };
  const ncmds = u32(16);
  let at = 32;
  for (let i = 0; i < ncmds; i++) {
    const cmd = u32(at);
    const size = u32(at + 4);
    if (cmd === 0x19) info.segments.push(cString(buf.subarray(0, at + 24), at + 8)); // LC_SEGMENT_64
    if (cmd === 0x1d) info.signed = true; // LC_CODE_SIGNATURE
    if (cmd === 0xc || cmd === 0x80000018) info.dylibs.push(cString(buf, at + u32(at + 8))); // LC_LOAD_DYLIB, LC_LOAD_WEAK_DYLIB
    if (cmd === 0x32) { // LC_BUILD_VERSION
      info.platform = u32(at + 8);
      const v = u32(at + 12);
      info.minos = `${v >>> 16}.${(v >>> 8) & 0xff}.${v & 0xff}`;
    }
    if (cmd === 0x2) { // LC_SYMTAB
      const symoff = u32(at + 8);
      const nsyms = u32(at + 12);
      const stroff = u32(at + 16);
      for (let s = 0; s < nsyms; s++) {
        const entry = symoff + s * 16;
        const name = cString(buf, stroff + u32(entry));
        const type = buf[entry + 4]!;
        const desc = buf.readUInt16LE(entry + 6);
        if (type & 0xe0) continue; // N_STAB: a debugging entry
        const external = (type & 0x01) !== 0;
        if (!external) info.localCount++;
        else if ((type & 0x0e) === 0) info.undefined.set(name, desc >>> 8); // N_UNDF
        else info.exported.push(name);
      }
    }
    at += size;
  }
  return info;
}

export interface PeInfo {
  format: "pe";
  /** IMAGE_FILE_HEADER.Machine: 0x8664 x86-64, 0xaa64 ARM64. */
  machine: number;
  /** IMAGE_FILE_DLL (0x2000) is set for a DLL. */
  characteristics: number;
  /** The optional header's magic: 0x20b for PE32+. */
  magic: number;
  /** Each imported DLL and the names imported from it. */
  imports: Map<string, string[]>;
  exported: string[];
  /** Whether a COFF symbol table is left (not stripped). */
  hasSymbols: boolean;
}

/** A PE32+ DLL's machine, imports and exports (the win32 binary). */
export function readPe(buf: Buffer): PeInfo {
  if (buf.readUInt16LE(0) !== 0x5a4d) throw new Error("not a PE file (no MZ header)");
  const pe = buf.readUInt32LE(0x3c);
  if (buf.readUInt32LE(pe) !== 0x4550) throw new Error("not a PE file (no PE signature)");
  const sections = buf.readUInt16LE(pe + 6);
  const optional = pe + 24;
  const magic = buf.readUInt16LE(optional);
  if (magic !== 0x20b) throw new Error("not PE32+");
  const table = optional + buf.readUInt16LE(pe + 20);
  const spans = Array.from({ length: sections }, (_, i) => {
    const at = table + 40 * i;
    return { va: buf.readUInt32LE(at + 12), size: Math.max(buf.readUInt32LE(at + 8), buf.readUInt32LE(at + 16)), raw: buf.readUInt32LE(at + 20) };
  });
  const offset = (rva: number): number => {
    const s = spans.find((x) => rva >= x.va && rva < x.va + x.size);
    if (s === undefined) throw new Error(`RVA ${rva} is in no section`);
    return rva - s.va + s.raw;
  };
  const directory = (i: number) => buf.readUInt32LE(optional + 112 + 8 * i);
  const exported: string[] = [];
  if (directory(0) !== 0) {
    const dir = offset(directory(0));
    const names = offset(buf.readUInt32LE(dir + 32));
    for (let i = 0; i < buf.readUInt32LE(dir + 24); i++) exported.push(cString(buf, offset(buf.readUInt32LE(names + 4 * i))));
  }
  const imports = new Map<string, string[]>();
  for (let at = directory(1) === 0 ? -1 : offset(directory(1)); at >= 0; at += 20) {
    const nameRva = buf.readUInt32LE(at + 12);
    if (nameRva === 0) break;
    const thunks = buf.readUInt32LE(at) || buf.readUInt32LE(at + 16);
    const names: string[] = [];
    for (let t = offset(thunks); buf.readBigUInt64LE(t) !== 0n; t += 8) {
      const entry = buf.readBigUInt64LE(t);
      names.push(entry >> 63n ? `#${entry & 0xffffn}` : cString(buf, offset(Number(entry & 0x7fffffffn)) + 2));
    }
    imports.set(cString(buf, offset(nameRva)), names);
  }
  return {
    format: "pe", machine: buf.readUInt16LE(pe + 4), characteristics: buf.readUInt16LE(pe + 22), magic,
    imports, exported, hasSymbols: buf.readUInt32LE(pe + 12) !== 0,
  };
}
