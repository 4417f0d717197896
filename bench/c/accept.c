// tcp-accept: one connection after another. The server accepts and
// closes; the client connects, waits for the server's close (EOF), and
// closes. Waiting for the server keeps the loop closed: without it the
// client would only measure the kernel completing handshakes, until the
// listen backlog overflowed. The server runs until the runner stops it
// (SIGTERM) or its time limit.
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common.h"

static void server(const params* p) {
  int listener = inet_listener(SOCK_STREAM);
  ready_port(listener);
  for (;;) {
    int fd = accept4(listener, NULL, NULL, SOCK_CLOEXEC);
    if (fd == -1) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      die("accept4");
    }
    close(fd);
  }
}

static void client(const params* p) {
  meter m;
  meter_start(&m, p);
  do {
    int fd = inet_connected(SOCK_STREAM, p->addr);
    char byte;
    if (recv(fd, &byte, 1, 0) != 0) die("recv (expected EOF)");
    close(fd);
  } while (!meter_count(&m, 1));
  meter_report(&m, NULL);
}

void workload_accept(const params* p) {
  if (!strcmp(p->role, "server")) server(p);
  else client(p);
}
