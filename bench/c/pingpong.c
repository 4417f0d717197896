// tcp-pingpong, unix-pingpong, udp-pingpong: the client sends a message of
// `size` bytes and waits for its echo, one at a time, on one connection.
// Blocking send/recv (sendto/recvfrom for the UDP server).
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common.h"

static void udp_server(const params* p) {
  int fd = inet_listener(SOCK_DGRAM);
  ready_port(fd);
  char buf[65536];
  for (;;) {
    struct sockaddr_storage from;
    socklen_t len = sizeof from;
    ssize_t n = recvfrom(fd, buf, sizeof buf, 0, (struct sockaddr*)&from, &len);
    if (n == -1) {
      if (errno == EINTR) continue;
      die("recvfrom");
    }
    if (n == 0) break;  // the client's stop datagram
    if (sendto(fd, buf, (size_t)n, 0, (struct sockaddr*)&from, len) == -1) die("sendto");
  }
  close(fd);
}

static void stream_server(const params* p, int is_unix) {
  int listener = is_unix ? unix_listener(p->path) : inet_listener(SOCK_STREAM);
  if (is_unix) ready(p->path);
  else ready_port(listener);
  int fd = accept4(listener, NULL, NULL, SOCK_CLOEXEC);
  if (fd == -1) die("accept4");
  if (!is_unix) set_nodelay(fd);
  char buf[65536];
  for (;;) {
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n == -1) {
      if (errno == EINTR) continue;
      die("recv");
    }
    if (n == 0) break;
    send_all(fd, buf, (size_t)n);
  }
  close(fd);
  close(listener);
  if (is_unix) unlink(p->path);
}

static void client(const params* p, int is_unix, int is_udp) {
  int fd = is_unix ? unix_connected(p->addr) : inet_connected(is_udp ? SOCK_DGRAM : SOCK_STREAM, p->addr);
  if (!is_unix && !is_udp) set_nodelay(fd);
  char* msg = calloc(1, (size_t)p->size);
  char* buf = malloc((size_t)p->size);
  if (msg == NULL || buf == NULL) fail("out of memory");
  meter m;
  meter_start(&m, p);
  do {
    if (is_udp) {
      if (send(fd, msg, (size_t)p->size, 0) != p->size) die("send");
      if (recv(fd, buf, (size_t)p->size, 0) != p->size) die("recv");
    } else {
      send_all(fd, msg, (size_t)p->size);
      if (!recv_exact(fd, buf, (size_t)p->size)) fail("the server closed the connection");
    }
  } while (!meter_count(&m, 1));
  if (is_udp && send(fd, msg, 0, 0) == -1) die("send");  // tells the server to stop
  close(fd);
  meter_report(&m, NULL);
  free(msg);
  free(buf);
}

void workload_pingpong(const params* p) {
  int is_unix = !strcmp(p->workload, "unix-pingpong");
  int is_udp = !strcmp(p->workload, "udp-pingpong");
  if (!strcmp(p->role, "server")) {
    if (is_udp) udp_server(p);
    else stream_server(p, is_unix);
  } else {
    client(p, is_unix, is_udp);
  }
}
