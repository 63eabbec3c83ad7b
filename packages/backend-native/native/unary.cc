// Unary elementwise kernels (activations, math functions) and the same-shape gradient kernels EluGrad.
// Each op matches the tfjs cpu kernel for float32 input: NaN propagates wherever Math.* propagates it,
// and the ops where the cpu kernel's double arithmetic rounds differently from float32 arithmetic (Elu,
// Rsqrt, Softplus, LeakyRelu, EluGrad) are computed in double here too. Exp, Log, Tanh and Sigmoid use
// the float32 libm functions, which may differ from the cpu result in the last bit.
#include <napi.h>

#include <cmath>
#include <cstdint>
#include <limits>

#include "elementwise_common.h"
#include "registry.h"

namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

struct ReluOp {
  static float Apply(float x) { return x != x ? kNaN : (x > 0.0f ? x : 0.0f); }
};
struct Relu6Op {
  static float Apply(float x) { return x != x ? kNaN : (x > 6.0f ? 6.0f : (x > 0.0f ? x : 0.0f)); }
};
struct EluOp {
  static float Apply(float x) { return x >= 0.0f ? x : static_cast<float>(std::exp(static_cast<double>(x)) - 1.0); }
};
struct SigmoidOp {
  static float Apply(float x) { return 1.0f / (1.0f + std::exp(-x)); }
};
struct TanhOp {
  static float Apply(float x) { return std::tanh(x); }
};
struct ExpOp {
  static float Apply(float x) { return std::exp(x); }
};
struct LogOp {
  static float Apply(float x) { return std::log(x); }
};
struct Log1pOp {
  static float Apply(float x) { return std::log1p(x); }
};
struct NegOp {
  static float Apply(float x) { return -x; }
};
struct SqrtOp {
  static float Apply(float x) { return std::sqrt(x); }
};
struct RsqrtOp {
  static float Apply(float x) { return static_cast<float>(1.0 / std::sqrt(static_cast<double>(x))); }
};
struct SquareOp {
  static float Apply(float x) { return x * x; }
};
struct AbsOp {
  static float Apply(float x) { return std::fabs(x); }
};
struct ReciprocalOp {
  static float Apply(float x) { return 1.0f / x; }
};
struct FloorOp {
  static float Apply(float x) { return std::floor(x); }
};
// Mirrors the cpu kernel: exp(x) below log(float32 epsilon) + 2, x above its negation, else log(1 + exp(x)).
struct SoftplusOp {
  static float Apply(float x) {
    const double threshold = std::log(1.1920928955078125e-7) + 2.0;
    const double value = static_cast<double>(x);
    if (value < threshold) return static_cast<float>(std::exp(value));
    if (value > -threshold) return x;
    return static_cast<float>(std::log(1.0 + std::exp(value)));
  }
};

// binding.<op>(x: Float32Array, out: Float32Array): writes op(x[i]) into out[i].
template <typename Op, const char* kName>
Napi::Value UnaryKernel(const Napi::CallbackInfo& info) {
  namespace checked = essence::checked;
  Napi::Env env = info.Env();
  checked::ExpectArgumentCount(info, 2, kName);

  Napi::Float32Array x = checked::Float32ArrayArg(info, 0, kName, "x");
  Napi::Float32Array out = checked::Float32ArrayArg(info, 1, kName, "out");
  const auto size = static_cast<int64_t>(x.ElementLength());
  checked::ExpectLength(env, out, size, kName, "out");

  const float* xData = x.Data();
  float* outData = out.Data();
  for (int64_t i = 0; i < size; ++i) outData[i] = Op::Apply(xData[i]);
  return env.Undefined();
}

