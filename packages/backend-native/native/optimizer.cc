// Fused optimizer updates: one call updates a variable and its optimizer state element by element, so a
// training step allocates no intermediate tensors. The arithmetic repeats the tfjs AdamOptimizer and
// MomentumOptimizer graphs operation by operation in float32. Each tfjs op rounds its result to float32,
// and so does each statement here, so trajectories equal tfjs's bit for bit.
//
// Inputs and outputs may be the same arrays (in-place update) or different ones (copy-on-write when the
// caller shares the inputs). Different inputs are first copied into their outputs, and every update then
// runs in place on the outputs, which lets the compiler vectorise the loops without runtime alias checks.
//
// The loops stay on one thread. An Adam step over 401,408 floats (a 784x512 kernel) moves about 11 MB and
// is bound by memory bandwidth: it took about 0.45 ms on one core of the 2-core build machine, and 2
// threads measured no faster there.
//
// NOTE: the bit-for-bit match relies on the compiler not contracting a * b + c into a fused multiply-add.
// x86-64-v2 has no FMA instructions, and a build for a newer target needs -ffp-contract=off.
#include <napi.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "elementwise_common.h"
#include "registry.h"

namespace {

namespace checked = essence::checked;

// Reads argument `index` as a Float32Array of exactly `size` elements.
Napi::Float32Array SizedArg(const Napi::CallbackInfo& info, size_t index, const char* function, const char* name,
                            int64_t size) {
  Napi::Float32Array array = checked::Float32ArrayArg(info, index, function, name);
  checked::ExpectLength(info.Env(), array, size, function, name);
  return array;
}

bool Overlaps(const float* a, const float* b, int64_t size) { return size > 0 && a < b + size && b < a + size; }

// Prepares in-place updates of `outputs`: throws unless the outputs are pairwise disjoint and each input is
// its own output or disjoint from every output, then copies each input into its output when they differ.
void PrepareOutputs(Napi::Env env, const char* function, const std::vector<const float*>& inputs,
                    const std::vector<float*>& outputs, int64_t size) {
  for (size_t i = 0; i < outputs.size(); ++i) {
    for (size_t j = i + 1; j < outputs.size(); ++j) {
      if (Overlaps(outputs[i], outputs[j], size)) {
        throw Napi::RangeError::New(env, std::string(function) + ": output arrays must not share memory");
      }
    }
  }
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (inputs[i] == outputs[i]) continue;
    for (float* output : outputs) {
      if (Overlaps(inputs[i], output, size)) {
        throw Napi::RangeError::New(env, std::string(function) +
                                             ": an input array shares memory with an output other than its own");
      }
    }
    if (size > 0) std::memcpy(outputs[i], inputs[i], static_cast<size_t>(size) * sizeof(float));
  }
}

// Returns the gradient, or a copy of it when it shares memory with an output, so the __restrict promise of
// the update loops holds.
const float* SeparateGradient(const float* gradient, const std::vector<float*>& outputs, int64_t size,
                              std::vector<float>& copy) {
  for (float* output : outputs) {
    if (Overlaps(gradient, output, size)) {
      copy.assign(gradient, gradient + size);
      return copy.data();
    }
  }
  return gradient;
}

// Float32 constants of one Adam step, each rounded as tfjs rounds its scalar tensors.
struct AdamConstants {
  float beta1, oneMinusBeta1, beta2, oneMinusBeta2, oneMinusAccBeta1, oneMinusAccBeta2, epsilon, negativeRate,
      decayFactor;
};

