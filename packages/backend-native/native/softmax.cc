// Softmax over the innermost axis, computed the way the cpu Softmax kernel composes it: subtract the row
// maximum (NaN if the row contains a NaN), exponentiate, sum in double, divide. Each step rounds to float32
// like the cpu kernel's intermediate tensors, so results differ from it only where expf and Math.exp
// round differently (at most one unit in the last place per exponential).
#include <napi.h>

#include <cmath>
#include <cstdint>

#include "elementwise_common.h"
#include "registry.h"

namespace {

// binding.softmax(logits: Float32Array, rows, cols, out: Float32Array).
Napi::Value Softmax(const Napi::CallbackInfo& info) {
  namespace checked = essence::checked;
  constexpr const char* kName = "softmax";
  Napi::Env env = info.Env();
  checked::ExpectArgumentCount(info, 4, kName);

  Napi::Float32Array logits = checked::Float32ArrayArg(info, 0, kName, "logits");
  const int64_t rows = checked::SizeArg(info, 1, kName, "rows");
  const int64_t cols = checked::SizeArg(info, 2, kName, "cols");
  Napi::Float32Array out = checked::Float32ArrayArg(info, 3, kName, "out");
  const int64_t size = checked::ShapeSize(env, {rows, cols}, kName);
  checked::ExpectLength(env, logits, size, kName, "logits");
  checked::ExpectLength(env, out, size, kName, "out");

  if (size == 0) return env.Undefined();
  const float* x = logits.Data();
  float* y = out.Data();
  for (int64_t r = 0; r < rows; ++r) {
    const float* row = x + r * cols;
    float* outRow = y + r * cols;
    float max = row[0];
    for (int64_t j = 0; j < cols; ++j) {
      max = (row[j] != row[j] || row[j] > max) ? row[j] : max;
    }
    double sum = 0.0;
    for (int64_t j = 0; j < cols; ++j) {
      outRow[j] = std::exp(row[j] - max);
      sum += outRow[j];
    }
    const auto total = static_cast<float>(sum);
    for (int64_t j = 0; j < cols; ++j) outRow[j] /= total;
  }
  return env.Undefined();
}
ESSENCE_EXPORT("softmax", Softmax);

}  // namespace
