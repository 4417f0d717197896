// Parameters, clock, output lines and socket set-up shared by the C baseline.
#include "common.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

void die(const char* what) {
  fprintf(stderr, "bench-c: %s: %s\n", what, strerror(errno));
  exit(1);
}

void fail(const char* message) {
  fprintf(stderr, "bench-c: %s\n", message);
  exit(1);
}

static double number(const char* key, const char* value) {
  char* end;
  double d = strtod(value, &end);
  if (end == value || *end != '\0') {
    fprintf(stderr, "bench-c: %s must be a number, not \"%s\"\n", key, value);
    exit(2);
  }
  return d;
}

void parse_params(int argc, char** argv, params* p) {
  memset(p, 0, sizeof *p);
  p->addr = p->path = "";
  p->size = 64;
  p->chunk = 65536;
  p->conns = 50;
  p->batch = 32;
  p->bufsize = 2048;
  p->duration = 1;
  p->limit = 60;
  if (argc < 3) fail("usage: bench-c <workload> <server|client> [key=value...]");
  p->workload = argv[1];
  p->role = argv[2];
  for (int i = 3; i < argc; i++) {
    char* eq = strchr(argv[i], '=');
    if (eq == NULL) fail("arguments after the role are key=value");
    *eq = '\0';
    const char *k = argv[i], *v = eq + 1;
    if (!strcmp(k, "addr")) p->addr = v;
    else if (!strcmp(k, "path")) p->path = v;
    else if (!strcmp(k, "size")) p->size = (int)number(k, v);
    else if (!strcmp(k, "bytes")) p->bytes = (long long)number(k, v);
    else if (!strcmp(k, "warmbytes")) p->warmbytes = (long long)number(k, v);
    else if (!strcmp(k, "chunk")) p->chunk = (int)number(k, v);
    else if (!strcmp(k, "conns")) p->conns = (int)number(k, v);
    else if (!strcmp(k, "batch")) p->batch = (int)number(k, v);
    else if (!strcmp(k, "bufsize")) p->bufsize = (int)number(k, v);
    else if (!strcmp(k, "duration")) p->duration = number(k, v);
    else if (!strcmp(k, "warmup")) p->warmup = number(k, v);
    else if (!strcmp(k, "limit")) p->limit = number(k, v);
    else {
      fprintf(stderr, "bench-c: unknown parameter %s\n", k);
      exit(2);
    }
  }
  if (p->size < 1 || p->size > 65507 || p->chunk < 1 || p->conns < 1 || p->batch < 1 || p->batch > 1024 ||
      p->bufsize < 1)
    fail("a size, count or batch is out of range");
}

double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void ready(const char* addr) {
  printf("READY %s\n", addr);
  fflush(stdout);
}

void ready_port(int fd) {
  struct sockaddr_in a;
  socklen_t len = sizeof a;
  if (getsockname(fd, (struct sockaddr*)&a, &len) == -1) die("getsockname");
  char port[16];
  snprintf(port, sizeof port, "%d", ntohs(a.sin_port));
  ready(port);
}

void result(long long ops, double seconds, const char* extra) {
  printf("RESULT ops=%lld seconds=%.9f%s%s\n", ops, seconds, extra ? " " : "", extra ? extra : "");
  fflush(stdout);
}

static struct sockaddr_in loopback(int port) {
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_port = htons((uint16_t)port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

int inet_listener(int type) {
  int fd = socket(AF_INET, type | SOCK_CLOEXEC, 0);
  if (fd == -1) die("socket");
  struct sockaddr_in a = loopback(0);
  if (bind(fd, (struct sockaddr*)&a, sizeof a) == -1) die("bind");
  if (type == SOCK_STREAM && listen(fd, BACKLOG) == -1) die("listen");
  return fd;
}

static struct sockaddr_un unix_address(const char* path) {
  struct sockaddr_un a;
  memset(&a, 0, sizeof a);
  a.sun_family = AF_UNIX;
  if (strlen(path) >= sizeof a.sun_path) fail("unix path too long");
  strcpy(a.sun_path, path);
  return a;
}

int unix_listener(const char* path) {
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd == -1) die("socket");
  struct sockaddr_un a = unix_address(path);
  unlink(path);
  if (bind(fd, (struct sockaddr*)&a, sizeof a) == -1) die("bind");
  if (listen(fd, BACKLOG) == -1) die("listen");
  return fd;
}

int inet_connected(int type, const char* port) {
  int fd = socket(AF_INET, type | SOCK_CLOEXEC, 0);
  if (fd == -1) die("socket");
  struct sockaddr_in a = loopback(atoi(port));
  if (connect(fd, (struct sockaddr*)&a, sizeof a) == -1) die("connect");
  return fd;
}

int unix_connected(const char* path) {
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd == -1) die("socket");
  struct sockaddr_un a = unix_address(path);
  if (connect(fd, (struct sockaddr*)&a, sizeof a) == -1) die("connect");
  return fd;
}

void set_nodelay(int fd) {
  int one = 1;
  if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) == -1) die("setsockopt TCP_NODELAY");
}

void send_all(int fd, const void* buf, size_t len) {
  const char* p = buf;
  while (len > 0) {
    ssize_t n = send(fd, p, len, MSG_NOSIGNAL);
    if (n == -1) {
      if (errno == EINTR) continue;
      die("send");
    }
    p += n;
    len -= (size_t)n;
  }
}

int recv_exact(int fd, void* buf, size_t len) {
  char* p = buf;
  size_t got = 0;
  while (got < len) {
    ssize_t n = recv(fd, p + got, len - got, 0);
    if (n == -1) {
      if (errno == EINTR) continue;
      die("recv");
    }
    if (n == 0) {
      if (got == 0) return 0;
      fail("EOF in the middle of a message");
    }
    got += (size_t)n;
  }
  return 1;
}

void meter_start(meter* m, const params* p) {
  double t = now_s();
  m->t_warm = t + p->warmup;
  m->t_end = m->t_warm + p->duration;
  m->t0 = t;
  m->ops = m->ops0 = 0;
  m->measuring = p->warmup <= 0;
}

int meter_check(meter* m) {
  double t = now_s();
  if (!m->measuring) {
    if (t >= m->t_warm) {
      m->measuring = 1;
      m->t0 = t;
      m->ops0 = m->ops;
    }
    return 0;
  }
  if (t >= m->t_end) {
    m->t_end = t;
    return 1;
  }
  return 0;
}

int meter_count(meter* m, long long n) {
  long long before = m->ops;
  m->ops += n;
  if ((before >> 4) == (m->ops >> 4)) return 0;
  return meter_check(m);
}

void meter_report(const meter* m, const char* extra) {
  result(m->ops - m->ops0, m->t_end - m->t0, extra);
}
