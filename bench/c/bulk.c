// tcp-bulk: the client writes `bytes` bytes in writes of `chunk` bytes and
// shuts down its side; the server reads with a `chunk`-byte buffer until
// EOF and answers one byte ("K" if it counted every byte), which ends the
// client's clock.
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common.h"

static void server(const params* p) {
  int listener = inet_listener(SOCK_STREAM);
  ready_port(listener);
  int fd = accept4(listener, NULL, NULL, SOCK_CLOEXEC);
  if (fd == -1) die("accept4");
  char* buf = malloc((size_t)p->chunk);
  if (buf == NULL) fail("out of memory");
  long long total = 0;
  for (;;) {
    ssize_t n = recv(fd, buf, (size_t)p->chunk, 0);
    if (n == -1) die("recv");
    if (n == 0) break;
    total += n;
  }
  send_all(fd, total == p->bytes ? "K" : "E", 1);
  close(fd);
  close(listener);
  free(buf);
}

static void client(const params* p) {
  int fd = inet_connected(SOCK_STREAM, p->addr);
  char* buf = calloc(1, (size_t)p->chunk);
  if (buf == NULL) fail("out of memory");
  double t0 = now_s();
  for (long long left = p->bytes; left > 0; left -= p->chunk) {
    send_all(fd, buf, (size_t)(left < p->chunk ? left : p->chunk));
  }
  if (shutdown(fd, SHUT_WR) == -1) die("shutdown");
  char ack;
  if (!recv_exact(fd, &ack, 1)) fail("the server closed without an answer");
  double t1 = now_s();
  if (ack != 'K') fail("the server did not receive every byte");
  close(fd);
  result(p->bytes, t1 - t0, NULL);
  free(buf);
}

void workload_bulk(const params* p) {
  if (!strcmp(p->role, "server")) server(p);
  else client(p);
}
