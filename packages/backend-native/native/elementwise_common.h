// Argument checking and broadcasting shared by the elementwise, unary, reduction, softmax, pooling,
// gather and optimizer kernels. Every reader throws a JavaScript TypeError or RangeError that names the
// native function and the argument, so a caller bug never reaches the loops as an out-of-bounds access.
#pragma once

#include <napi.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace essence::checked {

using Shape = std::vector<int64_t>;

inline std::string ArgumentLabel(const char* function, size_t index, const char* name) {
  return std::string(function) + ": argument " + std::to_string(index) + " (" + name + ")";
}

inline void ExpectArgumentCount(const Napi::CallbackInfo& info, size_t count, const char* function) {
  if (info.Length() < count) {
    throw Napi::TypeError::New(info.Env(), std::string(function) + " expects " + std::to_string(count) +
                                               " arguments; got " + std::to_string(info.Length()));
  }
}

template <typename Array>
inline Array TypedArrayArg(const Napi::CallbackInfo& info, size_t index, const char* function, const char* name,
                           napi_typedarray_type expected, const char* expectedName) {
  Napi::Value value = info[index];
  if (!value.IsTypedArray() || value.As<Napi::TypedArray>().TypedArrayType() != expected) {
    throw Napi::TypeError::New(info.Env(), ArgumentLabel(function, index, name) + " must be a " + expectedName);
  }
  return value.As<Array>();
}

inline Napi::Float32Array Float32ArrayArg(const Napi::CallbackInfo& info, size_t index, const char* function,
                                          const char* name) {
  return TypedArrayArg<Napi::Float32Array>(info, index, function, name, napi_float32_array, "Float32Array");
}

inline Napi::Int32Array Int32ArrayArg(const Napi::CallbackInfo& info, size_t index, const char* function,
                                      const char* name) {
  return TypedArrayArg<Napi::Int32Array>(info, index, function, name, napi_int32_array, "Int32Array");
}

inline Napi::Uint8Array Uint8ArrayArg(const Napi::CallbackInfo& info, size_t index, const char* function,
                                      const char* name) {
  return TypedArrayArg<Napi::Uint8Array>(info, index, function, name, napi_uint8_array, "Uint8Array");
}

inline double NumberArg(const Napi::CallbackInfo& info, size_t index, const char* function, const char* name) {
  Napi::Value value = info[index];
  if (!value.IsNumber()) {
    throw Napi::TypeError::New(info.Env(), ArgumentLabel(function, index, name) + " must be a number");
  }
  return value.As<Napi::Number>().DoubleValue();
}

inline bool BooleanArg(const Napi::CallbackInfo& info, size_t index, const char* function, const char* name) {
  Napi::Value value = info[index];
  if (!value.IsBoolean()) {
    throw Napi::TypeError::New(info.Env(), ArgumentLabel(function, index, name) + " must be a boolean");
  }
  return value.As<Napi::Boolean>().Value();
}

// Sizes above 2^53 cannot come from a JavaScript array length, so they are rejected with the negatives.
constexpr double kMaxSize = 9007199254740992.0;

inline int64_t CheckedSize(Napi::Env env, double value, const std::string& label) {
  if (!(value >= 0 && value <= kMaxSize) || value != static_cast<double>(static_cast<int64_t>(value))) {
    throw Napi::RangeError::New(env, label + " must be a non-negative integer; got " + std::to_string(value));
  }
  return static_cast<int64_t>(value);
}

inline int64_t SizeArg(const Napi::CallbackInfo& info, size_t index, const char* function, const char* name) {
  return CheckedSize(info.Env(), NumberArg(info, index, function, name), ArgumentLabel(function, index, name));
}

// Reads an array of non-negative integers (a shape, or a list of pooling dimensions).
inline Shape SizeListArg(const Napi::CallbackInfo& info, size_t index, const char* function, const char* name) {
  Napi::Value value = info[index];
  if (!value.IsArray()) {
    throw Napi::TypeError::New(info.Env(), ArgumentLabel(function, index, name) + " must be an array of sizes");
  }
  Napi::Array array = value.As<Napi::Array>();
  const uint32_t length = array.Length();
  Shape sizes(length);
  for (uint32_t i = 0; i < length; ++i) {
    Napi::Value element = array.Get(i);
    if (!element.IsNumber()) {
      throw Napi::TypeError::New(info.Env(), ArgumentLabel(function, index, name) + " must contain only numbers");
    }
    sizes[i] = CheckedSize(info.Env(), element.As<Napi::Number>().DoubleValue(),
                           ArgumentLabel(function, index, name) + "[" + std::to_string(i) + "]");
  }
  return sizes;
}

// Returns the element count of `shape`, throwing when the product overflows.
inline int64_t ShapeSize(Napi::Env env, const Shape& shape, const char* function) {
  int64_t size = 1;
  for (int64_t dim : shape) {
    if (dim != 0 && size > INT64_MAX / dim) {
      throw Napi::RangeError::New(env, std::string(function) + ": shape has more elements than fit in 64 bits");
    }
    size *= dim;
  }
  return size;
}

