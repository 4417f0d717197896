// Integer constants from the platform's headers, as tables the compiler fills
// in: the names come from the generated bsdsock_constants.h, the values from
// the headers themselves. Shared by every translation unit that holds a
// group of constants; free of Node-API so such units need only the headers.
#pragma once
#include <cstdint>
#include <type_traits>

namespace bsdsock {

// The C value is kept with its sign, so that an unsigned 32-bit value such as
// INADDR_BROADCAST stays positive and a negative one such as EAI_NONAME stays
// negative, whatever the width of its type.
struct Constant {
  const char* name;  // nullptr ends a table
  std::uint64_t magnitude;
  bool negative;
};

template <typename T>
constexpr bool IsNegative(T value) {
  if constexpr (std::is_signed_v<T>) {
    return value < 0;
  } else {
    return false;
  }
}

template <typename T>
constexpr Constant MakeConstant(const char* name, T value) {
  static_assert(std::is_integral_v<T>, "a constant must be an integer");
  // Unsigned negation of the widened value is exact even for INT64_MIN.
  const auto bits = static_cast<std::uint64_t>(value);
  return IsNegative(value) ? Constant{name, 0 - bits, true} : Constant{name, bits, false};
}

// Table entries for BSDSOCK_CONSTANTS_<GROUP>(BSDSOCK_CONSTANT), and for
// groups that export a header's name under another one,
// BSDSOCK_CONSTANTS_<GROUP>(BSDSOCK_RENAMED_CONSTANT). Unary plus turns enum
// members into integers.
#define BSDSOCK_CONSTANT(name) ::bsdsock::MakeConstant(#name, +(name)),
#define BSDSOCK_RENAMED_CONSTANT(exported, name) \
  ::bsdsock::MakeConstant(#exported, +(name)),
#define BSDSOCK_END_OF_CONSTANTS ::bsdsock::Constant{nullptr, 0, false}

// The constants of the "linux_tcp" group (native/constants_linux_tcp.cc),
// whose header cannot share a translation unit with glibc's netinet/tcp.h.
extern const Constant kLinuxTcpConstants[];

// CPython's own definitions of names the headers may lack
// (native/constants_fallback.cc); added after every header group.
extern const Constant kFallbackConstants[];

}  // namespace bsdsock
