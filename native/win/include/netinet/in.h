// Windows: the POSIX name of a Winsock header (see winsock_all.h).
#pragma once
#include "../winsock_all.h"
