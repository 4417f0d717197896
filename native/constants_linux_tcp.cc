// The TCP_* constants of linux/tcp.h that glibc's netinet/tcp.h lacks. The two
// headers define the same structs, so this group has its own translation unit.
#define BSDSOCK_CONSTANTS_UNIT_LINUX_TCP
#include "bsdsock_constants.h"
#include "constants.h"

namespace bsdsock {

constexpr Constant kLinuxTcpConstants[] = {
    BSDSOCK_CONSTANTS_LINUX_TCP(BSDSOCK_CONSTANT) BSDSOCK_END_OF_CONSTANTS};

}  // namespace bsdsock