inline std::string ShapeText(const Shape& shape) {
  std::string text = "[";
  for (size_t i = 0; i < shape.size(); ++i) {
    text += (i == 0 ? "" : ",") + std::to_string(shape[i]);
  }
  return text + "]";
}

// Throws a RangeError unless `array` has exactly `expected` elements.
inline void ExpectLength(Napi::Env env, const Napi::TypedArray& array, int64_t expected, const char* function,
                         const char* name) {
  const auto actual = static_cast<int64_t>(array.ElementLength());
  if (actual != expected) {
    throw Napi::RangeError::New(env, std::string(function) + ": " + name + " has " + std::to_string(actual) +
                                         " elements; expected " + std::to_string(expected));
  }
}

// Returns the numpy broadcast of two shapes, throwing when a dimension pair is neither equal nor 1.
inline Shape BroadcastShapes(Napi::Env env, const Shape& a, const Shape& b, const char* function) {
  const size_t rank = a.size() > b.size() ? a.size() : b.size();
  Shape out(rank);
  for (size_t i = 0; i < rank; ++i) {
    const int64_t da = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
    const int64_t db = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
    if (da != db && da != 1 && db != 1) {
      throw Napi::RangeError::New(env, std::string(function) + ": shapes " + ShapeText(a) + " and " +
                                           ShapeText(b) + " cannot be broadcast together");
    }
    out[i] = da == 1 ? db : da;
  }
  return out;
}

// A broadcast iteration space with adjacent compatible dimensions merged: the innermost dimension is
// last, and each operand stride is 0 where that operand is broadcast.
struct BroadcastPlan {
  Shape dims;
  Shape aStrides;
  Shape bStrides;
};

inline BroadcastPlan PlanBroadcast(const Shape& a, const Shape& b, const Shape& out) {
  const size_t rank = out.size();
  Shape aFull(rank, 1);
  Shape bFull(rank, 1);
  for (size_t i = 0; i < a.size(); ++i) aFull[rank - a.size() + i] = a[i];
  for (size_t i = 0; i < b.size(); ++i) bFull[rank - b.size() + i] = b[i];

  // Walk from the innermost dimension outwards, dropping size-1 dimensions and merging a dimension
  // into the block inside it when both operands continue contiguously (or stay broadcast) across it.
  BroadcastPlan reversed;
  int64_t aStride = 1;
  int64_t bStride = 1;
  for (size_t k = rank; k-- > 0;) {
    const int64_t dim = out[k];
    const int64_t sa = aFull[k] == 1 ? 0 : aStride;
    const int64_t sb = bFull[k] == 1 ? 0 : bStride;
    aStride *= aFull[k];
    bStride *= bFull[k];
    if (dim == 1) continue;
    if (!reversed.dims.empty()) {
      const size_t last = reversed.dims.size() - 1;
      const int64_t inner = reversed.dims[last];
      if (reversed.aStrides[last] * inner == sa && reversed.bStrides[last] * inner == sb) {
        reversed.dims[last] *= dim;
        continue;
      }
    }
    reversed.dims.push_back(dim);
    reversed.aStrides.push_back(sa);
    reversed.bStrides.push_back(sb);
  }

  BroadcastPlan plan;
  plan.dims.assign(reversed.dims.rbegin(), reversed.dims.rend());
  plan.aStrides.assign(reversed.aStrides.rbegin(), reversed.aStrides.rend());
  plan.bStrides.assign(reversed.bStrides.rbegin(), reversed.bStrides.rend());
  if (plan.dims.empty()) {
    plan.dims.push_back(1);
    plan.aStrides.push_back(0);
    plan.bStrides.push_back(0);
  }
  return plan;
}

// Calls `row(aOffset, bOffset, outOffset, length, aStep, bStep)` for every innermost row of the plan.
// aStep and bStep are 0 or 1, so the row callback can pick a loop the compiler vectorises.
template <typename RowFunction>
inline void ForEachBroadcastRow(const BroadcastPlan& plan, RowFunction row) {
  const size_t outerRank = plan.dims.size() - 1;
  const int64_t length = plan.dims[outerRank];
  const int64_t aStep = plan.aStrides[outerRank];
  const int64_t bStep = plan.bStrides[outerRank];
  int64_t rows = 1;
  for (size_t k = 0; k < outerRank; ++k) rows *= plan.dims[k];
  if (length == 0 || rows == 0) return;

  Shape index(outerRank, 0);
  int64_t aOffset = 0;
  int64_t bOffset = 0;
  for (int64_t r = 0; r < rows; ++r) {
    row(aOffset, bOffset, r * length, length, aStep, bStep);
    // Advance the odometer over the outer dimensions, innermost first.
    for (size_t k = outerRank; k-- > 0;) {
      ++index[k];
      aOffset += plan.aStrides[k];
      bOffset += plan.bStrides[k];
      if (index[k] < plan.dims[k]) break;
      aOffset -= plan.aStrides[k] * plan.dims[k];
      bOffset -= plan.bStrides[k] * plan.dims[k];
      index[k] = 0;
    }
  }
}

}  // namespace essence::checked
