// Shared by the C baseline of the benchmark suite: the parameters every
// process takes (key=value arguments), the clock, the READY/RESULT lines the
// runner reads, and the socket set-up every workload repeats. The C programs
// are the floor: plain blocking system calls, as a C programmer would write.
#pragma once
// Compiled with -D_GNU_SOURCE (accept4, recvmmsg, sendmmsg): see bench/runner/build.ts.
#include <stddef.h>
#include <stdint.h>

typedef struct {
  const char *workload, *role;
  const char *addr;   // client: the server's port (inet) or path (unix)
  const char *path;   // unix server: where to bind
  int size;           // message size (pingpong, concurrent, one-way)
  long long bytes;    // tcp-bulk: bytes measured
  long long warmbytes;  // tcp-bulk: bytes sent first, not measured
  int chunk;          // tcp-bulk: bytes per write and per read
  int conns;          // tcp-concurrent: connections
  int batch;          // udp-oneway: datagrams per sendmmsg/recvmmsg
  int bufsize;        // udp-oneway: receive slot size
  double duration;    // seconds measured
  double warmup;      // seconds run before measuring
  double limit;       // seconds after which the process gives up
} params;

// Every implementation's servers listen with this backlog (the kernel caps
// it at net.core.somaxconn).
#define BACKLOG 4096

void parse_params(int argc, char** argv, params* p);
double now_s(void);
void die(const char* what);                 // perror and exit(1)
void fail(const char* message);             // message and exit(1)
void ready(const char* addr);               // "READY <addr>"
void ready_port(int fd);                    // "READY <port of fd>"
void result(long long ops, double seconds, const char* extra);  // "RESULT ops=… seconds=…"

int inet_listener(int type);                // 127.0.0.1:0, listening if a stream
int unix_listener(const char* path);
int inet_connected(int type, const char* port);
int unix_connected(const char* path);
void set_nodelay(int fd);
void send_all(int fd, const void* buf, size_t len);
// Reads exactly len bytes; returns 0 at EOF before the first byte.
int recv_exact(int fd, void* buf, size_t len);

// The measuring window: `warmup` seconds not counted, then `duration`
// seconds counted. Checked every 16 operations so the clock costs nothing.
typedef struct {
  double t_warm, t_end, t0;
  long long ops, ops0;
  int measuring;
} meter;

void meter_start(meter* m, const params* p);
// Counts n operations; returns 1 once the window is over.
int meter_count(meter* m, long long n);
// Checks the clock now (for loops that count in bursts).
int meter_check(meter* m);
void meter_report(const meter* m, const char* extra);

void workload_pingpong(const params* p);
void workload_bulk(const params* p);
void workload_accept(const params* p);
void workload_concurrent(const params* p);
void workload_oneway(const params* p);
