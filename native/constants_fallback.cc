// The few constants CPython's socket module defines itself when the headers
// lack them (Modules/socketmodule.h and socketmodule.c), so that code written
// for Python finds them here too. Each is added only if no header defined
// the name (the header groups come first, and the first value wins). Values
// are the kernel's, as CPython writes them.
#include "constants.h"

namespace bsdsock {

constexpr Constant kFallbackConstants[] = {
#ifdef __linux__
    // linux/if_alg.h of Linux 4.8 proposals that CPython keeps (akcipher).
    MakeConstant("ALG_SET_PUBKEY", 6),
    MakeConstant("ALG_OP_SIGN", 2),
    MakeConstant("ALG_OP_VERIFY", 3),
    // UDP-Lite's socket options live in the kernel's private net/udplite.h.
    MakeConstant("UDPLITE_SEND_CSCOV", 10),
    MakeConstant("UDPLITE_RECV_CSCOV", 11),
#endif
    BSDSOCK_END_OF_CONSTANTS};

}  // namespace bsdsock
