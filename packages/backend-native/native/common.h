// Helpers shared by every native kernel file: argument reading with validation (every failure becomes a
// JavaScript exception, never a crash), output allocation, and the thread policy.
#pragma once

#include <cblas.h>
#include <napi.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <string>
#include <thread>
#include <vector>

namespace essence {

// Throws a JavaScript TypeError carrying `message`.
[[noreturn]] inline void ThrowType(const Napi::Env& env, const std::string& message) {
  throw Napi::TypeError::New(env, message);
}

// Throws a JavaScript Error carrying `message`.
[[noreturn]] inline void ThrowError(const Napi::Env& env, const std::string& message) {
  throw Napi::Error::New(env, message);
}

// Returns a readable "[2,3,4]" rendering of a shape for error messages.
inline std::string ShapeString(const std::vector<int64_t>& shape) {
  std::string text = "[";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i > 0) text += ",";
    text += std::to_string(shape[i]);
  }
  return text + "]";
}

// Throws unless the call received at least `count` arguments; `usage` names them for the message.
inline void RequireArgCount(const Napi::CallbackInfo& info, size_t count, const char* usage) {
  if (info.Length() < count) {
    ThrowType(info.Env(), std::string("expected ") + std::to_string(count) + " arguments (" + usage +
                              "), got " + std::to_string(info.Length()));
  }
}

// Returns argument `index` as a Float32Array, or throws a TypeError naming `name`.
inline Napi::Float32Array GetFloat32Array(const Napi::CallbackInfo& info, size_t index, const char* name) {
  Napi::Value value = info[index];
  if (!value.IsTypedArray() || value.As<Napi::TypedArray>().TypedArrayType() != napi_float32_array) {
    ThrowType(info.Env(), std::string(name) + " must be a Float32Array");
  }
  return value.As<Napi::Float32Array>();
}

// Returns argument `index` as a Float32Array holding exactly `expected` elements, or throws naming `name`.
inline Napi::Float32Array GetFloat32Array(const Napi::CallbackInfo& info, size_t index, const char* name,
                                          size_t expected) {
  Napi::Float32Array array = GetFloat32Array(info, index, name);
  if (array.ElementLength() != expected) {
    ThrowError(info.Env(), std::string(name) + " has " + std::to_string(array.ElementLength()) +
                               " elements; expected " + std::to_string(expected) + " for its shape");
  }
  return array;
}

// Returns argument `index` as an integer in [min, max], or throws naming `name`.
inline int64_t GetInt(const Napi::CallbackInfo& info, size_t index, const char* name, int64_t min = 0,
                      int64_t max = std::numeric_limits<int32_t>::max()) {
  Napi::Value value = info[index];
  if (!value.IsNumber()) ThrowType(info.Env(), std::string(name) + " must be a number");
  double number = value.As<Napi::Number>().DoubleValue();
  if (!(number >= static_cast<double>(min) && number <= static_cast<double>(max)) ||
      number != static_cast<double>(static_cast<int64_t>(number))) {
    ThrowError(info.Env(), std::string(name) + " must be an integer in [" + std::to_string(min) + ", " +
                               std::to_string(max) + "], got " + value.ToString().Utf8Value());
  }
  return static_cast<int64_t>(number);
}

// Returns argument `index` as a double, or throws naming `name`.
inline double GetNumber(const Napi::CallbackInfo& info, size_t index, const char* name) {
  Napi::Value value = info[index];
  if (!value.IsNumber()) ThrowType(info.Env(), std::string(name) + " must be a number");
  return value.As<Napi::Number>().DoubleValue();
}

// Returns argument `index` as a boolean, or throws naming `name`.
inline bool GetBool(const Napi::CallbackInfo& info, size_t index, const char* name) {
  Napi::Value value = info[index];
  if (!value.IsBoolean()) ThrowType(info.Env(), std::string(name) + " must be a boolean");
  return value.As<Napi::Boolean>().Value();
}

