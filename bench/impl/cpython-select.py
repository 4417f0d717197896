#!/usr/bin/env python3
# tcp-select's server in CPython, for comparison with bsdsock's selectSync()
# and pollSync(): one thread, select.select() over the connections, then
# blocking recv/sendall on those that are ready. Same protocol as every
# benchmark process (bench/README.md):
#   python3 bench/impl/cpython-select.py tcp-concurrent server key=value...
import select
import signal
import socket
import sys


def main():
    workload, role, *pairs = sys.argv[1:]
    params = dict(pair.split("=", 1) for pair in pairs)
    if workload != "tcp-concurrent" or role != "server":
        sys.exit(f"cpython-select runs only the tcp-concurrent server, not {workload} {role}")
    signal.alarm(int(float(params.get("limit", "60"))))  # the process's time limit
    conns = int(float(params.get("conns", "50")))
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(4096)
    print(f"READY {listener.getsockname()[1]}", flush=True)
    open_ = []
    for _ in range(conns):
        conn, _ = listener.accept()
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        open_.append(conn)
    while open_:
        readable, _, _ = select.select(open_, [], [])
        for conn in readable:
            data = conn.recv(65536)
            if not data:
                open_.remove(conn)
                conn.close()
                continue
            conn.sendall(data)
    listener.close()


main()
