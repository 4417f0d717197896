// A line-based chat over TCP with makefile() and readline: each connection
// becomes a text Duplex (sock.makefile("rw")), read line by line with
// readline and written with write(). The first line a client sends is its
// name; every later line goes to everyone else as "<name> text".
//
//   node dist/examples/chat.js                 a demo: a server and two scripted
//                                              clients on 127.0.0.1, which stops by itself
//   node dist/examples/chat.js server [port]   a server (default port 50008)
//   node dist/examples/chat.js client NAME [host] [port]
//                                              a client: stdin to the chat, the chat to stdout
import * as socket from "bsdsock";
import { createInterface } from "node:readline";
import type { Duplex } from "node:stream";

interface Member {
  name: string;
  file: Duplex;
}

/** Serves chat clients on `server` until it is closed. */
async function serve(server: socket.Socket, log: (text: string) => void): Promise<void> {
  const members = new Set<Member>();
  const tell = (text: string, except?: Member): void => {
    for (const m of members) if (m !== except) m.file.write(`${text}\n`);
  };

  async function join(conn: socket.Socket): Promise<void> {
    const file = conn.makefile("rw"); // text, utf-8
    conn.close(); // the file holds the connection from here on
    const lines = createInterface({ input: file, crlfDelay: Infinity })[Symbol.asyncIterator]();
    const first = await lines.next();
    if (first.done) {
      file.destroy();
      return;
    }
    const me: Member = { name: first.value.trim() || "anonymous", file };
    members.add(me);
    log(`${me.name} joined`);
    file.write(`* welcome ${me.name} (${members.size} online)\n`);
    tell(`* ${me.name} joined`, me);
    try {
      for (let line = await lines.next(); !line.done; line = await lines.next()) {
        tell(`<${me.name}> ${line.value}`, me);
      }
    } catch {
      // A connection that failed counts as leaving.
    } finally {
      members.delete(me);
      log(`${me.name} left`);
      tell(`* ${me.name} left`);
      file.end(); // EOF to the client; the file closes itself once both sides are done
    }
  }

  for (;;) {
    let conn: socket.Socket;
    try {
      [conn] = await server.accept();
    } catch (error) {
      if (error instanceof socket.OSError && error.code === "EBADF") return; // the server was closed
      throw error;
    }
    join(conn).catch((error: unknown) => log(`a client failed: ${String(error)}`));
  }
}

/** A connected chat client: send lines, and wait for lines from the server. */
class Client {
  readonly #file: Duplex;
  readonly #lines: AsyncIterator<string>;

  private constructor(file: Duplex) {
    this.#file = file;
    this.#lines = createInterface({ input: file, crlfDelay: Infinity })[Symbol.asyncIterator]();
  }

  static async connect(address: socket.InetAddressInput, name: string, timeout: number | null = null): Promise<Client> {
    const s = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
    s.settimeout(timeout);
    try {
      await s.connect(address);
    } catch (error) {
      s.close();
      throw error;
    }
    const client = new Client(s.makefile("rw"));
    s.close(); // the file keeps the connection
    client.say(name);
    return client;
  }

  say(text: string): void {
    this.#file.write(`${text}\n`);
  }

  /** The next line from the server (null at the end). */
  async next(): Promise<string | null> {
    const r = await this.#lines.next();
    return r.done ? null : r.value;
  }

  /** Leaves: EOF to the server, then reads what is left until the server's EOF. */
  async leave(): Promise<string[]> {
    this.#file.end();
    const rest: string[] = [];
    for (let line = await this.next(); line !== null; line = await this.next()) rest.push(line);
    return rest;
  }
}

/** A listening TCP socket on host:port (port 0: any free one). */
function listen(host: string, port: number): socket.Socket<typeof socket.AF_INET> {
  const server = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
  try {
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1);
    server.bind([host, port]);
    server.listen();
  } catch (error) {
    server.close();
    throw error;
  }
  const [h, p] = server.getsockname();
  console.log(`server  listening on ${h}:${p}`);
  return server;
}

/** The demo: a server and two scripted clients, alice and bob, in one process. */
async function demo(): Promise<void> {
  const server = listen("127.0.0.1", 0);
  const serving = serve(server, (text) => console.log(`server  ${text}`));

  const heard = (who: string) => async (client: Client): Promise<string> => {
    const line = await client.next();
    if (line === null) throw new Error(`${who}: the server went away`);
    console.log(`${who.padEnd(7)} ${line}`);
    return line;
  };
  const aliceHears = heard("alice");
  const bobHears = heard("bob");

  // A demo must not hang: the clients' every wait is bounded (10 s).
  const alice = await Client.connect(server.getsockname(), "alice", 10);
  await aliceHears(alice); // * welcome alice (1 online)
  const bob = await Client.connect(server.getsockname(), "bob", 10);
  await bobHears(bob); // * welcome bob (2 online)
  await aliceHears(alice); // * bob joined

  alice.say("hello bob, over makefile() and readline");
  await bobHears(bob);
  bob.say("hi alice, and bye");
  await aliceHears(alice);

  for (const line of await bob.leave()) console.log(`bob     ${line}`);
  await aliceHears(alice); // * bob left
  for (const line of await alice.leave()) console.log(`alice   ${line}`);

  server.close(); // ends the accept loop
  await serving;
  console.log("server  stopped");
}

/** An interactive client: stdin to the chat, the chat to stdout. */
async function interactive(name: string, host: string, port: number): Promise<void> {
  const client = await Client.connect([host, port], name);
  const input = createInterface({ input: process.stdin });
  input.on("line", (line) => client.say(line));
  input.on("close", () => void client.leave().then((rest) => rest.forEach((l) => console.log(l))));
  for (let line = await client.next(); line !== null; line = await client.next()) console.log(line);
  input.close();
}

const [command = "demo", ...args] = process.argv.slice(2);
if (command === "demo") {
  await demo();
} else if (command === "server") {
  const server = listen("0.0.0.0", Number(args[0] ?? 50008));
  await serve(server, (text) => console.log(`server  ${text}`));
} else if (command === "client" && args[0] !== undefined) {
  await interactive(args[0], args[1] ?? "127.0.0.1", Number(args[2] ?? 50008));
} else {
  console.error("usage: chat.js [demo] | server [port] | client NAME [host] [port]");
  process.exitCode = 2;
}