// One statement per tfjs op, so each intermediate rounds to float32 exactly as the tfjs graph does.
void AdamLoop(float* __restrict x, float* __restrict m, float* __restrict v, const float* __restrict g, int64_t size,
              const AdamConstants c) {
  for (int64_t i = 0; i < size; ++i) {
    const float firstMoment = m[i] * c.beta1 + g[i] * c.oneMinusBeta1;
    const float squared = g[i] * g[i];
    const float secondMoment = v[i] * c.beta2 + squared * c.oneMinusBeta2;
    const float corrected1 = firstMoment / c.oneMinusAccBeta1;
    const float corrected2 = secondMoment / c.oneMinusAccBeta2;
    const float denominator = std::sqrt(corrected2) + c.epsilon;
    const float step = (corrected1 / denominator) * c.negativeRate;
    const float decayed = x[i] * c.decayFactor;
    m[i] = firstMoment;
    v[i] = secondMoment;
    x[i] = step + decayed;
  }
}

// binding.adamUpdate(value, m, v, gradient, valueOut, mOut, vOut, beta1, beta2, oneMinusAccBeta1,
// oneMinusAccBeta2, epsilon, learningRate, decayFactor). oneMinusAccBeta* are the float32 values of
// 1 - beta^t that tfjs keeps in its accBeta variables. decayFactor multiplies the value before the Adam
// step: 1 - learningRate * weightDecay for AdamW, exactly 1 for Adam.
Napi::Value AdamUpdate(const Napi::CallbackInfo& info) {
  constexpr const char* kName = "adamUpdate";
  checked::ExpectArgumentCount(info, 14, kName);
  Napi::Float32Array value = checked::Float32ArrayArg(info, 0, kName, "value");
  const auto size = static_cast<int64_t>(value.ElementLength());
  Napi::Float32Array m = SizedArg(info, 1, kName, "m", size);
  Napi::Float32Array v = SizedArg(info, 2, kName, "v", size);
  Napi::Float32Array gradient = SizedArg(info, 3, kName, "gradient", size);
  Napi::Float32Array valueOut = SizedArg(info, 4, kName, "valueOut", size);
  Napi::Float32Array mOut = SizedArg(info, 5, kName, "mOut", size);
  Napi::Float32Array vOut = SizedArg(info, 6, kName, "vOut", size);
  const double beta1 = checked::NumberArg(info, 7, kName, "beta1");
  const double beta2 = checked::NumberArg(info, 8, kName, "beta2");
  const auto oneMinusAccBeta1 = static_cast<float>(checked::NumberArg(info, 9, kName, "oneMinusAccBeta1"));
  const auto oneMinusAccBeta2 = static_cast<float>(checked::NumberArg(info, 10, kName, "oneMinusAccBeta2"));
  const auto epsilon = static_cast<float>(checked::NumberArg(info, 11, kName, "epsilon"));
  const double learningRate = checked::NumberArg(info, 12, kName, "learningRate");
  const auto decayFactor = static_cast<float>(checked::NumberArg(info, 13, kName, "decayFactor"));

  // tfjs turns each JavaScript number into a float32 scalar tensor: beta1, 1 - beta1 (computed in double
  // first), beta2, 1 - beta2 and -learningRate.
  const auto b1 = static_cast<float>(beta1);
  const auto oneMinusB1 = static_cast<float>(1.0 - beta1);
  const auto b2 = static_cast<float>(beta2);
  const auto oneMinusB2 = static_cast<float>(1.0 - beta2);
  const auto negativeRate = static_cast<float>(-learningRate);

  float* x = valueOut.Data();
  float* mState = mOut.Data();
  float* vState = vOut.Data();
  PrepareOutputs(info.Env(), kName, {value.Data(), m.Data(), v.Data()}, {x, mState, vState}, size);
  std::vector<float> gradientCopy;
  const float* g = SeparateGradient(gradient.Data(), {x, mState, vState}, size, gradientCopy);
  const AdamConstants constants{b1,       oneMinusB1, b2,           oneMinusB2, oneMinusAccBeta1, oneMinusAccBeta2,
                                epsilon, negativeRate, decayFactor};
  AdamLoop(x, mState, vState, g, size, constants);
  return info.Env().Undefined();
}
ESSENCE_EXPORT("adamUpdate", AdamUpdate);

