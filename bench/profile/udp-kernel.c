// The kernel's share of an unconnected UDP exchange: CPU time per datagram
// of sendto() to an address vs send() on a connected socket, and of
// recvfrom() vs recv(), on the loopback, in plain C. See bench/PROFILE.md.
//   cc -O2 -o /tmp/udp-kernel bench/profile/udp-kernel.c && taskset -c 1 /tmp/udp-kernel
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double cpu(void) {
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

int main(void) {
  enum { N = 200000 };
  int r = socket(AF_INET, SOCK_DGRAM, 0);
  struct sockaddr_in a = {.sin_family = AF_INET};
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  if (bind(r, (struct sockaddr*)&a, sizeof a) != 0 || getsockname(r, (struct sockaddr*)&a, &len) != 0) return 1;
  int s = socket(AF_INET, SOCK_DGRAM, 0);
  char msg[64] = {0}, in[2048];
  struct sockaddr_in from, unspec = {.sin_family = AF_UNSPEC};
  for (int round = 0; round < 3; round++) {
    double t0 = cpu();
    for (int i = 0; i < N; i++) {
      sendto(s, msg, sizeof msg, 0, (struct sockaddr*)&a, sizeof a);
      recv(r, in, sizeof in, 0);
    }
    double t1 = cpu();
    connect(s, (struct sockaddr*)&a, sizeof a);
    for (int i = 0; i < N; i++) {
      send(s, msg, sizeof msg, 0);
      recv(r, in, sizeof in, 0);
    }
    double t2 = cpu();
    for (int i = 0; i < N; i++) {
      send(s, msg, sizeof msg, 0);
      socklen_t fl = sizeof from;
      recvfrom(r, in, sizeof in, 0, (struct sockaddr*)&from, &fl);
    }
    double t3 = cpu();
    connect(s, (struct sockaddr*)&unspec, sizeof unspec);
    printf("sendto+recv %.0f ns, send (connected)+recv %.0f ns, send+recvfrom %.0f ns\n", (t1 - t0) / N * 1e9,
           (t2 - t1) / N * 1e9, (t3 - t2) / N * 1e9);
  }
  close(s);
  close(r);
  return 0;
}
