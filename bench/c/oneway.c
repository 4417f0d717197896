// udp-oneway: the client sends `size`-byte datagrams as fast as it can, in
// batches of `batch` (sendmmsg); the server receives them in batches
// (recvmmsg) and counts them. The server measures: packets received per
// second, from the end of the warm-up to the last data packet. The client
// then sends empty datagrams (the stop) until the server answers.
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common.h"

static void server(const params* p) {
  int fd = inet_listener(SOCK_DGRAM);
  int rcvbuf = 4 << 20;
  setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);  // as large as the system allows
  ready_port(fd);
  int b = p->batch;
  char* bufs = malloc((size_t)b * (size_t)p->bufsize);
  struct mmsghdr* msgs = calloc((size_t)b, sizeof *msgs);
  struct iovec* iov = calloc((size_t)b, sizeof *iov);
  struct sockaddr_storage* from = calloc((size_t)b, sizeof *from);
  if (bufs == NULL || msgs == NULL || iov == NULL || from == NULL) fail("out of memory");
  long long count = 0, count0 = 0;
  double t_first = 0, t0 = 0, t_last = 0;
  for (;;) {
    for (int i = 0; i < b; i++) {
      iov[i].iov_base = bufs + (size_t)i * (size_t)p->bufsize;
      iov[i].iov_len = (size_t)p->bufsize;
      memset(&msgs[i].msg_hdr, 0, sizeof msgs[i].msg_hdr);
      msgs[i].msg_hdr.msg_iov = &iov[i];
      msgs[i].msg_hdr.msg_iovlen = 1;
      msgs[i].msg_hdr.msg_name = &from[i];
      msgs[i].msg_hdr.msg_namelen = sizeof from[i];
    }
    int n = recvmmsg(fd, msgs, (unsigned)b, MSG_WAITFORONE, NULL);
    if (n == -1) {
      if (errno == EINTR) continue;
      die("recvmmsg");
    }
    double t = now_s();
    for (int i = 0; i < n; i++) {
      if (msgs[i].msg_len == 0) {
        char extra[64];
        snprintf(extra, sizeof extra, "received=%lld", count);
        result(count - count0, t_last - t0, extra);
        for (int k = 0; k < 3; k++) sendto(fd, "", 0, 0, (struct sockaddr*)&from[i], msgs[i].msg_hdr.msg_namelen);
        close(fd);
        free(bufs);
        free(msgs);
        free(iov);
        free(from);
        return;
      }
      if (count == 0) t_first = t0 = t;
      count++;
      if (t - t_first < p->warmup) {  // still warming up: the window starts later
        count0 = count;
        t0 = t;
      }
      t_last = t;
    }
  }
}

static void client(const params* p) {
  int fd = inet_connected(SOCK_DGRAM, p->addr);
  int b = p->batch;
  char* msg = calloc(1, (size_t)p->size);
  struct mmsghdr* msgs = calloc((size_t)b, sizeof *msgs);
  struct iovec iov = {.iov_base = msg, .iov_len = (size_t)p->size};
  if (msg == NULL || msgs == NULL) fail("out of memory");
  for (int i = 0; i < b; i++) {
    msgs[i].msg_hdr.msg_iov = &iov;
    msgs[i].msg_hdr.msg_iovlen = 1;
  }
  meter m;
  meter_start(&m, p);
  long long sent = 0;
  for (;;) {
    int n = sendmmsg(fd, msgs, (unsigned)b, 0);
    if (n == -1) {
      if (errno == EINTR || errno == ECONNREFUSED || errno == ENOBUFS) n = 0;  // a full queue: try again
      else die("sendmmsg");
    }
    sent += n;
    if (meter_count(&m, n) || (n == 0 && meter_check(&m))) break;
  }
  // The stop: empty datagrams until the server answers (it may be behind).
  for (int tries = 0; tries < 500; tries++) {
    if (send(fd, msg, 0, 0) == -1 && errno != ECONNREFUSED) die("send");
    struct pollfd pfd = {.fd = fd, .events = POLLIN};
    if (poll(&pfd, 1, 20) == 1) {
      char extra[64];
      snprintf(extra, sizeof extra, "sent=%lld", sent);
      meter_report(&m, extra);
      close(fd);
      free(msg);
      free(msgs);
      return;
    }
  }
  fail("the server never answered the stop");
}

void workload_oneway(const params* p) {
  if (!strcmp(p->role, "server")) server(p);
  else client(p);
}
