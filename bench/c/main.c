// The C baseline of the benchmark suite: one program, the workload and the
// role named by its first two arguments (bench/README.md describes the
// protocol the runner speaks with every implementation).
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common.h"

int main(int argc, char** argv) {
  params p;
  parse_params(argc, argv, &p);
  // The process is bounded in time whatever happens to its peer.
  alarm((unsigned)(p.limit + 1));
  signal(SIGPIPE, SIG_IGN);
  const char* w = p.workload;
  if (!strcmp(w, "tcp-pingpong") || !strcmp(w, "unix-pingpong") || !strcmp(w, "udp-pingpong")) workload_pingpong(&p);
  else if (!strcmp(w, "tcp-bulk")) workload_bulk(&p);
  else if (!strcmp(w, "tcp-accept")) workload_accept(&p);
  else if (!strcmp(w, "tcp-concurrent")) workload_concurrent(&p);
  else if (!strcmp(w, "udp-oneway")) workload_oneway(&p);
  else fail("unknown workload");
  return 0;
}
