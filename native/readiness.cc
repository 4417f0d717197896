// The readiness queue of native/readiness.h: epoll on Linux, kqueue on
// macOS and the BSDs (the two are alike enough to share this file).
#include "readiness.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <initializer_list>

#include "retry.h"

#if defined(__linux__)
#include <sys/epoll.h>
#else
#include <sys/types.h>  // before sys/event.h, which the older BSDs need
#include <sys/event.h>
#include <sys/time.h>
#endif

namespace bsdsock {

namespace {

// A pipe whose ends close on exec and never block (macOS has no pipe2).
int OpenPipe(int fds[2]) {
  if (pipe(fds) != 0) return -errno;
  for (int i = 0; i < 2; i++) {
    if (fcntl(fds[i], F_SETFD, FD_CLOEXEC) != 0 || fcntl(fds[i], F_SETFL, O_NONBLOCK) != 0) {
      int err = errno;
      close(fds[0]);
      close(fds[1]);
      fds[0] = fds[1] = -1;
      return -err;
    }
  }
  return 0;
}

}  // namespace

void ReadinessQueue::Close() {
  for (int* fd : {&kq_, &wake_[0], &wake_[1]}) {
    if (*fd >= 0) close(*fd);
    *fd = -1;
  }
}

void ReadinessQueue::Wake() {
  char byte = 1;
  // A full pipe already holds a wake-up: nothing is lost.
  ssize_t r = Retry([&] { return write(wake_[1], &byte, 1); });
  (void)r;
}

void ReadinessQueue::DrainWake() {
  char bytes[64];
  while (Retry([&] { return read(wake_[0], bytes, sizeof bytes); }) > 0) {
  }
}

#if defined(__linux__)

int ReadinessQueue::Open() {
  kq_ = epoll_create1(EPOLL_CLOEXEC);
  if (kq_ < 0) return -errno;
  int err = OpenPipe(wake_);
  if (err == 0) {
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = 0;
    if (epoll_ctl(kq_, EPOLL_CTL_ADD, wake_[0], &ev) != 0) err = -errno;
  }
  if (err != 0) Close();
  return err;
}

int ReadinessQueue::Arm(int fd, uint64_t id, int events, int armed) {
  epoll_event ev{};
  // EPOLLRDHUP: a peer's shutdown wakes readers even when no byte follows.
  uint32_t wanted = EPOLLONESHOT;
  if (events & kReadable) wanted |= EPOLLIN | EPOLLRDHUP;
  if (events & kWritable) wanted |= EPOLLOUT;
  if (events & kPrioritized) wanted |= EPOLLPRI;
  ev.events = wanted;
  ev.data.u64 = id;
  // Registered once per descriptor; a one-shot registration that fired
  // stays in the set, disabled, so it is modified rather than added again.
  if (epoll_ctl(kq_, EPOLL_CTL_MOD, fd, &ev) == 0) return 0;
  if (errno != ENOENT) return -errno;
  if (epoll_ctl(kq_, EPOLL_CTL_ADD, fd, &ev) == 0) return 0;
  return -errno;
}

void ReadinessQueue::Disarm(int fd, int armed) {
  epoll_event ev{};  // Linux before 2.6.9 wants a non-null event
  // ENOENT: never armed. Either way it is out of the set.
  epoll_ctl(kq_, EPOLL_CTL_DEL, fd, &ev);
}

int ReadinessQueue::Wait(ReadyEvent* out, int max, bool block) {
  epoll_event evs[64];
  if (max > 64) max = 64;
  int n = epoll_wait(kq_, evs, max, block ? -1 : 0);
  if (n < 0) return -errno;
  for (int i = 0; i < n; i++) {
    uint32_t e = evs[i].events;
    out[i].id = evs[i].data.u64;
    out[i].events = ((e & (EPOLLIN | EPOLLRDHUP)) ? kReadable : 0) | ((e & EPOLLOUT) ? kWritable : 0) |
                    ((e & EPOLLPRI) ? kPrioritized : 0);
    out[i].error = (e & EPOLLERR) != 0;
    out[i].hangup = (e & EPOLLHUP) != 0;
  }
  return n;
}

int ReadinessQueue::ArmedAfter(int armed, int fired) { return 0; }

#else  // kqueue: macOS, FreeBSD, OpenBSD, NetBSD

namespace {

// kevent's udata is a pointer on most systems and an intptr_t on NetBSD:
// the id travels as its bits either way.
template <typename U>
U AsUdata(uint64_t id) {
  return (U)(uintptr_t)id;
}

void Change(struct kevent* kev, int fd, int filter, int flags, uint64_t id) {
  EV_SET(kev, fd, filter, flags, 0, 0, 0);
  kev->udata = AsUdata<decltype(kev->udata)>(id);
}

}  // namespace

int ReadinessQueue::Open() {
  kq_ = kqueue();
  if (kq_ < 0) return -errno;
  int err = fcntl(kq_, F_SETFD, FD_CLOEXEC) == 0 ? OpenPipe(wake_) : -errno;
  if (err == 0) {
    struct kevent kev;
    Change(&kev, wake_[0], EVFILT_READ, EV_ADD, 0);
    if (kevent(kq_, &kev, 1, nullptr, 0, nullptr) != 0) err = -errno;
  }
  if (err != 0) Close();
  return err;
}

int ReadinessQueue::Arm(int fd, uint64_t id, int events, int armed) {
  struct kevent changes[2];
  int n = 0;
  // Each filter is its own one-shot registration: add the ones wanted,
  // delete the ones still armed that are not. Urgent data is watched as
  // readable (EVFILT_READ also reports it); select() looks with poll(2).
  if (events & (kReadable | kPrioritized)) Change(&changes[n++], fd, EVFILT_READ, EV_ADD | EV_ONESHOT, id);
  else if (armed & (kReadable | kPrioritized)) Change(&changes[n++], fd, EVFILT_READ, EV_DELETE, id);
  if (events & kWritable) Change(&changes[n++], fd, EVFILT_WRITE, EV_ADD | EV_ONESHOT, id);
  else if (armed & kWritable) Change(&changes[n++], fd, EVFILT_WRITE, EV_DELETE, id);
  if (n == 0) return 0;
  if (kevent(kq_, changes, n, nullptr, 0, nullptr) == 0 || errno == ENOENT) return 0;
  return -errno;
}

void ReadinessQueue::Disarm(int fd, int armed) {
  // A one-shot filter that fired is gone already (ENOENT): delete each
  // separately so one missing does not keep the other.
  for (int filter : {EVFILT_READ, EVFILT_WRITE}) {
    if ((filter == EVFILT_READ ? kReadable | kPrioritized : kWritable) & armed) {
      struct kevent kev;
      Change(&kev, fd, filter, EV_DELETE, 0);
      kevent(kq_, &kev, 1, nullptr, 0, nullptr);
    }
  }
}

int ReadinessQueue::Wait(ReadyEvent* out, int max, bool block) {
  struct kevent evs[64];
  if (max > 64) max = 64;
  struct timespec zero = {0, 0};
  int n = kevent(kq_, nullptr, 0, evs, max, block ? nullptr : &zero);
  if (n < 0) return -errno;
  for (int i = 0; i < n; i++) {
    out[i].id = (uint64_t)(uintptr_t)evs[i].udata;
    out[i].events = evs[i].filter == EVFILT_READ ? kReadable | kPrioritized : kWritable;
    out[i].error = (evs[i].flags & EV_ERROR) != 0;
    out[i].hangup = (evs[i].flags & EV_EOF) != 0;
  }
  return n;
}

int ReadinessQueue::ArmedAfter(int armed, int fired) { return armed & ~fired; }

#endif

}  // namespace bsdsock
