// Conv2D (with fused bias and activation), Conv2DBackpropInput and Conv2DBackpropFilter for NHWC tensors:
// im2col rows in bounded chunks, then OpenBLAS sgemm against the [filterHeight * filterWidth * inChannels,
// outChannels] filter matrix, which is the filter's own HWIO memory layout.
//
// Large convolutions are cut into pieces that the calling thread and the worker pool take in turn, each piece
// running its own im2col chunks and a single-threaded sgemm. The forward pass and the filter gradient are cut by
// output rows, the input gradient by whole images, because col2im of neighbouring rows adds into the same input
// pixels.
#include <napi.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <memory>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include "common.h"
#include "registry.h"
#include "worker_pool.h"

namespace {

// Floats per im2col chunk and thread (1 MiB), so a chunk stays in the L2 cache while sgemm reads it. On a
// 2-core AMD EPYC VM with 2 MiB of L2 per core, the three passes of a batch-64 26x26x32 -> 3x3x64 convolution
// ran 10-25% faster with 1 MiB chunks than with 8 MiB ones, and 0.5 MiB chunks were no faster.
constexpr size_t kColumnBudget = size_t{1} << 18;

// Minimum pieces of a convolution that runs on several threads, so a worker that wakes late still finds work.
constexpr size_t kMinPieces = 8;

// Maximum pieces of a filter gradient, and the floats (16 MiB) their private sums may occupy together.
constexpr size_t kFilterPieces = 8;
constexpr size_t kFilterSlotBudget = size_t{1} << 22;

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

// Like ForEachPatchRun, but with dilationWidth 1 merges the taps of one filter row that lie inside the input
// into a single run: in NHWC memory they are filterWidth * inChannels consecutive floats.
template <typename Visit, typename Padding>
void ForEachPatchSpan(const ConvGeometry& g, size_t row, const Visit& visit, const Padding& padding) {
  if (g.dilationWidth != 1) {
    ForEachPatchRun(g, row, visit, padding);
    return;
  }
  size_t pixels = static_cast<size_t>(g.outHeight * g.outWidth);
  int64_t b = static_cast<int64_t>(row / pixels);
  int64_t pixel = static_cast<int64_t>(row % pixels);
  int64_t oy = pixel / g.outWidth;
  int64_t ox = pixel % g.outWidth;
  size_t channels = static_cast<size_t>(g.inChannels);
  size_t filterRow = channels * static_cast<size_t>(g.filterWidth);

  // Taps [kxBegin, kxEnd) of every filter row fall inside the input horizontally.
  int64_t ixFirst = ox * g.strideWidth - g.padLeft;
  int64_t kxBegin = std::min(g.filterWidth, std::max<int64_t>(0, -ixFirst));
  int64_t kxEnd = std::max(kxBegin, std::min(g.filterWidth, g.inWidth - ixFirst));
  size_t leading = static_cast<size_t>(kxBegin) * channels;
  size_t inside = static_cast<size_t>(kxEnd - kxBegin) * channels;
  size_t trailing = filterRow - leading - inside;

  size_t column = 0;
  for (int64_t ky = 0; ky < g.filterHeight; ++ky, column += filterRow) {
    int64_t iy = oy * g.strideHeight - g.padTop + ky * g.dilationHeight;
    if (iy < 0 || iy >= g.inHeight) {
      padding(column, filterRow);
      continue;
    }
    if (leading > 0) padding(column, leading);
    if (inside > 0) {
      int64_t input = ((b * g.inHeight + iy) * g.inWidth + ixFirst + kxBegin) * g.inChannels;
      visit(column + leading, static_cast<size_t>(input), inside);
    }
    if (trailing > 0) padding(column + leading + inside, trailing);
  }
}

// Writes im2col rows [rowBegin, rowEnd) of input `x` into `columns` (one row of PatchSize floats each).
void Im2Col(const ConvGeometry& g, const float* x, size_t rowBegin, size_t rowEnd, float* columns) {
  size_t patch = g.PatchSize();
  for (size_t row = rowBegin; row < rowEnd; ++row) {
    float* out = columns + (row - rowBegin) * patch;
    ForEachPatchSpan(
        g, row, [&](size_t column, size_t input, size_t count) { std::memcpy(out + column, x + input, count * 4); },
        [&](size_t column, size_t count) { std::memset(out + column, 0, count * 4); });
  }
}

// Adds `count` floats of `source` onto `target`. The restrict qualifiers let the compiler vectorise the loop.
inline void AddSpan(float* __restrict target, const float* __restrict source, size_t count) {
  for (size_t i = 0; i < count; ++i) target[i] += source[i];
}

// Adds im2col rows [rowBegin, rowEnd) from `columns` back onto the input pixels they were read from.
void Col2ImAdd(const ConvGeometry& g, const float* columns, size_t rowBegin, size_t rowEnd, float* dx) {
  size_t patch = g.PatchSize();
  for (size_t row = rowBegin; row < rowEnd; ++row) {
    const float* in = columns + (row - rowBegin) * patch;
    ForEachPatchSpan(
        g, row, [&](size_t column, size_t input, size_t count) { AddSpan(dx + input, in + column, count); },
        [](size_t, size_t) {});
  }
}

// A growable float buffer that outlives the call, so repeated convolutions neither allocate nor zero scratch
// memory. Contents are undefined after Reserve.
class ScratchBuffer {
 public:
  float* Reserve(size_t floats) {
    if (capacity_ < floats) {
      data_.reset();
      capacity_ = 0;
      data_.reset(new float[floats]);
      capacity_ = floats;
    }
    return data_.get();
  }

