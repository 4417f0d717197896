// The tables native/layout.cc and native/win/layout_win.cc fill in: a group
// of constants as JavaScript values, and a struct's layout as offsets and
// sizes, so that the TypeScript side never assumes a value or an offset.
#pragma once
#include <napi.h>

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <utility>

#include "constants.h"

namespace bsdsock {

// Numbers where they are exact, BigInt beyond 2^53 - 1.
inline Napi::Value ConstantValue(Napi::Env env, const Constant& c) {
  constexpr std::uint64_t kMaxSafeInteger = (std::uint64_t{1} << 53) - 1;
  if (c.magnitude <= kMaxSafeInteger) {
    const double value = static_cast<double>(c.magnitude);
    return Napi::Number::New(env, c.negative ? -value : value);
  }
  return Napi::BigInt::New(env, c.negative ? 1 : 0, 1, &c.magnitude);
}

// Groups are added in generator order; a name already set is kept, as the
// generator's "first group wins" rule says.
inline void AddConstants(Napi::Env env, Napi::Object target, const Constant* table) {
  for (const Constant* c = table; c->name != nullptr; ++c) {
    if (!target.Has(c->name)) target.Set(c->name, ConstantValue(env, *c));
  }
}

// ------------------------------------------------------------------ layouts

// A struct's fields: offsets under their own names, sizes as "<field>_size".
using Fields = std::initializer_list<std::pair<const char*, std::size_t>>;

inline void SetFields(Napi::Object object, Fields fields) {
  for (const auto& [key, value] : fields) {
    object.Set(key, Napi::Number::New(object.Env(), static_cast<double>(value)));
  }
}

// One struct's layout: { size, field: offset, field_size: bytes, ... }.
inline Napi::Object Layout(Napi::Env env, std::size_t size, Fields fields) {
  Napi::Object layout = Napi::Object::New(env);
  SetFields(layout, {{"size", size}});
  SetFields(layout, fields);
  return layout;
}

#define BSDSOCK_FIELD(type, field) {#field, offsetof(type, field)}
#define BSDSOCK_FIELD_SIZE(type, field) \
  {#field "_size", sizeof(static_cast<type*>(nullptr)->field)}

}  // namespace bsdsock
