// tcp-accept: the client connects and closes, one connection after
// another; the server accepts and closes. The server runs until the runner
// stops it (SIGTERM) or its time limit.
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
    close(inet_connected(SOCK_STREAM, p->addr));
  } while (!meter_count(&m, 1));
  meter_report(&m, NULL);
}

void workload_accept(const params* p) {
  if (!strcmp(p->role, "server")) server(p);
  else client(p);
}
