"""The CPython implementation of the ping-pong workloads: the standard
library's blocking socket module, written as a Python programmer would.

    python3 bench/py/peer.py <workload> <server|client> [key=value...]

It speaks the runner's protocol (bench/README.md): the server prints
READY <port|path>, the client RESULT ops=<n> seconds=<t>. Timeout mode is
socket.settimeout(); the UDP server variants are recvfrom_into + sendto,
recvfrom + sendto, and connected (recv_into + send)."""
import os
import signal
import socket
import sys
import time

DEFAULTS = {"addr": "", "path": "", "size": 64, "duration": 1.0, "warmup": 0.0, "limit": 60.0, "timeout": 0.0, "udpserver": 0}
LOOPBACK = "127.0.0.1"
UDP_SERVER_RECVFROM = 1
UDP_SERVER_CONNECTED = 2


def params(args):
    p = dict(DEFAULTS)
    for arg in args:
        key, eq, value = arg.partition("=")
        if not eq:
            sys.exit(f"arguments after the role are key=value, not {arg}")
        if key not in DEFAULTS:
            continue  # keys for other workloads (bytes, conns, ...)
        p[key] = value if isinstance(DEFAULTS[key], str) else type(DEFAULTS[key])(float(value))
    return p


def say(line):
    os.write(1, (line + "\n").encode())


class Meter:
    """The measuring window, as the other implementations' meters."""

    def __init__(self, p):
        self.t0 = time.perf_counter()
        self.warm = self.t0 + p["warmup"]
        self.end = self.warm + p["duration"]
        self.measuring = p["warmup"] <= 0
        self.ops = self.ops0 = self.ops_end = 0
        self.cpu0 = time.process_time()
        self.cpu = 0.0

    def count(self):
        self.ops += 1
        if self.ops & 15:
            return False
        t = time.perf_counter()
        if not self.measuring:
            if t >= self.warm:
                self.measuring, self.t0, self.ops0 = True, t, self.ops
                self.cpu0 = time.process_time()
            return False
        if t >= self.end:
            self.end, self.ops_end = t, self.ops
            self.cpu = time.process_time() - self.cpu0
            return True
        return False

    def report(self):
        ops = self.ops_end - self.ops0
        cpu = f" cpu_us={self.cpu * 1e6 / ops:.3f}" if ops > 0 else ""
        say(f"RESULT ops={ops} seconds={self.end - self.t0:.9f}{cpu}")


def with_timeout(s, p):
    if p["timeout"] > 0:
        s.settimeout(p["timeout"])
    return s


def stream_socket(unix):
    return socket.socket(socket.AF_UNIX if unix else socket.AF_INET, socket.SOCK_STREAM)


def stream_server(p, unix):
    listener = stream_socket(unix)
    listener.bind(p["path"] if unix else (LOOPBACK, 0))
    listener.listen(4096)
    say(f"READY {p['path'] if unix else listener.getsockname()[1]}")
    c, _ = listener.accept()
    if not unix:
        c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    with_timeout(c, p)
    buf = bytearray(65536)
    view = memoryview(buf)
    while True:
        n = c.recv_into(buf)
        if n == 0:
            break
        c.sendall(view[:n])
    c.close()
    listener.close()


def stream_client(p, unix):
    s = stream_socket(unix)
    s.connect(p["addr"] if unix else (LOOPBACK, int(p["addr"])))
    if not unix:
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    with_timeout(s, p)
    size = p["size"]
    message = bytes(size)
    reply = bytearray(size)
    view = memoryview(reply)
    m = Meter(p)
    while True:
        s.sendall(message)
        got = 0
        while got < size:
            n = s.recv_into(view[got:])
            if n == 0:
                sys.exit("the server closed the connection")
            got += n
        if m.count():
            break
    s.close()
    m.report()


def udp_server(p):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((LOOPBACK, 0))
    say(f"READY {s.getsockname()[1]}")
    buf = bytearray(65536)
    view = memoryview(buf)
    # The first datagram is waited for in blocking mode; timeout mode from the second.
    n, sender = s.recvfrom_into(buf)
    with_timeout(s, p)
    if p["udpserver"] == UDP_SERVER_CONNECTED:
        s.connect(sender)
        while n > 0:
            s.send(view[:n])
            n = s.recv_into(buf)
    elif p["udpserver"] == UDP_SERVER_RECVFROM:
        data = bytes(view[:n])
        while data:
            s.sendto(data, sender)
            data, sender = s.recvfrom(65536)
    else:
        while n > 0:
            s.sendto(view[:n], sender)
            n, sender = s.recvfrom_into(buf)
    s.close()  # at the client's stop datagram


def udp_client(p):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.connect((LOOPBACK, int(p["addr"])))
    with_timeout(s, p)
    size = p["size"]
    message = bytes(size)
    reply = bytearray(size)
    m = Meter(p)
    while True:
        s.send(message)
        if s.recv_into(reply) != size:
            sys.exit("short reply")
        if m.count():
            break
    s.send(b"")  # tells the server to stop
    s.close()
    m.report()


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: peer.py <workload> <server|client> [key=value...]")
    workload, role = sys.argv[1], sys.argv[2]
    p = params(sys.argv[3:])
    signal.alarm(int(p["limit"]) + 1)  # bounded whatever happens to the peer
    kind = workload.split("-")[0]
    if not workload.startswith(("tcp-pingpong", "unix-pingpong", "udp-pingpong")) or role not in ("server", "client"):
        sys.exit(f"python has no {workload} {role}")
    if kind == "udp":
        (udp_server if role == "server" else udp_client)(p)
    else:
        (stream_server if role == "server" else stream_client)(p, kind == "unix")


if __name__ == "__main__":
    main()
