// Reductions over one contiguous block of axes, with x viewed as [outer, reduce, inner] and the output as
// [outer, inner]. The caller merges the reduced axes into `reduce`, so they must be adjacent once size-1
// axes are dropped. Reducing the innermost axes is inner = 1, and reducing the outermost is outer = 1.
//
// Sums, means and products accumulate in double like the cpu kernels. Reductions across rows (inner > 1)
// and products keep the cpu kernel's ascending order, so those results equal the cpu backend's bit for
// bit. A sum along contiguous memory (inner = 1) uses four interleaved accumulators, so its double result
// can round to a float32 one unit away from the cpu's in rare cases.
#include <napi.h>

#include <cstdint>
#include <limits>
#include <vector>

#include "elementwise_common.h"
#include "registry.h"

namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

struct ReductionOperands {
  const float* x;
  int64_t outer;
  int64_t reduce;
  int64_t inner;
};

// Reads (x, outer, reduce, inner) and checks that x has outer * reduce * inner elements and `out` has
// outer * inner.
ReductionOperands ReadReductionOperands(const Napi::CallbackInfo& info, const char* function,
                                        const Napi::TypedArray& out) {
  namespace checked = essence::checked;
  Napi::Env env = info.Env();
  Napi::Float32Array x = checked::Float32ArrayArg(info, 0, function, "x");
  const int64_t outer = checked::SizeArg(info, 1, function, "outer");
  const int64_t reduce = checked::SizeArg(info, 2, function, "reduce");
  const int64_t inner = checked::SizeArg(info, 3, function, "inner");
  const int64_t outSize = checked::ShapeSize(env, {outer, inner}, function);
  checked::ExpectLength(env, x, checked::ShapeSize(env, {outer, reduce, inner}, function), function, "x");
  checked::ExpectLength(env, out, outSize, function, "out");
  return {x.Data(), outer, reduce, inner};
}

// Runs `accumulate(accumulator, value)` over the reduced block for every output element, starting from
// `initial(firstValue)`, and stores `finish(accumulator)`. Columns are processed together when inner > 1
// so the loop over inner is contiguous, while each column still accumulates in ascending reduce order.
template <typename Accumulator, typename Init, typename Accumulate, typename Finish>
void ReduceBlocks(const ReductionOperands& operands, float* out, Init initial, Accumulate accumulate,
                  Finish finish) {
  const int64_t outer = operands.outer;
  const int64_t reduce = operands.reduce;
  const int64_t inner = operands.inner;
  std::vector<Accumulator> accumulators(static_cast<size_t>(inner));
  for (int64_t o = 0; o < outer; ++o) {
    const float* block = operands.x + o * reduce * inner;
    for (int64_t j = 0; j < inner; ++j) accumulators[j] = initial(reduce > 0 ? block[j] : kNaN);
    for (int64_t r = 0; r < reduce; ++r) {
      const float* row = block + r * inner;
      for (int64_t j = 0; j < inner; ++j) accumulators[j] = accumulate(accumulators[j], row[j]);
    }
    float* outRow = out + o * inner;
    for (int64_t j = 0; j < inner; ++j) outRow[j] = finish(accumulators[j]);
  }
}

template <typename Body>
Napi::Value FloatReduction(const Napi::CallbackInfo& info, const char* function, Body body) {
  namespace checked = essence::checked;
  checked::ExpectArgumentCount(info, 5, function);
  Napi::Float32Array out = checked::Float32ArrayArg(info, 4, function, "out");
  ReductionOperands operands = ReadReductionOperands(info, function, out);
  body(operands, out.Data());
  return info.Env().Undefined();
}

// Sums transform(row[i]) in double with four independent accumulators, which removes the add latency
// chain that makes a single accumulator several times slower on long rows.
template <typename Transform>
double SumContiguous(const float* row, int64_t length, Transform transform) {
  double sums[4] = {0.0, 0.0, 0.0, 0.0};
  int64_t i = 0;
  for (; i + 4 <= length; i += 4) {
    for (int k = 0; k < 4; ++k) sums[k] += transform(row[i + k]);
  }
  for (; i < length; ++i) sums[0] += transform(row[i]);
  return (sums[0] + sums[1]) + (sums[2] + sums[3]);
}

// Sums transform(x) over the reduced block of every output element.
template <typename Transform>
void SumBlocks(const ReductionOperands& operands, float* out, Transform transform) {
  if (operands.inner == 1) {
    for (int64_t o = 0; o < operands.outer; ++o) {
      out[o] = static_cast<float>(SumContiguous(operands.x + o * operands.reduce, operands.reduce, transform));
    }
    return;
  }
  ReduceBlocks<double>(
      operands, out, [](float) { return 0.0; },
      [transform](double sum, float value) { return sum + static_cast<double>(transform(value)); },
      [](double sum) { return static_cast<float>(sum); });
}

