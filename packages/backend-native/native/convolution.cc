// Conv2D (with fused bias and activation), Conv2DBackpropInput and Conv2DBackpropFilter for NHWC tensors:
// im2col rows in bounded chunks, then OpenBLAS sgemm against the [filterHeight * filterWidth * inChannels,
// outChannels] filter matrix, which is the filter's own HWIO memory layout.
#include <napi.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "common.h"
#include "registry.h"

namespace {

// Floats per im2col chunk (8 MiB): large enough for efficient GEMMs, small enough to stay in memory for big
// batches.
constexpr size_t kColumnBudget = size_t{1} << 21;

// Convolution geometry as tfjs's backend_util.computeConv2DInfo computes it, with the padding resolved.
struct ConvGeometry {
  int64_t batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels;
  int64_t filterHeight, filterWidth, strideHeight, strideWidth, dilationHeight, dilationWidth, padTop, padLeft;

  size_t InputSize() const { return static_cast<size_t>(batchSize * inHeight * inWidth * inChannels); }
  size_t OutputSize() const { return OutputRows() * static_cast<size_t>(outChannels); }
  size_t FilterSize() const { return PatchSize() * static_cast<size_t>(outChannels); }
  size_t OutputRows() const { return static_cast<size_t>(batchSize * outHeight * outWidth); }
  size_t PatchSize() const { return static_cast<size_t>(filterHeight * filterWidth * inChannels); }