// Returns argument `index` as an array of non-negative integers (a shape), or throws naming `name`.
inline std::vector<int64_t> GetShape(const Napi::CallbackInfo& info, size_t index, const char* name) {
  Napi::Value value = info[index];
  if (!value.IsArray()) ThrowType(info.Env(), std::string(name) + " must be an array of integers");
  Napi::Array array = value.As<Napi::Array>();
  std::vector<int64_t> shape(array.Length());
  for (uint32_t i = 0; i < array.Length(); ++i) {
    Napi::Value item = array.Get(i);
    double number = item.IsNumber() ? item.As<Napi::Number>().DoubleValue() : -1.0;
    if (!(number >= 0 && number <= static_cast<double>(std::numeric_limits<int32_t>::max())) ||
        number != static_cast<double>(static_cast<int64_t>(number))) {
      ThrowError(info.Env(), std::string(name) + "[" + std::to_string(i) +
                                 "] must be a non-negative integer, got " + item.ToString().Utf8Value());
    }
    shape[i] = static_cast<int64_t>(number);
  }
  return shape;
}

// Returns the element count of `shape`, throwing when it would overflow a 32-bit typed-array length.
inline size_t ShapeSize(const Napi::Env& env, const std::vector<int64_t>& shape) {
  int64_t size = 1;
  for (int64_t dim : shape) {
    if (dim != 0 && size > std::numeric_limits<int32_t>::max() / dim) {
      ThrowError(env, "shape " + ShapeString(shape) + " has more than 2^31 elements");
    }
    size *= dim;
  }
  return static_cast<size_t>(size);
}

// Allocates a zero-filled Float32Array of `length` elements owned by JavaScript.
inline Napi::Float32Array NewFloat32Array(const Napi::Env& env, size_t length) {
  return Napi::Float32Array::New(env, length);
}

// Returns the array a kernel writes its result into: argument `index` when the caller passed a Float32Array there
// (the backend passes recycled storage). That array must hold exactly `length` elements and share no memory with
// an input, and the kernel overwrites all of them. Without the argument (missing, undefined or null) the result is
// a new zero-filled Float32Array.
inline Napi::Float32Array OutputArray(const Napi::CallbackInfo& info, size_t index, size_t length) {
  if (info.Length() <= index || info[index].IsUndefined() || info[index].IsNull()) {
    return NewFloat32Array(info.Env(), length);
  }
  return GetFloat32Array(info, index, "out", length);
}

// Returns true when argument `index` is a caller-provided output array (see OutputArray).
inline bool HasOutputArgument(const Napi::CallbackInfo& info, size_t index) {
  return info.Length() > index && !info[index].IsUndefined() && !info[index].IsNull();
}

// Returns the thread cap: ESSENCE_NATIVE_THREADS when set to a positive integer, else the core count.
inline int MaxThreads() {
  static const int cap = [] {
    const char* text = std::getenv("ESSENCE_NATIVE_THREADS");
    if (text != nullptr) {
      int requested = std::atoi(text);
      if (requested > 0) return std::min(requested, 64);
    }
    unsigned cores = std::thread::hardware_concurrency();
    return cores == 0 ? 1 : static_cast<int>(std::min(cores, 64u));
  }();
  return cap;
}

// Returns true when ESSENCE_NATIVE_THREADS pins the thread count, so per-call heuristics must not apply.
inline bool ThreadsPinned() {
  static const bool pinned = [] {
    const char* text = std::getenv("ESSENCE_NATIVE_THREADS");
    return text != nullptr && std::atoi(text) > 0;
  }();
  return pinned;
}

// Returns the live thread limit, which starts at MaxThreads(). binding.setThreadLimit changes it at run time,
// so tests and benchmarks can compare thread counts in one process.
inline std::atomic<int>& ThreadLimit() {
  static std::atomic<int> limit{MaxThreads()};
  return limit;
}

// OpenBLAS thread policy: one thread unless the GEMM has at least 1e8 multiply-adds and an output of at least
// 256 x 256. On a 2-core x86-64 VM shared with other builds (scripts/bench-threads.mjs and
// scripts/bench-training.mjs, numbers in README.md), two threads ran tall-skinny im2col GEMMs up to 45% slower,
// gave 0.75-1.5x on the MLP's largest GEMMs, and a 784-512-256-10 MLP trained fastest on one thread.
// Convolutions split their work across the addon's own workers instead (convolution.cc), with one OpenBLAS
// thread per worker.
// NOTE: measured on one contended machine; on an idle machine with more cores a lower threshold may pay off, and
// ESSENCE_NATIVE_THREADS overrides the policy.
constexpr double kBlasParallelWork = 1.0e8;
constexpr int kBlasParallelMinDim = 256;