 private:
  std::unique_ptr<float[]> data_;
  size_t capacity_ = 0;
};

// Returns this thread's im2col buffer with room for at least `floats` floats.
float* ThreadScratch(size_t floats) {
  thread_local ScratchBuffer buffer;
  return buffer.Reserve(floats);
}

// The GEMM a piece runs: essence::Sgemm (thread policy) when the caller runs every piece itself,
// essence::SgemmOnCurrentThreads (one OpenBLAS thread per worker) when the pieces run on several threads.
using GemmFunction = void (*)(bool, bool, int, int, int, float, const float*, int, const float*, int, float, float*,
                              int);

// Computes output rows [begin, end) of a convolution, then applies the epilogue to them.
void ForwardRows(const ConvGeometry& g, const float* x, const float* filter, const essence::Epilogue& epilogue,
                 float* out, size_t begin, size_t end, GemmFunction gemm) {
  int patch = static_cast<int>(g.PatchSize());
  int outChannels = static_cast<int>(g.outChannels);
  if (g.IsPointwise()) {
    gemm(false, false, static_cast<int>(end - begin), outChannels, patch, 1.0f, x + begin * patch, patch, filter,
         outChannels, 0.0f, out + begin * outChannels, outChannels);
  } else {
    size_t chunk = ChunkRows(g);
    float* columns = ThreadScratch(std::min(chunk, end - begin) * g.PatchSize());
    for (size_t first = begin; first < end; first += chunk) {
      size_t last = std::min(end, first + chunk);
      Im2Col(g, x, first, last, columns);
      gemm(false, false, static_cast<int>(last - first), outChannels, patch, 1.0f, columns, patch, filter,
           outChannels, 0.0f, out + first * outChannels, outChannels);
    }
  }
  essence::ApplyEpilogue(epilogue, out + begin * outChannels, end - begin, static_cast<size_t>(outChannels));
}

// Adds the input gradient of output rows [begin, end) into `dx`, which must start zeroed.
void InputGradientRows(const ConvGeometry& g, const float* dy, const float* filter, float* dx, size_t begin,
                       size_t end, GemmFunction gemm) {
  int patch = static_cast<int>(g.PatchSize());
  int outChannels = static_cast<int>(g.outChannels);
  if (g.IsPointwise()) {
    gemm(false, true, static_cast<int>(end - begin), patch, outChannels, 1.0f, dy + begin * outChannels,
         outChannels, filter, outChannels, 0.0f, dx + begin * patch, patch);
    return;
  }
  size_t chunk = ChunkRows(g);
  float* columns = ThreadScratch(std::min(chunk, end - begin) * g.PatchSize());
  for (size_t first = begin; first < end; first += chunk) {
    size_t last = std::min(end, first + chunk);
    gemm(false, true, static_cast<int>(last - first), patch, outChannels, 1.0f, dy + first * outChannels,
         outChannels, filter, outChannels, 0.0f, columns, patch);
    Col2ImAdd(g, columns, first, last, dx);
  }
}

// Writes the filter gradient of output rows [begin, end) into `dw` (zeros when the range is empty).
void FilterGradientRows(const ConvGeometry& g, const float* x, const float* dy, float* dw, size_t begin, size_t end,
                        GemmFunction gemm) {
  int patch = static_cast<int>(g.PatchSize());
  int outChannels = static_cast<int>(g.outChannels);
  if (g.IsPointwise() || begin == end) {
    gemm(true, false, patch, outChannels, static_cast<int>(end - begin), 1.0f, x + begin * patch, patch,
         dy + begin * outChannels, outChannels, 0.0f, dw, outChannels);
    return;
  }
  size_t chunk = ChunkRows(g);
  float* columns = ThreadScratch(std::min(chunk, end - begin) * g.PatchSize());
  for (size_t first = begin; first < end; first += chunk) {
    size_t last = std::min(end, first + chunk);
    Im2Col(g, x, first, last, columns);
    gemm(true, false, patch, outChannels, static_cast<int>(last - first), 1.0f, columns, patch,
         dy + first * outChannels, outChannels, first == begin ? 0.0f : 1.0f, dw, outChannels);
  }
}

// Returns the multiply-adds of one convolution pass (each of the three passes does the same number).
double ConvWork(const ConvGeometry& g) {
  return static_cast<double>(g.OutputRows()) * static_cast<double>(g.PatchSize()) *
         static_cast<double>(g.outChannels);
}

// Returns the threads a convolution runs on: the thread limit from kConvParallelWork multiply-adds on, else 1.
int ConvThreads(const ConvGeometry& g) {
  return ConvWork(g) >= essence::kConvParallelWork ? essence::ThreadLimit().load() : 1;
}

// Returns how many of `units` (rows or images) one piece covers: at most `unitsPerChunk`, and on several
// threads few enough for at least kMinPieces pieces, so that threads which start late still share the work.
size_t UnitsPerPiece(size_t units, size_t unitsPerChunk, int threads) {
  size_t perPiece = std::max<size_t>(1, unitsPerChunk);
  if (threads > 1) perPiece = std::min(perPiece, std::max<size_t>(1, (units + kMinPieces - 1) / kMinPieces));
  return perPiece;
}

// Returns ceil(units / perPiece).
size_t PieceCount(size_t units, size_t perPiece) { return (units + perPiece - 1) / perPiece; }

// Runs body(piece, gemm) for every piece in [0, count) on `threads` threads. A failed scratch allocation
// becomes a JavaScript Error.
void RunPieces(const Napi::Env& env, size_t count, int threads,
               const std::function<void(size_t, GemmFunction)>& body) {
  try {
    if (threads <= 1) {
      for (size_t piece = 0; piece < count; ++piece) body(piece, essence::Sgemm);
      return;
    }
    essence::SetBlasThreadCount(1);
    essence::WorkerPool::Instance().ParallelFor(count, threads,
                                                [&](size_t piece) { body(piece, essence::SgemmOnCurrentThreads); });
  } catch (const std::bad_alloc&) {
    essence::ThrowError(env, "convolution scratch allocation failed (out of memory); use a smaller batch");
  }
}

// conv2d(x, filter, geometry, bias, activation, leakyreluAlpha, preluWeights, out?): NHWC output values, written
// into `out` when given.
Napi::Value Conv2D(const Napi::CallbackInfo& info) {
  essence::RequireArgCount(info, 7, "x, filter, geometry, bias, activation, leakyreluAlpha, preluWeights");
  Napi::Env env = info.Env();
  ConvGeometry g = GetGeometry(info, 2);
  Napi::Float32Array x = essence::GetFloat32Array(info, 0, "x", g.InputSize());
  Napi::Float32Array filter = essence::GetFloat32Array(info, 1, "filter", g.FilterSize());
  essence::Epilogue epilogue = essence::GetEpilogue(info, 3, static_cast<size_t>(g.outChannels));

  Napi::Float32Array out = essence::OutputArray(info, 7, g.OutputSize());
  const float* xData = x.Data();
  const float* filterData = filter.Data();
  float* outData = out.Data();
  size_t rows = g.OutputRows();
  int threads = ConvThreads(g);

  size_t pieceRows = UnitsPerPiece(rows, ChunkRows(g), threads);
  RunPieces(env, PieceCount(rows, pieceRows), threads, [&](size_t piece, GemmFunction gemm) {
    size_t begin = piece * pieceRows;
    ForwardRows(g, xData, filterData, epilogue, outData, begin, std::min(rows, begin + pieceRows), gemm);
  });
  return out;
}

// conv2dBackpropInput(dy, filter, geometry, out?): gradient with respect to the NHWC input, dx = col2im(dy * W^T),
// written into `out` when given.
// Pieces are whole images, because col2im of neighbouring output rows adds into the same input pixels.
Napi::Value Conv2DBackpropInput(const Napi::CallbackInfo& info) {
  essence::RequireArgCount(info, 3, "dy, filter, geometry");
  Napi::Env env = info.Env();
  ConvGeometry g = GetGeometry(info, 2);
  Napi::Float32Array dy = essence::GetFloat32Array(info, 0, "dy", g.OutputSize());
  Napi::Float32Array filter = essence::GetFloat32Array(info, 1, "filter", g.FilterSize());

  Napi::Float32Array dx = essence::OutputArray(info, 3, g.InputSize());
  const float* dyData = dy.Data();
  const float* filterData = filter.Data();
  float* dxData = dx.Data();
  size_t images = static_cast<size_t>(g.batchSize);
  size_t pixels = static_cast<size_t>(g.outHeight * g.outWidth);
  int threads = ConvThreads(g);
  size_t pieceImages = UnitsPerPiece(images, pixels == 0 ? 1 : ChunkRows(g) / pixels, threads);
  size_t pieces = PieceCount(images, pieceImages);

  // Col2im adds into dx, so a caller's array is cleared first. A new array is zeroed already, but its pages are
  // often still unmapped. On the 2-core VM, two threads faulting them in at once made a batch-64 26x26x32 input
  // gradient take 21 ms instead of 12 ms, so this thread faults them in first by writing the zeros again.
  if (essence::HasOutputArgument(info, 3) || (threads > 1 && pieces > 1)) {
    std::memset(dxData, 0, g.InputSize() * sizeof(float));
  }
  if (g.OutputRows() == 0) return dx;
  RunPieces(env, pieces, threads, [&](size_t piece, GemmFunction gemm) {
    size_t first = piece * pieceImages;
    size_t last = std::min(images, first + pieceImages);
    InputGradientRows(g, dyData, filterData, dxData, first * pixels, last * pixels, gemm);
  });
  return dx;
}

// Returns how many pieces a filter gradient is cut into. The count depends on the geometry alone, never on the
// thread count, so one and two threads sum in the same order and give equal results.
size_t FilterGradientPieces(const ConvGeometry& g) {
  double byWork = std::floor(ConvWork(g) / essence::kConvParallelWork);
  size_t pieces = static_cast<size_t>(std::min(byWork, static_cast<double>(kFilterPieces)));
  size_t bySlots = 1 + kFilterSlotBudget / std::max<size_t>(1, g.FilterSize());
  return std::max<size_t>(1, std::min({pieces, bySlots, g.OutputRows()}));
}

// conv2dBackpropFilter(x, dy, geometry, out?): gradient with respect to the HWIO filter, dW = im2col(x)^T * dy,
// written into `out` when given. Large
// gradients are cut into pieces of consecutive rows: piece 0 writes its sum into dW, the others into their own
// slots, which are then added in piece order.
Napi::Value Conv2DBackpropFilter(const Napi::CallbackInfo& info) {
  essence::RequireArgCount(info, 3, "x, dy, geometry");
  Napi::Env env = info.Env();
  ConvGeometry g = GetGeometry(info, 2);
  Napi::Float32Array x = essence::GetFloat32Array(info, 0, "x", g.InputSize());
  Napi::Float32Array dy = essence::GetFloat32Array(info, 1, "dy", g.OutputSize());

  Napi::Float32Array dw = essence::OutputArray(info, 3, g.FilterSize());
  const float* xData = x.Data();
  const float* dyData = dy.Data();
  float* dwData = dw.Data();
  size_t rows = g.OutputRows();
  size_t filterSize = g.FilterSize();
  size_t pieces = FilterGradientPieces(g);
  thread_local ScratchBuffer slotBuffer;
  float* slots = nullptr;
  try {
    if (pieces > 1) slots = slotBuffer.Reserve((pieces - 1) * filterSize);
  } catch (const std::bad_alloc&) {
    essence::ThrowError(env, "convolution scratch allocation failed (out of memory); use a smaller batch");
  }
  RunPieces(env, pieces, ConvThreads(g), [&](size_t piece, GemmFunction gemm) {
    float* target = piece == 0 ? dwData : slots + (piece - 1) * filterSize;
    FilterGradientRows(g, xData, dyData, target, rows * piece / pieces, rows * (piece + 1) / pieces, gemm);
  });
  for (size_t piece = 1; piece < pieces; ++piece) {
    AddSpan(dwData, slots + (piece - 1) * filterSize, filterSize);
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
