// Argument access for the native functions. The TypeScript layer validates
// every public argument; these checks are the last line of defence, so a bug
// in the TypeScript layer raises a TypeError/RangeError instead of touching
// memory it does not own. Errors here are programming errors: they throw.
#pragma once
#include <napi.h>
#include <sys/socket.h>
#include <sys/types.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace bsdsock {

// Each helper makes one Node-API call for its argument (the value and its
// type come back together): these run on every system call, and the
// checks through node-addon-api's wrappers cost several calls each.

// The throwing paths, kept out of line so that the checks inline.
[[noreturn]] [[gnu::noinline]] [[gnu::cold]] inline void ThrowTypeError(const Napi::CallbackInfo& info, size_t i, const char* what) {
  throw Napi::TypeError::New(info.Env(), "bsdsock native: argument " + std::to_string(i) + " must be " + what);
}

[[noreturn]] [[gnu::noinline]] [[gnu::cold]] inline void ThrowRangeError(const Napi::CallbackInfo& info, size_t i, const char* what) {
  throw Napi::RangeError::New(info.Env(), "bsdsock native: argument " + std::to_string(i) + " must be " + what);
}

inline double NumberArg(const Napi::CallbackInfo& info, size_t i) {
  double d;
  if (napi_get_value_double(info.Env(), info[i], &d) != napi_ok) ThrowTypeError(info, i, "a number");
  return d;
}

inline int32_t IntArg(const Napi::CallbackInfo& info, size_t i) {
  double d = NumberArg(info, i);
  if (!(d >= std::numeric_limits<int32_t>::min() && d <= std::numeric_limits<int32_t>::max()) || d != static_cast<int32_t>(d)) {
    ThrowRangeError(info, i, "a 32-bit integer");
  }
  return static_cast<int32_t>(d);
}

// Any 32-bit pattern, signed or unsigned (flags such as MSG_CMSG_CLOEXEC
// have the top bit set on some platforms).
inline uint32_t FlagsArg(const Napi::CallbackInfo& info, size_t i) {
  double d = NumberArg(info, i);
  if (!(d >= std::numeric_limits<int32_t>::min() && d <= std::numeric_limits<uint32_t>::max()) || d != static_cast<int64_t>(d)) {
    ThrowRangeError(info, i, "a 32-bit flag set");
  }
  return static_cast<uint32_t>(static_cast<int64_t>(d));
}

// A byte range inside a Uint8Array (Buffer is one): the view, then an offset
// and a length relative to the view, all checked against the view's bounds.
struct Bytes {
  uint8_t* data;
  size_t length;
};

// The memory of a typed array of `type`; false if the value is not one.
inline bool TypedArrayData(napi_env env, napi_value v, napi_typedarray_type type, void** data, size_t* length) {
  napi_typedarray_type actual;
  // napi_invalid_arg when `v` is not a typed array at all.
  return napi_get_typedarray_info(env, v, &actual, length, data, nullptr, nullptr) == napi_ok && actual == type;
}

inline Bytes ViewArg(const Napi::CallbackInfo& info, size_t i) {
  void* data = nullptr;
  size_t length = 0;
  if (!TypedArrayData(info.Env(), info[i], napi_uint8_array, &data, &length)) ThrowTypeError(info, i, "a Uint8Array");
  return Bytes{static_cast<uint8_t*>(data), length};
}

inline Bytes RangeArg(const Napi::CallbackInfo& info, size_t i) {
  Bytes whole = ViewArg(info, i);
  int32_t offset = IntArg(info, i + 1);
  int32_t length = IntArg(info, i + 2);
  if (offset < 0 || length < 0 || static_cast<size_t>(offset) > whole.length ||
      static_cast<size_t>(length) > whole.length - static_cast<size_t>(offset)) {
    throw Napi::RangeError::New(info.Env(), "bsdsock native: byte range outside its buffer");
  }
  return Bytes{whole.data + offset, static_cast<size_t>(length)};
}

// An address given as (bytes, length): the length may not exceed the bytes.
inline Bytes AddrArg(const Napi::CallbackInfo& info, size_t i) {
  Bytes whole = ViewArg(info, i);
  int32_t length = IntArg(info, i + 1);
  if (length < 0 || static_cast<size_t>(length) > whole.length) {
    throw Napi::RangeError::New(info.Env(), "bsdsock native: address length outside its buffer");
  }
  return Bytes{whole.data, static_cast<size_t>(length)};
}

[[noreturn]] [[gnu::noinline]] [[gnu::cold]] inline void ThrowOutArrayError(const Napi::CallbackInfo& info, size_t i,
                                                                       napi_typedarray_type type, size_t n) {
  const char* name = "a typed array";
  switch (type) {
    case napi_int32_array: name = "an Int32Array"; break;
    case napi_uint32_array: name = "a Uint32Array"; break;
    case napi_float64_array: name = "a Float64Array"; break;
    default: break;
  }
  ThrowTypeError(info, i, (std::string(name) + " of at least " + std::to_string(n) + (n == 1 ? " element" : " elements")).c_str());
}

