// 2-D max and average pooling over NHWC tensors and their gradients, matching the cpu MaxPool, AvgPool,
// MaxPoolGrad and AvgPoolGrad kernels (dilation 1). Channels are the innermost loop so it runs over
// contiguous memory. Three quirks are kept from the cpu kernels. Max pooling skips NaN inputs, so a window
// of only NaN gives -Infinity. An average divides by the number of in-bounds pixels. AvgPoolGrad divides
// by the full filter area, even for windows cut by padding.
#include <napi.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "elementwise_common.h"
#include "registry.h"

namespace {

// Pooling geometry, read from an array
// [batch, inHeight, inWidth, channels, outHeight, outWidth, filterHeight, filterWidth, strideHeight,
//  strideWidth, padTop, padLeft].
struct PoolGeometry {
  int64_t batch, inHeight, inWidth, channels, outHeight, outWidth;
  int64_t filterHeight, filterWidth, strideHeight, strideWidth, padTop, padLeft;

  int64_t InputSize() const { return batch * inHeight * inWidth * channels; }
  int64_t OutputSize() const { return batch * outHeight * outWidth * channels; }
};

// Bounds of one pooling window clipped to the input.
struct Window {
  int64_t rowBegin, rowEnd, colBegin, colEnd;
};

constexpr int64_t kMaxDimension = int64_t{1} << 31;

PoolGeometry ReadGeometry(const Napi::CallbackInfo& info, size_t index, const char* function) {
  namespace checked = essence::checked;
  Napi::Env env = info.Env();
  checked::Shape dims = checked::SizeListArg(info, index, function, "geometry");
  if (dims.size() != 12) {
    throw Napi::TypeError::New(env, std::string(function) +
                                        ": geometry must hold 12 sizes [batch, inHeight, inWidth, channels, "
                                        "outHeight, outWidth, filterHeight, filterWidth, strideHeight, "
                                        "strideWidth, padTop, padLeft]; got " + std::to_string(dims.size()));
  }
  for (int64_t dim : dims) {
    if (dim >= kMaxDimension) {
      throw Napi::RangeError::New(env, std::string(function) + ": geometry " + checked::ShapeText(dims) +
                                           " has a size of 2^31 or more");
    }
  }
  PoolGeometry g{dims[0], dims[1], dims[2], dims[3], dims[4],  dims[5],
                 dims[6], dims[7], dims[8], dims[9], dims[10], dims[11]};
  if (g.filterHeight < 1 || g.filterWidth < 1 || g.strideHeight < 1 || g.strideWidth < 1) {
    throw Napi::RangeError::New(env, std::string(function) + ": filter sizes and strides must be at least 1; got " +
                                         checked::ShapeText(dims));
  }
  checked::ShapeSize(env, {g.batch, g.inHeight, g.inWidth, g.channels}, function);
  checked::ShapeSize(env, {g.batch, g.outHeight, g.outWidth, g.channels}, function);
  return g;
}

Window WindowAt(const PoolGeometry& g, int64_t outRow, int64_t outCol) {
  const int64_t rowCorner = outRow * g.strideHeight - g.padTop;
  const int64_t colCorner = outCol * g.strideWidth - g.padLeft;
  return {std::max<int64_t>(0, rowCorner), std::min(g.inHeight, rowCorner + g.filterHeight),
          std::max<int64_t>(0, colCorner), std::min(g.inWidth, colCorner + g.filterWidth)};
}

// Calls body(outOffset, window, batchOffset) for every output pixel; outOffset and batchOffset index the
// first channel of the output pixel and of the batch's input image.
template <typename Body>
void ForEachOutputPixel(const PoolGeometry& g, Body body) {
  for (int64_t b = 0; b < g.batch; ++b) {
    const int64_t batchOffset = b * g.inHeight * g.inWidth * g.channels;
    for (int64_t r = 0; r < g.outHeight; ++r) {
      for (int64_t c = 0; c < g.outWidth; ++c) {
        const int64_t outOffset = ((b * g.outHeight + r) * g.outWidth + c) * g.channels;
        body(outOffset, WindowAt(g, r, c), batchOffset);
      }
    }
  }
}

int64_t PixelOffset(const PoolGeometry& g, int64_t batchOffset, int64_t row, int64_t col) {
  return batchOffset + (row * g.inWidth + col) * g.channels;
}

// binding.maxPool(x, geometry, out).
Napi::Value MaxPool(const Napi::CallbackInfo& info) {
  namespace checked = essence::checked;
  constexpr const char* kName = "maxPool";
  Napi::Env env = info.Env();
  checked::ExpectArgumentCount(info, 3, kName);
  Napi::Float32Array x = checked::Float32ArrayArg(info, 0, kName, "x");
  const PoolGeometry g = ReadGeometry(info, 1, kName);
  Napi::Float32Array out = checked::Float32ArrayArg(info, 2, kName, "out");
  checked::ExpectLength(env, x, g.InputSize(), kName, "x");
  checked::ExpectLength(env, out, g.OutputSize(), kName, "out");

  const float* xData = x.Data();
  float* outData = out.Data();
  const int64_t channels = g.channels;
  ForEachOutputPixel(g, [&](int64_t outOffset, const Window& w, int64_t batchOffset) {
    float* max = outData + outOffset;
    for (int64_t d = 0; d < channels; ++d) max[d] = -std::numeric_limits<float>::infinity();
    for (int64_t row = w.rowBegin; row < w.rowEnd; ++row) {
      for (int64_t col = w.colBegin; col < w.colEnd; ++col) {
        const float* pixel = xData + PixelOffset(g, batchOffset, row, col);
        for (int64_t d = 0; d < channels; ++d) max[d] = pixel[d] > max[d] ? pixel[d] : max[d];
      }
    }
  });
  return env.Undefined();
}
ESSENCE_EXPORT("maxPool", MaxPool);

// binding.avgPool(x, geometry, out): sums in double and divides by the in-bounds pixel count.
Napi::Value AvgPool(const Napi::CallbackInfo& info) {
  namespace checked = essence::checked;
  constexpr const char* kName = "avgPool";
  Napi::Env env = info.Env();
  checked::ExpectArgumentCount(info, 3, kName);
  Napi::Float32Array x = checked::Float32ArrayArg(info, 0, kName, "x");
  const PoolGeometry g = ReadGeometry(info, 1, kName);
  Napi::Float32Array out = checked::Float32ArrayArg(info, 2, kName, "out");
  checked::ExpectLength(env, x, g.InputSize(), kName, "x");
  checked::ExpectLength(env, out, g.OutputSize(), kName, "out");

  const float* xData = x.Data();
  float* outData = out.Data();
  const int64_t channels = g.channels;
  std::vector<double> sums(static_cast<size_t>(channels));
  ForEachOutputPixel(g, [&](int64_t outOffset, const Window& w, int64_t batchOffset) {
    for (int64_t d = 0; d < channels; ++d) sums[d] = 0.0;
    double count = 0.0;
    for (int64_t row = w.rowBegin; row < w.rowEnd; ++row) {
      for (int64_t col = w.colBegin; col < w.colEnd; ++col) {
        const float* pixel = xData + PixelOffset(g, batchOffset, row, col);
        for (int64_t d = 0; d < channels; ++d) sums[d] += pixel[d];
        count += 1.0;
      }
    }
    for (int64_t d = 0; d < channels; ++d) outData[outOffset + d] = static_cast<float>(sums[d] / count);
  });
  return env.Undefined();
}
ESSENCE_EXPORT("avgPool", AvgPool);

// Replaces best[d] and index[d] with pixel[d] and `pixelIndex` where pixel[d] is strictly larger (NaN
// never is), without branches so the loop vectorises.
void KeepLarger(const float* __restrict pixel, int32_t pixelIndex, float* __restrict best, int32_t* __restrict index,
                int64_t channels) {
  for (int64_t d = 0; d < channels; ++d) {
    const int32_t larger = pixel[d] > best[d] ? -1 : 0;
    best[d] = larger != 0 ? pixel[d] : best[d];
    index[d] = (pixelIndex & larger) | (index[d] & ~larger);
  }
}

// binding.maxPoolGrad(dy, x, geometry, dx): routes each dy element to the first strictly largest
// non-NaN input of its window. A window without one (all NaN or -Infinity) passes no gradient.
// Overlapping windows add into dx in float32 while the cpu kernel sums in double, so those results can
// differ from the cpu's in the last bit.
Napi::Value MaxPoolGrad(const Napi::CallbackInfo& info) {
  namespace checked = essence::checked;
  constexpr const char* kName = "maxPoolGrad";
  Napi::Env env = info.Env();
  checked::ExpectArgumentCount(info, 4, kName);
  Napi::Float32Array dy = checked::Float32ArrayArg(info, 0, kName, "dy");
  Napi::Float32Array x = checked::Float32ArrayArg(info, 1, kName, "x");
  const PoolGeometry g = ReadGeometry(info, 2, kName);
  Napi::Float32Array dx = checked::Float32ArrayArg(info, 3, kName, "dx");
  checked::ExpectLength(env, dy, g.OutputSize(), kName, "dy");
  checked::ExpectLength(env, x, g.InputSize(), kName, "x");
  checked::ExpectLength(env, dx, g.InputSize(), kName, "dx");
  if (g.inHeight * g.inWidth >= kMaxDimension) {
    throw Napi::RangeError::New(env, "maxPoolGrad: an input image has 2^31 or more pixels");
  }

  const float* dyData = dy.Data();
  const float* xData = x.Data();
  float* dxData = dx.Data();
  const int64_t channels = g.channels;
  for (int64_t i = 0; i < g.InputSize(); ++i) dxData[i] = 0.0f;
  // Per channel: the best value so far and the image pixel index (row * inWidth + col) holding it, -1 for none.
  std::vector<float> best(static_cast<size_t>(channels));
  std::vector<int32_t> pixelIndex(static_cast<size_t>(channels));
  ForEachOutputPixel(g, [&](int64_t outOffset, const Window& w, int64_t batchOffset) {
    float* bestData = best.data();
    int32_t* indexData = pixelIndex.data();
    for (int64_t d = 0; d < channels; ++d) {
      bestData[d] = -std::numeric_limits<float>::infinity();
      indexData[d] = -1;
    }
    for (int64_t row = w.rowBegin; row < w.rowEnd; ++row) {
      for (int64_t col = w.colBegin; col < w.colEnd; ++col) {
        const auto index = static_cast<int32_t>(row * g.inWidth + col);
        const float* pixel = xData + batchOffset + static_cast<int64_t>(index) * channels;
        KeepLarger(pixel, index, bestData, indexData, channels);
      }
    }
    for (int64_t d = 0; d < channels; ++d) {
      if (indexData[d] < 0) continue;
      dxData[batchOffset + static_cast<int64_t>(indexData[d]) * channels + d] += dyData[outOffset + d];
    }
  });
  return env.Undefined();
}
ESSENCE_EXPORT("maxPoolGrad", MaxPoolGrad);

// binding.avgPoolGrad(dy, geometry, dx): spreads dy / (filterHeight * filterWidth) over each window's
// in-bounds pixels.
Napi::Value AvgPoolGrad(const Napi::CallbackInfo& info) {
  namespace checked = essence::checked;
  constexpr const char* kName = "avgPoolGrad";
  Napi::Env env = info.Env();
  checked::ExpectArgumentCount(info, 3, kName);
  Napi::Float32Array dy = checked::Float32ArrayArg(info, 0, kName, "dy");
  const PoolGeometry g = ReadGeometry(info, 1, kName);
  Napi::Float32Array dx = checked::Float32ArrayArg(info, 2, kName, "dx");
  checked::ExpectLength(env, dy, g.OutputSize(), kName, "dy");
  checked::ExpectLength(env, dx, g.InputSize(), kName, "dx");

  const float* dyData = dy.Data();
  const int64_t channels = g.channels;
  std::vector<double> sums(static_cast<size_t>(g.InputSize()), 0.0);
  ForEachOutputPixel(g, [&](int64_t outOffset, const Window& w, int64_t batchOffset) {
    const float* gradient = dyData + outOffset;
    for (int64_t row = w.rowBegin; row < w.rowEnd; ++row) {
      for (int64_t col = w.colBegin; col < w.colEnd; ++col) {
        double* target = sums.data() + PixelOffset(g, batchOffset, row, col);
        for (int64_t d = 0; d < channels; ++d) target[d] += gradient[d];
      }
    }
  });

  const double multiplier = 1.0 / static_cast<double>(g.filterHeight * g.filterWidth);
  float* dxData = dx.Data();
  for (int64_t i = 0; i < g.InputSize(); ++i) dxData[i] = static_cast<float>(sums[i] * multiplier);
  return env.Undefined();
}
ESSENCE_EXPORT("avgPoolGrad", AvgPoolGrad);

}  // namespace
