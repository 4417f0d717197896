// Winsock 2 and the Windows headers every Windows source of the addon needs,
// in the order they must come: winsock2.h before anything that includes
// windows.h (which would bring the old winsock.h), ws2tcpip.h and the
// extension headers after it. The POSIX header names next to this file
// (sys/socket.h, netdb.h, ...) include only this, so that the sources the
// platforms share (native/resolver.cc, native/args.h) compile here unchanged.
#pragma once
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <winsock2.h>
#include <ws2tcpip.h>
#include <mswsock.h>
#include <mstcpip.h>
#include <afunix.h>
#include <iphlpapi.h>
#include <windows.h>