// Minimum multiply-adds (output rows * patch size * output channels) for splitting a convolution across the
// worker pool. On the same VM, with its second core idle, two threads ran the three passes of a 2x16x16x16 ->
// 3x3x16 convolution (1.2e6 multiply-adds, 36-48 us on one thread) 1.3-1.7x as fast as one, and those of a 3e5
// one between 0.7x and 1.4x as fast.
constexpr double kConvParallelWork = 1.0e6;

// Sets the OpenBLAS thread count, skipping the library call when it is unchanged. Call it only from the
// JavaScript thread, never from a worker task.
inline void SetBlasThreadCount(int wanted) {
  static int current = -1;
  if (wanted != current) {
    openblas_set_num_threads(wanted);
    current = wanted;
  }
}

// Sets the OpenBLAS thread count for an M x N x K GEMM: the thread limit when the policy above allows, else 1.
inline void SetBlasThreads(int m, int n, int k) {
  double work = static_cast<double>(m) * n * k;
  bool parallel = work >= kBlasParallelWork && std::min(m, n) >= kBlasParallelMinDim;
  SetBlasThreadCount(ThreadsPinned() || parallel ? ThreadLimit().load() : 1);
}

// Computes C = alpha * op(A) * op(B) + beta * C for row-major operands with the OpenBLAS thread count already
// set. M or N of zero returns at once, and K of zero only scales C by beta (0 clears it, even NaN). Worker
// tasks call it after the JavaScript thread set one OpenBLAS thread, and OpenBLAS 0.3 then computes on the
// calling thread, so concurrent calls on distinct outputs are safe.
inline void SgemmOnCurrentThreads(bool transposeA, bool transposeB, int m, int n, int k, float alpha,
                                  const float* a, int lda, const float* b, int ldb, float beta, float* c,
                                  int ldc) {
  if (m == 0 || n == 0) return;
  if (k == 0) {
    for (int i = 0; i < m; ++i) {
      float* row = c + static_cast<size_t>(i) * ldc;
      for (int j = 0; j < n; ++j) row[j] = beta == 0.0f ? 0.0f : row[j] * beta;
    }
    return;
  }
  cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans, m,
              n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

// Computes C = alpha * op(A) * op(B) + beta * C like SgemmOnCurrentThreads, with the thread count SetBlasThreads
// picks. Call it only from the JavaScript thread.
inline void Sgemm(bool transposeA, bool transposeB, int m, int n, int k, float alpha, const float* a, int lda,
                  const float* b, int ldb, float beta, float* c, int ldc) {
  if (m > 0 && n > 0 && k > 0) SetBlasThreads(m, n, k);
  SgemmOnCurrentThreads(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

// Activation fused after a GEMM; names match tfjs's backend_util.Activation.
enum class Activation { kLinear, kRelu, kRelu6, kElu, kSigmoid, kLeakyRelu, kPrelu };

// Returns the Activation named `name`, or throws naming the accepted names.
inline Activation ParseActivation(const Napi::Env& env, const std::string& name) {
  if (name == "linear") return Activation::kLinear;
  if (name == "relu") return Activation::kRelu;
  if (name == "relu6") return Activation::kRelu6;
  if (name == "elu") return Activation::kElu;
  if (name == "sigmoid") return Activation::kSigmoid;
  if (name == "leakyrelu") return Activation::kLeakyRelu;
  if (name == "prelu") return Activation::kPrelu;
  ThrowError(env, "unknown fused activation '" + name +
                      "'; expected linear, relu, relu6, elu, sigmoid, leakyrelu or prelu");
}

// Bias and activation applied to every row of a GEMM result: `bias` and `prelu` hold 1 value or one per column
// (an empty array means absent).
struct Epilogue {
  Napi::Float32Array bias;
  Activation activation = Activation::kLinear;
  float leakyreluAlpha = 0.2f;
  Napi::Float32Array prelu;
};

// Returns argument `index` as an optional vector of 1 or `columns` floats; null or undefined means absent.
inline Napi::Float32Array GetRowVector(const Napi::CallbackInfo& info, size_t index, const char* name,
                                       size_t columns) {
  if (info[index].IsNull() || info[index].IsUndefined()) return Napi::Float32Array();
  Napi::Float32Array vector = GetFloat32Array(info, index, name);
  if (vector.ElementLength() != 1 && vector.ElementLength() != columns) {
    ThrowError(info.Env(), std::string(name) + " has " + std::to_string(vector.ElementLength()) +
                               " elements; expected 1 or the output's last dimension " + std::to_string(columns));
  }
  return vector;
}

// Reads (bias, activation, leakyreluAlpha, preluWeights) starting at argument `index`.
inline Epilogue GetEpilogue(const Napi::CallbackInfo& info, size_t index, size_t columns) {
  Napi::Env env = info.Env();
  Epilogue epilogue;
  epilogue.bias = GetRowVector(info, index, "bias", columns);
  if (!info[index + 1].IsString()) ThrowType(env, "activation must be a string");
  epilogue.activation = ParseActivation(env, info[index + 1].As<Napi::String>().Utf8Value());
  epilogue.leakyreluAlpha = static_cast<float>(GetNumber(info, index + 2, "leakyreluAlpha"));
  epilogue.prelu = GetRowVector(info, index + 3, "preluWeights", columns);
  if (epilogue.activation == Activation::kPrelu && epilogue.prelu.IsEmpty()) {
    ThrowError(env, "activation 'prelu' needs preluWeights; got null");
  }
  return epilogue;
}

// Adds the bias to each of `rows` rows of `columns` values and applies the activation in place. Comparisons are
// written so NaN passes through unchanged, as in the cpu backend (Math.max(0, NaN) is NaN). Worker tasks may
// call it: the node-addon-api accessors it uses (IsEmpty, ElementLength, Data) only read cached fields.
inline void ApplyEpilogue(const Epilogue& epilogue, float* out, size_t rows, size_t columns) {
  const float* bias = epilogue.bias.IsEmpty() ? nullptr : epilogue.bias.Data();
  size_t biasStep = !epilogue.bias.IsEmpty() && epilogue.bias.ElementLength() != 1 ? 1 : 0;
  const float* slopes = epilogue.prelu.IsEmpty() ? nullptr : epilogue.prelu.Data();
  size_t slopeStep = !epilogue.prelu.IsEmpty() && epilogue.prelu.ElementLength() != 1 ? 1 : 0;
  float alpha = epilogue.leakyreluAlpha;

  for (size_t i = 0; i < rows; ++i) {
    float* row = out + i * columns;
    if (bias != nullptr) {
      for (size_t j = 0; j < columns; ++j) row[j] += bias[j * biasStep];
    }
    switch (epilogue.activation) {
      case Activation::kLinear:
        break;
      case Activation::kRelu:
        for (size_t j = 0; j < columns; ++j) row[j] = row[j] <= 0.0f ? 0.0f : row[j];
        break;
      case Activation::kRelu6:
        for (size_t j = 0; j < columns; ++j) row[j] = row[j] <= 0.0f ? 0.0f : (row[j] > 6.0f ? 6.0f : row[j]);
        break;
      case Activation::kElu:
        for (size_t j = 0; j < columns; ++j) row[j] = row[j] >= 0.0f ? row[j] : std::expm1(row[j]);
        break;
      case Activation::kSigmoid:
        for (size_t j = 0; j < columns; ++j) row[j] = 1.0f / (1.0f + std::exp(-row[j]));
        break;
      case Activation::kLeakyRelu:
        for (size_t j = 0; j < columns; ++j) row[j] = row[j] < 0.0f ? alpha * row[j] : row[j];
        break;
      case Activation::kPrelu:
        for (size_t j = 0; j < columns; ++j) row[j] = row[j] < 0.0f ? slopes[j * slopeStep] * row[j] : row[j];
        break;
    }
  }
}

}  // namespace essence
