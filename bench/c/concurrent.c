// tcp-concurrent: `conns` connections doing ping-pong at once. Both sides
// watch their connections with epoll and make blocking calls on the ones
// that are ready (a readable socket's recv does not block; a 64-byte echo
// never fills a send buffer).
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common.h"

#define MAX_EVENTS 64

static int watch(int fds[], int n) {
  int ep = epoll_create1(EPOLL_CLOEXEC);
  if (ep == -1) die("epoll_create1");
  for (int i = 0; i < n; i++) {
    struct epoll_event ev = {.events = EPOLLIN, .data.u32 = (uint32_t)i};
    if (epoll_ctl(ep, EPOLL_CTL_ADD, fds[i], &ev) == -1) die("epoll_ctl");
  }
  return ep;
}

static int wait_events(int ep, struct epoll_event* events) {
  for (;;) {
    int n = epoll_wait(ep, events, MAX_EVENTS, -1);
    if (n >= 0) return n;
    if (errno != EINTR) die("epoll_wait");
  }
}

static void server(const params* p) {
  int listener = inet_listener(SOCK_STREAM);
  ready_port(listener);
  int* fds = calloc((size_t)p->conns, sizeof *fds);
  if (fds == NULL) fail("out of memory");
  for (int i = 0; i < p->conns; i++) {
    fds[i] = accept4(listener, NULL, NULL, SOCK_CLOEXEC);
    if (fds[i] == -1) die("accept4");
    set_nodelay(fds[i]);
  }
  int ep = watch(fds, p->conns);
  struct epoll_event events[MAX_EVENTS];
  char buf[65536];
  for (int open = p->conns; open > 0;) {
    int n = wait_events(ep, events);
    for (int e = 0; e < n; e++) {
      int fd = fds[events[e].data.u32];
      ssize_t got = recv(fd, buf, sizeof buf, 0);
      if (got == -1) die("recv");
      if (got == 0) {
        if (epoll_ctl(ep, EPOLL_CTL_DEL, fd, NULL) == -1) die("epoll_ctl");
        close(fd);
        open--;
        continue;
      }
      send_all(fd, buf, (size_t)got);
    }
  }
  close(ep);
  close(listener);
  free(fds);
}

static void client(const params* p) {
  int* fds = calloc((size_t)p->conns, sizeof *fds);
  int* got = calloc((size_t)p->conns, sizeof *got);
  char* msg = calloc(1, (size_t)p->size);
  char* buf = malloc((size_t)p->size);
  if (fds == NULL || got == NULL || msg == NULL || buf == NULL) fail("out of memory");
  for (int i = 0; i < p->conns; i++) {
    fds[i] = inet_connected(SOCK_STREAM, p->addr);
    set_nodelay(fds[i]);
  }
  int ep = watch(fds, p->conns);
  meter m;
  meter_start(&m, p);
  for (int i = 0; i < p->conns; i++) send_all(fds[i], msg, (size_t)p->size);
  struct epoll_event events[MAX_EVENTS];
  // Once the window is over, the messages in flight are still received
  // (closing with an echo unread would reset the connection).
  int done = 0, in_flight = p->conns;
  while (in_flight > 0) {
    int n = wait_events(ep, events);
    long long completed = 0;
    for (int e = 0; e < n; e++) {
      int i = (int)events[e].data.u32;
      ssize_t r = recv(fds[i], buf, (size_t)(p->size - got[i]), 0);
      if (r == -1) die("recv");
      if (r == 0) fail("the server closed a connection");
      got[i] += (int)r;
      if (got[i] == p->size) {
        got[i] = 0;
        completed++;
        if (done) in_flight--;
        else send_all(fds[i], msg, (size_t)p->size);
      }
    }
    if (!done) done = meter_count(&m, completed);
  }
  for (int i = 0; i < p->conns; i++) close(fds[i]);
  close(ep);
  meter_report(&m, NULL);
  free(fds);
  free(got);
  free(msg);
  free(buf);
}

void workload_concurrent(const params* p) {
  if (!strcmp(p->role, "server")) server(p);
  else client(p);
}
