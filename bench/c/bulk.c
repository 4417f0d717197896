// tcp-bulk: the client writes `warmbytes` + `bytes` bytes in writes of
// `chunk` bytes and shuts down its side; the server reads with a
// `chunk`-byte buffer until EOF and measures: the bytes after the first
// `warmbytes`, over the time from then to EOF. It answers one byte ("K" if
// it counted every byte) before the client exits.
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
  long long total = 0, total0 = 0;
  double t0 = now_s();
  int measuring = p->warmbytes <= 0;
  for (;;) {
    ssize_t n = recv(fd, buf, (size_t)p->chunk, 0);
    if (n == -1) die("recv");
    if (n == 0) break;
    total += n;
    if (!measuring && total >= p->warmbytes) {
      measuring = 1;
      t0 = now_s();
      total0 = total;
    }
  }
  double t1 = now_s();
  send_all(fd, total == p->warmbytes + p->bytes ? "K" : "E", 1);
  result(total - total0, t1 - t0, NULL);
  close(fd);
  close(listener);
  free(buf);
}

static void client(const params* p) {
  int fd = inet_connected(SOCK_STREAM, p->addr);
  char* buf = calloc(1, (size_t)p->chunk);
  if (buf == NULL) fail("out of memory");
  for (long long left = p->warmbytes + p->bytes; left > 0; left -= p->chunk) {
    send_all(fd, buf, (size_t)(left < p->chunk ? left : p->chunk));
  }
  if (shutdown(fd, SHUT_WR) == -1) die("shutdown");
  char ack;
  if (!recv_exact(fd, &ack, 1)) fail("the server closed without an answer");
  if (ack != 'K') fail("the server did not receive every byte");
  close(fd);
  free(buf);
}

void workload_bulk(const params* p) {
  if (!strcmp(p->role, "server")) server(p);
  else client(p);
}
