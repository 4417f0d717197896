// What does this name resolve to? Prints getaddrinfo()'s answer for a host
// (and optionally a port or service), one line per address, with the
// canonical name: a first debugging tool when a connection goes astray.
//
//   node dist/examples/resolve.js <host> [port|service] [--family 4|6] [--numeric]
//   node dist/examples/resolve.js localhost http
import * as socket from "bsdsock";

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i === -1 ? undefined : args.splice(i, 2)[1];
};
const familyArg = flag("--family");
const numeric = args.includes("--numeric");
const [host, port = null] = args.filter((a) => a !== "--numeric");
if (host === undefined) {
  console.error("usage: resolve <host> [port|service] [--family 4|6] [--numeric]");
  process.exit(2);
}
const family = familyArg === "4" ? socket.AF_INET : familyArg === "6" ? socket.AF_INET6 : socket.AF_UNSPEC;
const flags = socket.AI_CANONNAME | (numeric ? socket.AI_NUMERICHOST : 0);

try {
  const results = await socket.getaddrinfo(host, port, family, 0, 0, flags);
  const canon = results.find((r) => r[3] !== "")?.[3];
  if (canon !== undefined && canon !== host) console.log(`${host} is ${canon}`);
  for (const [af, type, proto, , sockaddr] of results) {
    const protoName = proto === socket.IPPROTO_TCP ? "tcp" : proto === socket.IPPROTO_UDP ? "udp" : String(proto);
    console.log(`${(socket.AddressFamily(af) ?? String(af)).padEnd(9)} ${(socket.SocketKind(type) ?? String(type)).padEnd(14)} ${protoName.padEnd(4)} ${JSON.stringify(sockaddr)}`);
  }
} catch (error) {
  if (!(error instanceof socket.OSError)) throw error;
  console.error(`${host}: ${error.message} (${error.code ?? error.name})`);
  process.exit(1);
}