void MomentumLoop(float* __restrict x, float* __restrict acc, const float* __restrict g, int64_t size, float momentum,
                  float negativeRate, bool nesterov) {
  if (nesterov) {
    for (int64_t i = 0; i < size; ++i) {
      const float next = momentum * acc[i] + g[i];
      const float lookAhead = g[i] + next * momentum;
      acc[i] = next;
      x[i] = negativeRate * lookAhead + x[i];
    }
    return;
  }
  for (int64_t i = 0; i < size; ++i) {
    const float next = momentum * acc[i] + g[i];
    acc[i] = next;
    x[i] = negativeRate * next + x[i];
  }
}

// binding.momentumUpdate(value, accumulation, gradient, valueOut, accumulationOut, momentum,
// learningRate, useNesterov): accumulation = momentum * accumulation + gradient, then
// value += -learningRate * accumulation, or with Nesterov
// value += -learningRate * (gradient + momentum * accumulation).
Napi::Value MomentumUpdate(const Napi::CallbackInfo& info) {
  constexpr const char* kName = "momentumUpdate";
  checked::ExpectArgumentCount(info, 8, kName);
  Napi::Float32Array value = checked::Float32ArrayArg(info, 0, kName, "value");
  const auto size = static_cast<int64_t>(value.ElementLength());
  Napi::Float32Array accumulation = SizedArg(info, 1, kName, "accumulation", size);
  Napi::Float32Array gradient = SizedArg(info, 2, kName, "gradient", size);
  Napi::Float32Array valueOut = SizedArg(info, 3, kName, "valueOut", size);
  Napi::Float32Array accumulationOut = SizedArg(info, 4, kName, "accumulationOut", size);
  const auto momentum = static_cast<float>(checked::NumberArg(info, 5, kName, "momentum"));
  const auto negativeRate = static_cast<float>(-checked::NumberArg(info, 6, kName, "learningRate"));
  const bool nesterov = checked::BooleanArg(info, 7, kName, "useNesterov");

  float* x = valueOut.Data();
  float* acc = accumulationOut.Data();
  PrepareOutputs(info.Env(), kName, {value.Data(), accumulation.Data()}, {x, acc}, size);
  std::vector<float> gradientCopy;
  const float* g = SeparateGradient(gradient.Data(), {x, acc}, size, gradientCopy);
  MomentumLoop(x, acc, g, size, momentum, negativeRate, nesterov);
  return info.Env().Undefined();
}
ESSENCE_EXPORT("momentumUpdate", MomentumUpdate);

void SgdLoop(float* __restrict x, const float* __restrict g, int64_t size, float negativeRate) {
  for (int64_t i = 0; i < size; ++i) x[i] = negativeRate * g[i] + x[i];
}

// binding.sgdUpdate(value, gradient, valueOut, learningRate): value += -learningRate * gradient.
Napi::Value SgdUpdate(const Napi::CallbackInfo& info) {
  constexpr const char* kName = "sgdUpdate";
  checked::ExpectArgumentCount(info, 4, kName);
  Napi::Float32Array value = checked::Float32ArrayArg(info, 0, kName, "value");
  const auto size = static_cast<int64_t>(value.ElementLength());
  Napi::Float32Array gradient = SizedArg(info, 1, kName, "gradient", size);
  Napi::Float32Array valueOut = SizedArg(info, 2, kName, "valueOut", size);
  const auto negativeRate = static_cast<float>(-checked::NumberArg(info, 3, kName, "learningRate"));

  float* x = valueOut.Data();
  PrepareOutputs(info.Env(), kName, {value.Data()}, {x}, size);
  std::vector<float> gradientCopy;
  const float* g = SeparateGradient(gradient.Data(), {x}, size, gradientCopy);
  SgdLoop(x, g, size, negativeRate);
  return info.Env().Undefined();
}
ESSENCE_EXPORT("sgdUpdate", SgdUpdate);

}  // namespace
