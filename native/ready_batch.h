// The readiness of one event-loop turn, delivered to JavaScript in one call.
//
// A poller backend (native/poller.cc, native/poller_thread.cc) adds each
// event it gets to its environment's batch instead of calling JavaScript
// at once; at the end of the turn (libuv's check phase, or the readiness
// thread's delivery) Run() makes ONE napi_make_callback, into a native
// function that calls the table's dispatcher (native/poller_table.h) once
// per socket, in turn. The microtasks and
// the tick queue then run once, after all of them, instead of once per
// socket: with many busy sockets on one loop, that is most of what a
// readiness event used to cost (a callback scope, a microtask checkpoint).
// A batch of one (a single busy socket) is delivered by its own
// napi_make_callback of the dispatcher, without the native function in
// between.
//
// What a batch guarantees:
// - Order: events are delivered in the order they were added; two events
//   of one poller in one turn are merged into one call.
// - Close during the batch: a poller closed by an earlier callback (or by
//   anything between the event and the delivery) gets no call; its object
//   is kept until the batch ends (PollerCore::queued_), so no entry points
//   at freed memory.
// - A throwing callback: its exception becomes the process's uncaught
//   exception, as from any Node callback, and the rest of the batch is then
//   delivered in a further call: no other socket loses its event, and every
//   poller's bookkeeping is finished.
// - Teardown: when JavaScript can no longer run (a worker terminated, or
//   process.exit() in a worker's callback), the delivery stops and the
//   bookkeeping (references, what the pollers watch) is still finished;
//   nothing throws out of here.
#pragma once
#include <napi.h>

#include <cstddef>
#include <vector>

namespace bsdsock {

class PollerCore;

class ReadyBatch {
 public:
  // The native function Run() calls, made once per environment (from a
  // call of JavaScript's: a poller's constructor).
  napi_status Init(napi_env env);

  // Queue `events` (status 0 or -errno) for `poller`, or merge them into
  // its entry if it has one.
  void Add(PollerCore* poller, int status, int events);

  // The poller is closing. Outside a delivery its entry goes at once; during
  // one it stays (the poller is skipped, and finished with the others).
  void Remove(PollerCore* poller);

  bool empty() const { return entries_.empty(); }

  // Deliver everything queued, then finish every queued poller. Never
  // throws; safe while the environment ends (it then only finishes).
  void Run(napi_env env);

 private:
  struct Entry {
    PollerCore* poller;  // null: removed
    int status;
    int events;
  };

  static napi_value Deliver(napi_env env, napi_callback_info info);
  // Ends the batch for every poller in it (the entries move to done_).
  void Finish();

  std::vector<Entry> entries_;
  std::vector<Entry> done_;  // the batch being finished
  size_t next_ = 0;        // the next entry to deliver
  bool running_ = false;   // inside Run()
  bool threw_ = false;     // Deliver() stopped at a callback that threw
  bool stopped_ = false;   // Deliver() stopped: JavaScript cannot run
  napi_ref deliver_ = nullptr;  // the native function (freed with the environment)
};

}  // namespace bsdsock