// binding.reduceSum(x, outer, reduce, inner, out: Float32Array).
Napi::Value ReduceSum(const Napi::CallbackInfo& info) {
  return FloatReduction(info, "reduceSum", [](const ReductionOperands& operands, float* out) {
    SumBlocks(operands, out, [](float value) { return value; });
  });
}
ESSENCE_EXPORT("reduceSum", ReduceSum);

// binding.reduceMean(x, outer, reduce, inner, out): sums x / reduce, dividing each element first in
// float32 as the cpu Mean kernel does (RealDiv, then Sum).
Napi::Value ReduceMean(const Napi::CallbackInfo& info) {
  return FloatReduction(info, "reduceMean", [](const ReductionOperands& operands, float* out) {
    const auto divisor = static_cast<float>(operands.reduce);
    SumBlocks(operands, out, [divisor](float value) { return value / divisor; });
  });
}
ESSENCE_EXPORT("reduceMean", ReduceMean);

// binding.reduceProd(x, outer, reduce, inner, out).
Napi::Value ReduceProd(const Napi::CallbackInfo& info) {
  return FloatReduction(info, "reduceProd", [](const ReductionOperands& operands, float* out) {
    ReduceBlocks<double>(
        operands, out, [](float) { return 1.0; }, [](double product, float value) { return product * value; },
        [](double product) { return static_cast<float>(product); });
  });
}
ESSENCE_EXPORT("reduceProd", ReduceProd);

// binding.reduceMax(x, outer, reduce, inner, out): any NaN in the block gives NaN; an empty block gives NaN.
Napi::Value ReduceMax(const Napi::CallbackInfo& info) {
  return FloatReduction(info, "reduceMax", [](const ReductionOperands& operands, float* out) {
    ReduceBlocks<float>(
        operands, out, [](float first) { return first; },
        [](float max, float value) { return (value != value || value > max) ? value : max; },
        [](float max) { return max; });
  });
}
ESSENCE_EXPORT("reduceMax", ReduceMax);

// binding.reduceMin(x, outer, reduce, inner, out): any NaN in the block gives NaN; an empty block gives NaN.
Napi::Value ReduceMin(const Napi::CallbackInfo& info) {
  return FloatReduction(info, "reduceMin", [](const ReductionOperands& operands, float* out) {
    ReduceBlocks<float>(
        operands, out, [](float first) { return first; },
        [](float min, float value) { return (value != value || value < min) ? value : min; },
        [](float min) { return min; });
  });
}
ESSENCE_EXPORT("reduceMin", ReduceMin);

// Writes the index of the first element that beats all before it under `better`, starting from index 0,
// so NaN never wins unless it is the first element (the cpu ArgMax and ArgMin behave the same way).
template <typename Better>
void ArgReduce(const ReductionOperands& operands, int32_t* out, Better better) {
  const int64_t inner = operands.inner;
  std::vector<float> best(static_cast<size_t>(inner));
  for (int64_t o = 0; o < operands.outer; ++o) {
    const float* block = operands.x + o * operands.reduce * inner;
    int32_t* outRow = out + o * inner;
    for (int64_t j = 0; j < inner; ++j) {
      best[j] = operands.reduce > 0 ? block[j] : kNaN;
      outRow[j] = 0;
    }
    for (int64_t r = 1; r < operands.reduce; ++r) {
      const float* row = block + r * inner;
      for (int64_t j = 0; j < inner; ++j) {
        if (better(row[j], best[j])) {
          best[j] = row[j];
          outRow[j] = static_cast<int32_t>(r);
        }
      }
    }
  }
}

template <typename Better>
Napi::Value ArgReduction(const Napi::CallbackInfo& info, const char* function, Better better) {
  namespace checked = essence::checked;
  checked::ExpectArgumentCount(info, 5, function);
  Napi::Int32Array out = checked::Int32ArrayArg(info, 4, function, "out");
  ReductionOperands operands = ReadReductionOperands(info, function, out);
  if (operands.reduce > std::numeric_limits<int32_t>::max()) {
    throw Napi::RangeError::New(info.Env(), std::string(function) + ": the reduced axis is longer than 2^31 - 1");
  }
  ArgReduce(operands, out.Data(), better);
  return info.Env().Undefined();
}

// binding.argMax(x, outer, reduce, inner, out: Int32Array).
Napi::Value ArgMax(const Napi::CallbackInfo& info) {
  return ArgReduction(info, "argMax", [](float value, float best) { return value > best; });
}
ESSENCE_EXPORT("argMax", ArgMax);

// binding.argMin(x, outer, reduce, inner, out: Int32Array).
Napi::Value ArgMin(const Napi::CallbackInfo& info) {
  return ArgReduction(info, "argMin", [](float value, float best) { return value < best; });
}
ESSENCE_EXPORT("argMin", ArgMin);

}  // namespace