// An out-parameter: a typed array of `type` (whose elements are T) with at
// least `n` elements. Returns its data.
template <typename T>
inline T* OutArrayArg(const Napi::CallbackInfo& info, size_t i, napi_typedarray_type type, size_t n) {
  void* data = nullptr;
  size_t length = 0;
  if (!TypedArrayData(info.Env(), info[i], type, &data, &length) || length < n) ThrowOutArrayError(info, i, type, n);
  return static_cast<T*>(data);
}

// The out-parameter for an address length: a Uint32Array of at least one
// element. Returns its first element.
inline uint32_t* LengthOutArg(const Napi::CallbackInfo& info, size_t i) {
  return OutArrayArg<uint32_t>(info, i, napi_uint32_array, 1);
}

// The first `n` elements of a JavaScript Array (the caller checked that it
// is one, with that many), all read before the memory of any is taken:
// reading an element may run JavaScript (an index getter, or
// Array.prototype's for a hole) that detaches or shrinks a buffer read
// before it, and the kernel would then use memory that is no longer the
// buffer's. So: first every element, then each one's memory, and no
// JavaScript between that and the system call. A few live on the stack;
// more go to the heap.
class ArrayElements {
 public:
  ArrayElements(const Napi::CallbackInfo& info, napi_value array, uint32_t n) {
    if (n > kOnStack) heap_.resize(n);
    data_ = n > kOnStack ? heap_.data() : stack_;
    for (uint32_t k = 0; k < n; k++) {
      // A getter that throws: its exception goes on to the caller.
      NAPI_THROW_IF_FAILED_VOID(info.Env(), napi_get_element(info.Env(), array, k, &data_[k]));
    }
  }
  ArrayElements(const ArrayElements&) = delete;
  ArrayElements& operator=(const ArrayElements&) = delete;

  napi_value operator[](uint32_t k) const { return data_[k]; }

 private:
  static constexpr uint32_t kOnStack = 16;
  napi_value stack_[kOnStack];
  std::vector<napi_value> heap_;
  napi_value* data_ = nullptr;
};

// A system call's result. Most fit a small integer, which V8 represents
// without allocating a heap number.
inline Napi::Value Result(const Napi::CallbackInfo& info, double value) {
  napi_value out;
  if (value >= std::numeric_limits<int32_t>::min() && value <= std::numeric_limits<int32_t>::max() &&
      value == static_cast<int32_t>(value)) {
    napi_create_int32(info.Env(), static_cast<int32_t>(value), &out);
  } else {
    napi_create_double(info.Env(), value, &out);
  }
  return Napi::Value(info.Env(), out);
}

// A file offset: an integer 0 to 2^53 - 1 (the largest a JavaScript number
// holds exactly). The checks of native/sendfile.cc and its Windows twin,
// one copy for both.
inline int64_t FileOffsetArg(const Napi::CallbackInfo& info, size_t i) {
  double d = NumberArg(info, i);
  if (!(d >= 0 && d <= 9007199254740991.0) || d != static_cast<double>(static_cast<int64_t>(d))) {
    throw Napi::RangeError::New(info.Env(), "bsdsock native: argument " + std::to_string(i) + " must be a file offset 0 to 2^53-1");
  }
  return static_cast<int64_t>(d);
}

// A file offset (FileOffsetArg) that also fits the platform's off_t.
inline off_t OffsetArg(const Napi::CallbackInfo& info, size_t i) {
  int64_t offset = FileOffsetArg(info, i);
  if (static_cast<int64_t>(static_cast<off_t>(offset)) != offset) {
    throw Napi::RangeError::New(info.Env(), "bsdsock native: argument " + std::to_string(i) + " must be a file offset 0 to 2^53-1");
  }
  return static_cast<off_t>(offset);
}

// sendfile's byte count: an int32 of at least 0 (src/sendfile.ts asks for
// at most 2^30 at a time).
inline int32_t SendfileCountArg(const Napi::CallbackInfo& info, size_t i) {
  int32_t count = IntArg(info, i);
  if (count < 0) throw Napi::RangeError::New(info.Env(), "bsdsock native: negative sendfile count");
  return count;
}

// lseek's whence: one of the platform's three (SEEK_SET, SEEK_CUR,
// SEEK_END; on Windows FILE_BEGIN, FILE_CURRENT, FILE_END, the same 0, 1, 2).
inline int WhenceArg(const Napi::CallbackInfo& info, size_t i) {
  int whence = IntArg(info, i);
  if (whence != 0 && whence != 1 && whence != 2) {
    throw Napi::RangeError::New(info.Env(), "bsdsock native: lseek whence must be SEEK_SET, SEEK_CUR or SEEK_END");
  }
  return whence;
}

// A string argument that the C library takes as a C string: no NUL inside.
inline std::string CStringArg(const Napi::CallbackInfo& info, size_t i) {
  if (!info[i].IsString()) {
    throw Napi::TypeError::New(info.Env(), "bsdsock native: argument " + std::to_string(i) + " must be a string");
  }
  std::string s = info[i].As<Napi::String>().Utf8Value();
  if (s.find('\0') != std::string::npos) {
    throw Napi::TypeError::New(info.Env(), "bsdsock native: argument " + std::to_string(i) + " contains a NUL character");
  }
  return s;
}

}  // namespace bsdsock
