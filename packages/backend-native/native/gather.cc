// GatherV2 along one axis (batchDims 0) and UnsortedSegmentSum over rank-1 segment ids, the forward and
// backward halves of an embedding lookup.
#include <napi.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "elementwise_common.h"
#include "registry.h"

namespace {

// binding.gather(x, outer, dimSize, sliceSize, indices: Int32Array, out): x is viewed as
// [outer, dimSize, sliceSize] and out as [outer, indices.length, sliceSize]. x and out are both
// Float32Array or both Int32Array, because the copy only moves 4-byte elements.
Napi::Value Gather(const Napi::CallbackInfo& info) {
  namespace checked = essence::checked;
  constexpr const char* kName = "gather";
  Napi::Env env = info.Env();
  checked::ExpectArgumentCount(info, 6, kName);

  if (!info[0].IsTypedArray() || !info[5].IsTypedArray()) {
    throw Napi::TypeError::New(env, "gather: x and out must be typed arrays (Float32Array or Int32Array)");
  }
  Napi::TypedArray x = info[0].As<Napi::TypedArray>();
  Napi::TypedArray out = info[5].As<Napi::TypedArray>();
  const napi_typedarray_type type = x.TypedArrayType();
  if ((type != napi_float32_array && type != napi_int32_array) || out.TypedArrayType() != type) {
    throw Napi::TypeError::New(env, "gather: x and out must both be Float32Array or both be Int32Array");
  }
  const int64_t outer = checked::SizeArg(info, 1, kName, "outer");
  const int64_t dimSize = checked::SizeArg(info, 2, kName, "dimSize");
  const int64_t sliceSize = checked::SizeArg(info, 3, kName, "sliceSize");
  Napi::Int32Array indices = checked::Int32ArrayArg(info, 4, kName, "indices");
  const auto count = static_cast<int64_t>(indices.ElementLength());
  checked::ExpectLength(env, x, checked::ShapeSize(env, {outer, dimSize, sliceSize}, kName), kName, "x");
  checked::ExpectLength(env, out, checked::ShapeSize(env, {outer, count, sliceSize}, kName), kName, "out");

  const int32_t* index = indices.Data();
  for (int64_t i = 0; i < count; ++i) {
    if (index[i] < 0 || index[i] >= dimSize) {
      throw Napi::RangeError::New(env, "GatherV2: the index value " + std::to_string(index[i]) + " is not in [0, " +
                                           std::to_string(dimSize - 1) + "]");
    }
  }

  const auto* source = static_cast<const uint8_t*>(x.ArrayBuffer().Data()) + x.ByteOffset();
  auto* target = static_cast<uint8_t*>(out.ArrayBuffer().Data()) + out.ByteOffset();
  const size_t sliceBytes = static_cast<size_t>(sliceSize) * 4;
  if (sliceBytes == 0) return env.Undefined();
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t i = 0; i < count; ++i) {
      std::memcpy(target + (o * count + i) * sliceBytes, source + (o * dimSize + index[i]) * sliceBytes, sliceBytes);
    }
  }
  return env.Undefined();
}
ESSENCE_EXPORT("gather", Gather);

// binding.unsortedSegmentSum(x, segmentIds: Int32Array, numSegments, inner, out): x is
// [segmentIds.length, inner] and out [numSegments, inner]; ids outside [0, numSegments) are skipped.
// Each output sums its rows in ascending row order in double, as the cpu kernel does.
Napi::Value UnsortedSegmentSum(const Napi::CallbackInfo& info) {
  namespace checked = essence::checked;
  constexpr const char* kName = "unsortedSegmentSum";
  Napi::Env env = info.Env();
  checked::ExpectArgumentCount(info, 5, kName);

  Napi::Float32Array x = checked::Float32ArrayArg(info, 0, kName, "x");
  Napi::Int32Array segmentIds = checked::Int32ArrayArg(info, 1, kName, "segmentIds");
  const int64_t numSegments = checked::SizeArg(info, 2, kName, "numSegments");
  const int64_t inner = checked::SizeArg(info, 3, kName, "inner");
  Napi::Float32Array out = checked::Float32ArrayArg(info, 4, kName, "out");
  const auto rows = static_cast<int64_t>(segmentIds.ElementLength());
  checked::ExpectLength(env, x, checked::ShapeSize(env, {rows, inner}, kName), kName, "x");
  const int64_t outSize = checked::ShapeSize(env, {numSegments, inner}, kName);
  checked::ExpectLength(env, out, outSize, kName, "out");

  std::vector<double> sums(static_cast<size_t>(outSize), 0.0);
  const float* xData = x.Data();
  const int32_t* ids = segmentIds.Data();
  for (int64_t r = 0; r < rows; ++r) {
    if (ids[r] < 0 || ids[r] >= numSegments) continue;
    double* target = sums.data() + ids[r] * inner;
    const float* row = xData + r * inner;
    for (int64_t j = 0; j < inner; ++j) target[j] += row[j];
  }
  float* outData = out.Data();
  for (int64_t i = 0; i < outSize; ++i) outData[i] = static_cast<float>(sums[i]);
  return env.Undefined();
}
ESSENCE_EXPORT("unsortedSegmentSum", UnsortedSegmentSum);

}  // namespace