#define ESSENCE_UNARY(exportName, function, Op)                                                           \
  constexpr char function##Name[] = exportName;                                                           \
  Napi::Value function(const Napi::CallbackInfo& info) { return UnaryKernel<Op, function##Name>(info); } \
  ESSENCE_EXPORT(exportName, function)

ESSENCE_UNARY("relu", Relu, ReluOp);
ESSENCE_UNARY("relu6", Relu6, Relu6Op);
ESSENCE_UNARY("elu", Elu, EluOp);
ESSENCE_UNARY("sigmoid", Sigmoid, SigmoidOp);
ESSENCE_UNARY("tanh", Tanh, TanhOp);
ESSENCE_UNARY("exp", Exp, ExpOp);
ESSENCE_UNARY("log", Log, LogOp);
ESSENCE_UNARY("log1p", Log1p, Log1pOp);
ESSENCE_UNARY("neg", Neg, NegOp);
ESSENCE_UNARY("sqrt", Sqrt, SqrtOp);
ESSENCE_UNARY("rsqrt", Rsqrt, RsqrtOp);
ESSENCE_UNARY("square", Square, SquareOp);
ESSENCE_UNARY("abs", Abs, AbsOp);
ESSENCE_UNARY("reciprocal", Reciprocal, ReciprocalOp);
ESSENCE_UNARY("floor", Floor, FloorOp);
ESSENCE_UNARY("softplus", Softplus, SoftplusOp);

// Reads (x, out) for the unary kernels that take scalar attributes after them.
struct UnaryOperands {
  const float* x;
  float* out;
  int64_t size;
};

UnaryOperands ReadUnaryOperands(const Napi::CallbackInfo& info, size_t argumentCount, const char* function) {
  namespace checked = essence::checked;
  checked::ExpectArgumentCount(info, argumentCount, function);
  Napi::Float32Array x = checked::Float32ArrayArg(info, 0, function, "x");
  Napi::Float32Array out = checked::Float32ArrayArg(info, 1, function, "out");
  const auto size = static_cast<int64_t>(x.ElementLength());
  checked::ExpectLength(info.Env(), out, size, function, "out");
  return {x.Data(), out.Data(), size};
}

// binding.leakyRelu(x, out, alpha): x < 0 ? alpha * x : x.
Napi::Value LeakyRelu(const Napi::CallbackInfo& info) {
  UnaryOperands operands = ReadUnaryOperands(info, 3, "leakyRelu");
  const double alpha = essence::checked::NumberArg(info, 2, "leakyRelu", "alpha");
  for (int64_t i = 0; i < operands.size; ++i) {
    const float x = operands.x[i];
    operands.out[i] = x < 0.0f ? static_cast<float>(alpha * x) : x;
  }
  return info.Env().Undefined();
}
ESSENCE_EXPORT("leakyRelu", LeakyRelu);

// binding.step(x, out, alpha): NaN stays NaN, x > 0 gives 1, anything else gives alpha.
Napi::Value Step(const Napi::CallbackInfo& info) {
  UnaryOperands operands = ReadUnaryOperands(info, 3, "step");
  const auto alpha = static_cast<float>(essence::checked::NumberArg(info, 2, "step", "alpha"));
  for (int64_t i = 0; i < operands.size; ++i) {
    const float x = operands.x[i];
    operands.out[i] = x != x ? kNaN : (x > 0.0f ? 1.0f : alpha);
  }
  return info.Env().Undefined();
}
ESSENCE_EXPORT("step", Step);

// binding.clipByValue(x, out, min, max): NaN passes through, as in the cpu kernel.
Napi::Value ClipByValue(const Napi::CallbackInfo& info) {
  UnaryOperands operands = ReadUnaryOperands(info, 4, "clipByValue");
  const double min = essence::checked::NumberArg(info, 2, "clipByValue", "min");
  const double max = essence::checked::NumberArg(info, 3, "clipByValue", "max");
  const auto minValue = static_cast<float>(min);
  const auto maxValue = static_cast<float>(max);
  for (int64_t i = 0; i < operands.size; ++i) {
    const double x = operands.x[i];
    operands.out[i] = x > max ? maxValue : (x < min ? minValue : static_cast<float>(x));
  }
  return info.Env().Undefined();
}
ESSENCE_EXPORT("clipByValue", ClipByValue);

// binding.eluGrad(dy, y, out): dy where y >= 0, else dy * (y + 1), with y the Elu output.
Napi::Value EluGrad(const Napi::CallbackInfo& info) {
  namespace checked = essence::checked;
  constexpr const char* kName = "eluGrad";
  Napi::Env env = info.Env();
  checked::ExpectArgumentCount(info, 3, kName);

  Napi::Float32Array dy = checked::Float32ArrayArg(info, 0, kName, "dy");
  Napi::Float32Array y = checked::Float32ArrayArg(info, 1, kName, "y");
  Napi::Float32Array out = checked::Float32ArrayArg(info, 2, kName, "out");
  const auto size = static_cast<int64_t>(y.ElementLength());
  checked::ExpectLength(env, dy, size, kName, "dy");
  checked::ExpectLength(env, out, size, kName, "out");

  const float* dyData = dy.Data();
  const float* yData = y.Data();
  float* outData = out.Data();
  for (int64_t i = 0; i < size; ++i) {
    const float v = yData[i];
    outData[i] = v >= 0.0f ? dyData[i] : static_cast<float>(dyData[i] * (static_cast<double>(v) + 1.0));
  }
  return env.Undefined();
}
ESSENCE_EXPORT("eluGrad", EluGrad);

}  // namespace
