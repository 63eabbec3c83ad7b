// Binary elementwise kernels with numpy broadcasting (arithmetic, comparisons, Prelu), Select and AddN.
// Every op reproduces the tfjs cpu kernel's result for float32 inputs, including NaN and infinity cases.
// The cpu kernels compute in double and round once to float32. For + - * / that equals float32
// arithmetic, because each is a single correctly rounded operation, while Pow and SquaredDifference are
// computed in double here. Maximum(-0, +0) may return -0 where Math.max returns +0.
#include <napi.h>

#include <cmath>
#include <cstdint>
#include <limits>

#include "elementwise_common.h"
#include "registry.h"

namespace {

using essence::checked::BroadcastPlan;
using essence::checked::Shape;

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

struct AddOp {
  static float Apply(float a, float b) { return a + b; }
};
struct SubOp {
  static float Apply(float a, float b) { return a - b; }
};
struct MulOp {
  static float Apply(float a, float b) { return a * b; }
};
struct DivOp {
  static float Apply(float a, float b) { return a / b; }
};
// Math.max and Math.min return NaN when either operand is NaN, unlike a bare comparison.
struct MaximumOp {
  static float Apply(float a, float b) { return (a != a || b != b) ? kNaN : (a > b ? a : b); }
};
struct MinimumOp {
  static float Apply(float a, float b) { return (a != a || b != b) ? kNaN : (a < b ? a : b); }
};
struct SquaredDifferenceOp {
  static float Apply(float a, float b) {
    const double diff = static_cast<double>(a) - static_cast<double>(b);
    return static_cast<float>(diff * diff);
  }
};
// Math.pow differs from C pow in two cases: a NaN exponent always gives NaN (C gives pow(1, NaN) = 1),
// and a base of +-1 with an infinite exponent gives NaN (C gives 1).
struct PowOp {
  static float Apply(float a, float b) {
    if (b != b) return kNaN;
    if (std::isinf(b) && std::fabs(a) == 1.0f) return kNaN;
    return static_cast<float>(std::pow(static_cast<double>(a), static_cast<double>(b)));
  }
};
struct PreluOp {
  static float Apply(float x, float alpha) { return x < 0 ? alpha * x : x; }
};

struct GreaterOp {
  static uint8_t Apply(float a, float b) { return a > b ? 1 : 0; }
};
struct GreaterEqualOp {
  static uint8_t Apply(float a, float b) { return a >= b ? 1 : 0; }
};
struct LessOp {
  static uint8_t Apply(float a, float b) { return a < b ? 1 : 0; }
};
struct LessEqualOp {
  static uint8_t Apply(float a, float b) { return a <= b ? 1 : 0; }
};
struct EqualOp {
  static uint8_t Apply(float a, float b) { return a == b ? 1 : 0; }
};
struct NotEqualOp {
  static uint8_t Apply(float a, float b) { return a != b ? 1 : 0; }
};

// Runs one innermost row; the three branches give the compiler stride-free loops to vectorise.
template <typename Op, typename Out>
inline void ApplyRow(const float* a, const float* b, Out* out, int64_t length, int64_t aStep, int64_t bStep) {
  if (aStep == 1 && bStep == 1) {
    for (int64_t i = 0; i < length; ++i) out[i] = Op::Apply(a[i], b[i]);
  } else if (aStep == 0 && bStep == 1) {
    const float scalar = a[0];
    for (int64_t i = 0; i < length; ++i) out[i] = Op::Apply(scalar, b[i]);
  } else if (aStep == 1 && bStep == 0) {
    const float scalar = b[0];
    for (int64_t i = 0; i < length; ++i) out[i] = Op::Apply(a[i], scalar);
  } else {
    const Out value = Op::Apply(a[0], b[0]);
    for (int64_t i = 0; i < length; ++i) out[i] = value;
  }
}

// binding.<op>(a: Float32Array, aShape: number[], b: Float32Array, bShape: number[], out): writes the
// broadcast result into `out`, a Float32Array for arithmetic ops or a Uint8Array for comparisons.
template <typename Op, const char* kName>
Napi::Value BinaryKernel(const Napi::CallbackInfo& info) {
  using Out = decltype(Op::Apply(0.0f, 0.0f));
  namespace checked = essence::checked;
  Napi::Env env = info.Env();
  checked::ExpectArgumentCount(info, 5, kName);

  Napi::Float32Array a = checked::Float32ArrayArg(info, 0, kName, "a");
  Shape aShape = checked::SizeListArg(info, 1, kName, "aShape");
  Napi::Float32Array b = checked::Float32ArrayArg(info, 2, kName, "b");
  Shape bShape = checked::SizeListArg(info, 3, kName, "bShape");
  checked::ExpectLength(env, a, checked::ShapeSize(env, aShape, kName), kName, "a");
  checked::ExpectLength(env, b, checked::ShapeSize(env, bShape, kName), kName, "b");
  Shape outShape = checked::BroadcastShapes(env, aShape, bShape, kName);

  Out* out = nullptr;
  if constexpr (sizeof(Out) == 1) {
    Napi::Uint8Array outArray = checked::Uint8ArrayArg(info, 4, kName, "out");
    checked::ExpectLength(env, outArray, checked::ShapeSize(env, outShape, kName), kName, "out");
    out = outArray.Data();
  } else {
    Napi::Float32Array outArray = checked::Float32ArrayArg(info, 4, kName, "out");
    checked::ExpectLength(env, outArray, checked::ShapeSize(env, outShape, kName), kName, "out");
    out = outArray.Data();
  }

  const float* aData = a.Data();
  const float* bData = b.Data();
  BroadcastPlan plan = checked::PlanBroadcast(aShape, bShape, outShape);
  checked::ForEachBroadcastRow(plan, [&](int64_t aOffset, int64_t bOffset, int64_t outOffset, int64_t length,
                                         int64_t aStep, int64_t bStep) {
    ApplyRow<Op>(aData + aOffset, bData + bOffset, out + outOffset, length, aStep, bStep);
  });
  return env.Undefined();
}

#define ESSENCE_BINARY(exportName, function, Op)                                               \
  constexpr char function##Name[] = exportName;                                                \
  Napi::Value function(const Napi::CallbackInfo& info) { return BinaryKernel<Op, function##Name>(info); } \
  ESSENCE_EXPORT(exportName, function)

ESSENCE_BINARY("add", Add, AddOp);
ESSENCE_BINARY("sub", Sub, SubOp);
ESSENCE_BINARY("mul", Mul, MulOp);
ESSENCE_BINARY("div", Div, DivOp);
ESSENCE_BINARY("maximum", Maximum, MaximumOp);
ESSENCE_BINARY("minimum", Minimum, MinimumOp);
ESSENCE_BINARY("squaredDifference", SquaredDifference, SquaredDifferenceOp);
ESSENCE_BINARY("pow", Pow, PowOp);
ESSENCE_BINARY("prelu", Prelu, PreluOp);
ESSENCE_BINARY("greater", Greater, GreaterOp);
ESSENCE_BINARY("greaterEqual", GreaterEqual, GreaterEqualOp);
ESSENCE_BINARY("less", Less, LessOp);
ESSENCE_BINARY("lessEqual", LessEqual, LessEqualOp);
ESSENCE_BINARY("equal", Equal, EqualOp);
ESSENCE_BINARY("notEqual", NotEqual, NotEqualOp);

// binding.select(condition: Uint8Array, t: Float32Array, e: Float32Array, out: Float32Array, rowSize):
// out[i * rowSize + j] = condition[i] === 1 ? t[...] : e[...], as the cpu Select kernel does when a
// rank-1 condition picks whole rows of a higher-rank t (rowSize 1 is the elementwise case).
Napi::Value Select(const Napi::CallbackInfo& info) {
  namespace checked = essence::checked;
  constexpr const char* kName = "select";
  Napi::Env env = info.Env();
  checked::ExpectArgumentCount(info, 5, kName);

  Napi::Uint8Array condition = checked::Uint8ArrayArg(info, 0, kName, "condition");
  Napi::Float32Array t = checked::Float32ArrayArg(info, 1, kName, "t");
  Napi::Float32Array e = checked::Float32ArrayArg(info, 2, kName, "e");
  Napi::Float32Array out = checked::Float32ArrayArg(info, 3, kName, "out");
  const int64_t rowSize = checked::SizeArg(info, 4, kName, "rowSize");
  const auto rows = static_cast<int64_t>(condition.ElementLength());
  if (rowSize != 0 && rows > INT64_MAX / rowSize) {
    throw Napi::RangeError::New(env, "select: rowSize is too large");
  }
  checked::ExpectLength(env, t, rows * rowSize, kName, "t");
  checked::ExpectLength(env, e, rows * rowSize, kName, "e");
  checked::ExpectLength(env, out, rows * rowSize, kName, "out");

  const uint8_t* c = condition.Data();
  const float* tData = t.Data();
  const float* eData = e.Data();
  float* outData = out.Data();
  for (int64_t i = 0; i < rows; ++i) {
    const float* source = c[i] == 1 ? tData : eData;
    for (int64_t j = i * rowSize; j < (i + 1) * rowSize; ++j) outData[j] = source[j];
  }
  return env.Undefined();
}
ESSENCE_EXPORT("select", Select);

// binding.addN(inputs: Float32Array[], out: Float32Array): sums same-sized arrays in input order.
Napi::Value AddN(const Napi::CallbackInfo& info) {
  namespace checked = essence::checked;
  constexpr const char* kName = "addN";
  Napi::Env env = info.Env();
  checked::ExpectArgumentCount(info, 2, kName);

  if (!info[0].IsArray()) {
    throw Napi::TypeError::New(env, "addN: argument 0 (inputs) must be an array of Float32Array");
  }
  Napi::Array inputs = info[0].As<Napi::Array>();
  Napi::Float32Array out = checked::Float32ArrayArg(info, 1, kName, "out");
  const size_t size = out.ElementLength();
  std::vector<const float*> sources;
  for (uint32_t k = 0; k < inputs.Length(); ++k) {
    Napi::Value element = inputs.Get(k);
    if (!element.IsTypedArray() || element.As<Napi::TypedArray>().TypedArrayType() != napi_float32_array) {
      throw Napi::TypeError::New(env, "addN: inputs[" + std::to_string(k) + "] must be a Float32Array");
    }
    Napi::Float32Array input = element.As<Napi::Float32Array>();
    if (input.ElementLength() != size) {
      throw Napi::RangeError::New(env, "addN: inputs[" + std::to_string(k) + "] has " +
                                           std::to_string(input.ElementLength()) + " elements; expected " +
                                           std::to_string(size));
    }
    sources.push_back(input.Data());
  }

  float* outData = out.Data();
  for (size_t i = 0; i < size; ++i) outData[i] = 0.0f;
  for (const float* source : sources) {
    for (size_t i = 0; i < size; ++i) outData[i] += source[i];
  }
  return env.Undefined();
}
ESSENCE_EXPORT("addN", AddN);

}  // namespace
