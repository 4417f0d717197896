// What the addon keeps per environment (the main thread, or one worker):
// the pollers still open and the descriptors the environment owns, so that
// both are closed when the environment ends, and whether it is ending.
#pragma once
#include <napi.h>

#include <unordered_map>

#include "ready_batch.h"
#include "poller_table.h"
#include "descriptor.h"

namespace bsdsock {

class Poller;
class PollerCore;
struct TurnHandle;

struct Environment {
  // Pollers not yet closed (native/poller.cc), by descriptor: libuv lets
  // one loop watch a descriptor only once.
  std::unordered_map<int, Poller*> pollers;
  // The readiness events of this loop turn, delivered in one call from the
  // check handle `turn` (native/poller.cc); both made with the first poller.
  ReadyBatch batch;
  TurnHandle* turn = nullptr;
  // The libuv pollers, by slot (after `batch`: destroyed before it).
  PollTable table;
  napi_env napi = nullptr;
  // Poll handles given to uv_close() whose close callback has not run.
  size_t closing = 0;
  // Set while the environment ends and handles are still closing: the last
  // close callback removes the asynchronous cleanup hook.
  napi_async_cleanup_hook_handle teardown = nullptr;
  // The asynchronous cleanup hook was added (with the first libuv poller).
  bool hooked = false;
  // The cleanup hook has run: JavaScript can no longer be called, and
  // nothing may try (a lookup finishing now settles nothing).
  bool ending = false;
  // The descriptors this environment owns (see docs/ARCHITECTURE.md,
  // "Descriptors and environments"), closed when it ends.
  std::unordered_map<int, FileIdentity> owned;
};

// The environment's state (never null once the addon is initialised).
Environment* EnvironmentOf(napi_env env);

// Records that the environment owns `fd` / no longer owns it.
void Own(napi_env env, int fd);
void Disown(napi_env env, int fd);

// native/poller.cc: closes every poller still open and the check handle
// (their handles close asynchronously; Environment::closing counts them).
void ClosePollers(Environment* environment);

// native/poller.cc: closes the poller watching `fd`, if one is open: a
// descriptor must leave the loop's epoll set before it is closed, also when
// it is closed by number (the module's close()) while its Socket watches
// it; libuv aborts the process when it finds a watched descriptor closed.
// Returns that poller if calls were waiting on it: once the descriptor is
// closed, its WakeClosed() wakes them with a poll error, so that they
// retry, find EBADF and fail with it (as after the Socket's own close()).
PollerCore* ClosePollerOf(Environment* environment, int fd);

// Adds the asynchronous cleanup hook that waits for the libuv pollers'
// close callbacks, once per environment (the first libuv poller calls it).
napi_status HookPollerTeardown(napi_env env, Environment* environment);

// Sets up the state and the cleanup hook, and exports own()/disown().
void InitEnvironment(Napi::Env env, Napi::Object exports);

}  // namespace bsdsock