  // True when every output pixel reads exactly its own input pixel, so the input already is the im2col matrix.
  bool IsPointwise() const {
    return filterHeight == 1 && filterWidth == 1 && strideHeight == 1 && strideWidth == 1 && padTop == 0 &&
           padLeft == 0 && outHeight == inHeight && outWidth == inWidth;
  }
};

int64_t GetField(const Napi::Env& env, const Napi::Object& object, const char* name, int64_t min, int64_t max) {
  Napi::Value value = object.Get(name);
  double number = value.IsNumber() ? value.As<Napi::Number>().DoubleValue() : -1e300;
  if (!(number >= static_cast<double>(min) && number <= static_cast<double>(max)) ||
      number != static_cast<double>(static_cast<int64_t>(number))) {
    essence::ThrowError(env, std::string("geometry.") + name + " must be an integer in [" + std::to_string(min) +
                                 ", " + std::to_string(max) + "], got " + value.ToString().Utf8Value());
  }
  return static_cast<int64_t>(number);
}

// Reads the geometry object at argument `index` and range-checks every field. The loops also check every input
// coordinate, so no combination of fields can index outside the arrays.
ConvGeometry GetGeometry(const Napi::CallbackInfo& info, size_t index) {
  Napi::Env env = info.Env();
  if (!info[index].IsObject()) essence::ThrowType(env, "geometry must be an object");
  Napi::Object object = info[index].As<Napi::Object>();
  constexpr int64_t kMaxDim = 1 << 24;
  ConvGeometry g{};
  g.batchSize = GetField(env, object, "batchSize", 0, kMaxDim);
  g.inHeight = GetField(env, object, "inHeight", 0, kMaxDim);
  g.inWidth = GetField(env, object, "inWidth", 0, kMaxDim);
  g.inChannels = GetField(env, object, "inChannels", 0, kMaxDim);
  g.outHeight = GetField(env, object, "outHeight", 0, kMaxDim);
  g.outWidth = GetField(env, object, "outWidth", 0, kMaxDim);
  g.outChannels = GetField(env, object, "outChannels", 0, kMaxDim);
  g.filterHeight = GetField(env, object, "filterHeight", 0, kMaxDim);
  g.filterWidth = GetField(env, object, "filterWidth", 0, kMaxDim);
  g.strideHeight = GetField(env, object, "strideHeight", 1, kMaxDim);
  g.strideWidth = GetField(env, object, "strideWidth", 1, kMaxDim);
  g.dilationHeight = GetField(env, object, "dilationHeight", 1, kMaxDim);
  g.dilationWidth = GetField(env, object, "dilationWidth", 1, kMaxDim);
  g.padTop = GetField(env, object, "padTop", 0, kMaxDim);
  g.padLeft = GetField(env, object, "padLeft", 0, kMaxDim);

  essence::ShapeSize(env, {g.batchSize, g.inHeight, g.inWidth, g.inChannels});
  essence::ShapeSize(env, {g.batchSize, g.outHeight, g.outWidth, g.outChannels});
  essence::ShapeSize(env, {g.filterHeight, g.filterWidth, g.inChannels, g.outChannels});
  return g;
}

// Returns the number of output rows per im2col chunk.
size_t ChunkRows(const ConvGeometry& g) {
  size_t patch = std::max<size_t>(g.PatchSize(), 1);
  return std::max<size_t>(1, std::min(g.OutputRows(), kColumnBudget / patch));
}

// Calls visit(columnOffset, inputOffset, count) for each run of `count` input floats that output row `row`
// reads (copy/add targets), and padding(columnOffset, count) for each run that falls outside the input.
template <typename Visit, typename Padding>
void ForEachPatchRun(const ConvGeometry& g, size_t row, const Visit& visit, const Padding& padding) {
  size_t pixels = static_cast<size_t>(g.outHeight * g.outWidth);
  int64_t b = static_cast<int64_t>(row / pixels);
  int64_t pixel = static_cast<int64_t>(row % pixels);
  int64_t oy = pixel / g.outWidth;
  int64_t ox = pixel % g.outWidth;
  size_t channels = static_cast<size_t>(g.inChannels);
  size_t column = 0;

  for (int64_t ky = 0; ky < g.filterHeight; ++ky) {
    int64_t iy = oy * g.strideHeight - g.padTop + ky * g.dilationHeight;
    if (iy < 0 || iy >= g.inHeight) {
      padding(column, channels * static_cast<size_t>(g.filterWidth));
      column += channels * static_cast<size_t>(g.filterWidth);
      continue;
    }
    for (int64_t kx = 0; kx < g.filterWidth; ++kx) {
      int64_t ix = ox * g.strideWidth - g.padLeft + kx * g.dilationWidth;
      if (ix < 0 || ix >= g.inWidth) {
        padding(column, channels);
      } else {
        visit(column, static_cast<size_t>(((b * g.inHeight + iy) * g.inWidth + ix) * g.inChannels), channels);
      }
      column += channels;
    }
  }
}

// Writes im2col rows [rowBegin, rowEnd) of input `x` into `columns` (one row of PatchSize floats each).
void Im2Col(const ConvGeometry& g, const float* x, size_t rowBegin, size_t rowEnd, float* columns) {
  size_t patch = g.PatchSize();
  for (size_t row = rowBegin; row < rowEnd; ++row) {
    float* out = columns + (row - rowBegin) * patch;
    ForEachPatchRun(
        g, row, [&](size_t column, size_t input, size_t count) { std::memcpy(out + column, x + input, count * 4); },
        [&](size_t column, size_t count) { std::memset(out + column, 0, count * 4); });
  }
}

// Adds im2col rows [rowBegin, rowEnd) from `columns` back onto the input pixels they were read from.
void Col2ImAdd(const ConvGeometry& g, const float* columns, size_t rowBegin, size_t rowEnd, float* dx) {
  size_t patch = g.PatchSize();
  for (size_t row = rowBegin; row < rowEnd; ++row) {
    const float* in = columns + (row - rowBegin) * patch;
    ForEachPatchRun(
        g, row,
        [&](size_t column, size_t input, size_t count) {
          for (size_t c = 0; c < count; ++c) dx[input + c] += in[column + c];
        },
        [](size_t, size_t) {});
  }
}

// conv2d(x, filter, geometry, bias, activation, leakyreluAlpha, preluWeights): NHWC output values.
Napi::Value Conv2D(const Napi::CallbackInfo& info) {
  essence::RequireArgCount(info, 7, "x, filter, geometry, bias, activation, leakyreluAlpha, preluWeights");
  Napi::Env env = info.Env();
  ConvGeometry g = GetGeometry(info, 2);
  Napi::Float32Array x = essence::GetFloat32Array(info, 0, "x", g.InputSize());
  Napi::Float32Array filter = essence::GetFloat32Array(info, 1, "filter", g.FilterSize());
  essence::Epilogue epilogue = essence::GetEpilogue(info, 3, static_cast<size_t>(g.outChannels));

  Napi::Float32Array out = essence::NewFloat32Array(env, g.OutputSize());
  size_t rows = g.OutputRows();
  int patch = static_cast<int>(g.PatchSize());
  int outChannels = static_cast<int>(g.outChannels);
  if (g.IsPointwise()) {
    essence::Sgemm(false, false, static_cast<int>(rows), outChannels, patch, 1.0f, x.Data(), patch,
                   filter.Data(), outChannels, 0.0f, out.Data(), outChannels);
  } else {
    size_t chunk = ChunkRows(g);
    std::vector<float> columns(chunk * g.PatchSize());
    for (size_t begin = 0; begin < rows; begin += chunk) {
      size_t end = std::min(rows, begin + chunk);
      Im2Col(g, x.Data(), begin, end, columns.data());
      essence::Sgemm(false, false, static_cast<int>(end - begin), outChannels, patch, 1.0f, columns.data(), patch,
                     filter.Data(), outChannels, 0.0f, out.Data() + begin * outChannels, outChannels);
    }
  }
  essence::ApplyEpilogue(epilogue, out.Data(), rows, static_cast<size_t>(g.outChannels));
  return out;
}

// conv2dBackpropInput(dy, filter, geometry): gradient with respect to the NHWC input, dx = col2im(dy * W^T).
Napi::Value Conv2DBackpropInput(const Napi::CallbackInfo& info) {
  essence::RequireArgCount(info, 3, "dy, filter, geometry");
  Napi::Env env = info.Env();
  ConvGeometry g = GetGeometry(info, 2);
  Napi::Float32Array dy = essence::GetFloat32Array(info, 0, "dy", g.OutputSize());
  Napi::Float32Array filter = essence::GetFloat32Array(info, 1, "filter", g.FilterSize());

  Napi::Float32Array dx = essence::NewFloat32Array(env, g.InputSize());
  size_t rows = g.OutputRows();
  int patch = static_cast<int>(g.PatchSize());
  int outChannels = static_cast<int>(g.outChannels);
  if (g.IsPointwise()) {
    essence::Sgemm(false, true, static_cast<int>(rows), patch, outChannels, 1.0f, dy.Data(), outChannels,
                   filter.Data(), outChannels, 0.0f, dx.Data(), patch);
    return dx;
  }
  size_t chunk = ChunkRows(g);
  std::vector<float> columns(chunk * g.PatchSize());
  for (size_t begin = 0; begin < rows; begin += chunk) {
    size_t end = std::min(rows, begin + chunk);
    essence::Sgemm(false, true, static_cast<int>(end - begin), patch, outChannels, 1.0f,
                   dy.Data() + begin * outChannels, outChannels, filter.Data(), outChannels, 0.0f, columns.data(),
                   patch);
    Col2ImAdd(g, columns.data(), begin, end, dx.Data());
  }
  return dx;
}

// conv2dBackpropFilter(x, dy, geometry): gradient with respect to the HWIO filter, dW = im2col(x)^T * dy.
Napi::Value Conv2DBackpropFilter(const Napi::CallbackInfo& info) {
  essence::RequireArgCount(info, 3, "x, dy, geometry");
  Napi::Env env = info.Env();
  ConvGeometry g = GetGeometry(info, 2);
  Napi::Float32Array x = essence::GetFloat32Array(info, 0, "x", g.InputSize());
  Napi::Float32Array dy = essence::GetFloat32Array(info, 1, "dy", g.OutputSize());

  Napi::Float32Array dw = essence::NewFloat32Array(env, g.FilterSize());
  size_t rows = g.OutputRows();
  int patch = static_cast<int>(g.PatchSize());
  int outChannels = static_cast<int>(g.outChannels);
  if (g.IsPointwise()) {
    essence::Sgemm(true, false, patch, outChannels, static_cast<int>(rows), 1.0f, x.Data(), patch, dy.Data(),
                   outChannels, 0.0f, dw.Data(), outChannels);
    return dw;
  }
  size_t chunk = ChunkRows(g);
  std::vector<float> columns(chunk * g.PatchSize());
  for (size_t begin = 0; begin < rows; begin += chunk) {
    size_t end = std::min(rows, begin + chunk);
    Im2Col(g, x.Data(), begin, end, columns.data());
    essence::Sgemm(true, false, patch, outChannels, static_cast<int>(end - begin), 1.0f, columns.data(), patch,
                   dy.Data() + begin * outChannels, outChannels, begin == 0 ? 0.0f : 1.0f, dw.Data(), outChannels);
  }
  return dw;
}

// depthwiseConv2d(x, filter, geometry): NHWC output of a depthwise convolution whose [fh, fw, inChannels,
// multiplier] filter gives output channel c * multiplier + q from input channel c. A direct loop: a depthwise
// convolution does too little work per input value for im2col + GEMM to pay off.
Napi::Value DepthwiseConv2D(const Napi::CallbackInfo& info) {
  essence::RequireArgCount(info, 3, "x, filter, geometry");
  Napi::Env env = info.Env();
  ConvGeometry g = GetGeometry(info, 2);
  size_t multiplier = g.inChannels == 0 ? 0 : static_cast<size_t>(g.outChannels / g.inChannels);
  if (multiplier * static_cast<size_t>(g.inChannels) != static_cast<size_t>(g.outChannels)) {
    essence::ThrowError(env, "depthwise geometry.outChannels " + std::to_string(g.outChannels) +
                                 " must be a multiple of geometry.inChannels " + std::to_string(g.inChannels));
  }
  Napi::Float32Array x = essence::GetFloat32Array(info, 0, "x", g.InputSize());
  size_t outChannels = static_cast<size_t>(g.outChannels);
  size_t taps = static_cast<size_t>(g.filterHeight * g.filterWidth);
  Napi::Float32Array filter = essence::GetFloat32Array(info, 1, "filter", taps * outChannels);

  Napi::Float32Array out = essence::NewFloat32Array(env, g.OutputSize());
  const float* xData = x.Data();
  const float* filterData = filter.Data();
  size_t inChannels = std::max<size_t>(static_cast<size_t>(g.inChannels), 1);
  for (size_t row = 0; row < g.OutputRows(); ++row) {
    float* y = out.Data() + row * outChannels;
    ForEachPatchRun(
        g, row,
        [&](size_t column, size_t input, size_t count) {
          // Each run covers one filter tap (ky, kx) over all input channels, so column / inChannels numbers the tap.
          const float* w = filterData + (column / inChannels) * outChannels;
          const float* xv = xData + input;
          if (multiplier == 1) {
            for (size_t c = 0; c < count; ++c) y[c] += xv[c] * w[c];
            return;
          }
          for (size_t c = 0; c < count; ++c) {
            for (size_t q = 0; q < multiplier; ++q) y[c * multiplier + q] += xv[c] * w[c * multiplier + q];
          }
        },
        [](size_t, size_t) {});
  }
  return out;
}

ESSENCE_EXPORT("conv2d", Conv2D);
ESSENCE_EXPORT("depthwiseConv2d", DepthwiseConv2D);
ESSENCE_EXPORT("conv2dBackpropInput", Conv2DBackpropInput);
ESSENCE_EXPORT("conv2dBackpropFilter", Conv2DBackpropFilter);

}  // namespace
