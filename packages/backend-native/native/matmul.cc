// BatchMatMul and _FusedMatMul on OpenBLAS sgemm, with numpy-style broadcasting of the batch dimensions.
#include <napi.h>

#include <string>
#include <vector>

#include "common.h"
#include "registry.h"

namespace {

using essence::ShapeString;

// Operand layout after validation: batch dimensions broadcast, matrices of M x K times K x N.
struct MatMulPlan {
  std::vector<int64_t> batchShape;  // broadcast batch dimensions of the output
  std::vector<size_t> batchIndexA;  // matrix of A used by each output batch
  std::vector<size_t> batchIndexB;
  size_t batchA = 1;
  size_t batchB = 1;
  int m = 0;
  int n = 0;
  int k = 0;
  bool transposeA = false;
  bool transposeB = false;
};

std::vector<int64_t> BatchDims(const std::vector<int64_t>& shape, size_t rank) {
  std::vector<int64_t> dims(rank - (shape.size() - 2), 1);
  dims.insert(dims.end(), shape.begin(), shape.end() - 2);
  return dims;
}

// Maps every output batch to the matrices of A and B it multiplies, following numpy broadcasting.
void PlanBatches(const Napi::Env& env, const std::vector<int64_t>& aShape, const std::vector<int64_t>& bShape,
                 MatMulPlan& plan) {
  size_t rank = std::max(aShape.size(), bShape.size()) - 2;
  std::vector<int64_t> aDims = BatchDims(aShape, rank);
  std::vector<int64_t> bDims = BatchDims(bShape, rank);
  plan.batchShape.resize(rank);
  for (size_t d = 0; d < rank; ++d) {
    if (aDims[d] != bDims[d] && aDims[d] != 1 && bDims[d] != 1) {
      essence::ThrowError(env, "matMul batch dimensions of a " + ShapeString(aShape) + " and b " +
                                   ShapeString(bShape) + " do not broadcast");
    }
    plan.batchShape[d] = aDims[d] == 1 ? bDims[d] : aDims[d];
  }
  size_t batch = essence::ShapeSize(env, plan.batchShape);
  plan.batchA = essence::ShapeSize(env, aDims);
  plan.batchB = essence::ShapeSize(env, bDims);
  plan.batchIndexA.assign(batch, 0);
  plan.batchIndexB.assign(batch, 0);

  for (size_t bi = 0; bi < batch; ++bi) {
    size_t rest = bi;
    size_t indexA = 0, indexB = 0, strideA = 1, strideB = 1;
    for (size_t d = rank; d-- > 0;) {
      size_t coordinate = rest % static_cast<size_t>(plan.batchShape[d]);
      rest /= static_cast<size_t>(plan.batchShape[d]);
      if (aDims[d] != 1) indexA += coordinate * strideA;
      if (bDims[d] != 1) indexB += coordinate * strideB;
      strideA *= static_cast<size_t>(aDims[d]);
      strideB *= static_cast<size_t>(bDims[d]);
    }
    plan.batchIndexA[bi] = indexA;
    plan.batchIndexB[bi] = indexB;
  }
}

// Reads (a, aShape, b, bShape, transposeA, transposeB) from the first six arguments and validates them.
MatMulPlan ReadMatMul(const Napi::CallbackInfo& info, Napi::Float32Array& a, Napi::Float32Array& b) {
  Napi::Env env = info.Env();
  MatMulPlan plan;
  std::vector<int64_t> aShape = essence::GetShape(info, 1, "aShape");
  std::vector<int64_t> bShape = essence::GetShape(info, 3, "bShape");
  if (aShape.size() < 2 || bShape.size() < 2) {
    essence::ThrowError(env, "matMul needs operands of rank 2 or more; got a " + ShapeString(aShape) + " and b " +
                                 ShapeString(bShape));
  }
  a = essence::GetFloat32Array(info, 0, "a", essence::ShapeSize(env, aShape));
  b = essence::GetFloat32Array(info, 2, "b", essence::ShapeSize(env, bShape));
  plan.transposeA = essence::GetBool(info, 4, "transposeA");
  plan.transposeB = essence::GetBool(info, 5, "transposeB");

  int64_t aRows = aShape[aShape.size() - 2], aCols = aShape.back();
  int64_t bRows = bShape[bShape.size() - 2], bCols = bShape.back();
  plan.m = static_cast<int>(plan.transposeA ? aCols : aRows);
  plan.k = static_cast<int>(plan.transposeA ? aRows : aCols);
  int kB = static_cast<int>(plan.transposeB ? bCols : bRows);
  plan.n = static_cast<int>(plan.transposeB ? bRows : bCols);
  if (plan.k != kB) {
    essence::ThrowError(env, "matMul inner dimensions differ: a " + ShapeString(aShape) + " and b " +
                                 ShapeString(bShape) + " with transposeA=" + (plan.transposeA ? "true" : "false") +
                                 " and transposeB=" + (plan.transposeB ? "true" : "false") + " give " +
                                 std::to_string(plan.k) + " and " + std::to_string(kB));
  }
  PlanBatches(env, aShape, bShape, plan);
  return plan;
}

// Multiplies every output batch into `out` (batch x M x N, row-major).
void RunMatMul(const MatMulPlan& plan, const float* a, const float* b, float* out) {
  size_t batch = plan.batchIndexA.size();
  size_t aMatrix = static_cast<size_t>(plan.m) * plan.k;
  size_t bMatrix = static_cast<size_t>(plan.k) * plan.n;
  size_t outMatrix = static_cast<size_t>(plan.m) * plan.n;
  int lda = plan.transposeA ? plan.m : plan.k;
  int ldb = plan.transposeB ? plan.k : plan.n;

  // One shared right-hand matrix with row-major A stacks the A matrices into one taller GEMM, which keeps
  // OpenBLAS's packed B panel hot instead of repacking it per batch.
  bool stackA = plan.batchB == 1 && !plan.transposeA && plan.batchA == batch;
  if (stackA && batch > 1) {
    essence::Sgemm(false, plan.transposeB, static_cast<int>(batch) * plan.m, plan.n, plan.k, 1.0f, a, lda, b, ldb,
                   0.0f, out, plan.n);
    return;
  }
  for (size_t bi = 0; bi < batch; ++bi) {
    essence::Sgemm(plan.transposeA, plan.transposeB, plan.m, plan.n, plan.k, 1.0f,
                   a + plan.batchIndexA[bi] * aMatrix, lda, b + plan.batchIndexB[bi] * bMatrix, ldb, 0.0f,
                   out + bi * outMatrix, plan.n);
  }
}

// batchMatMul(a, aShape, b, bShape, transposeA, transposeB, out?): Float32Array of the broadcast batch x M x N
// result, written into `out` when given.
Napi::Value BatchMatMul(const Napi::CallbackInfo& info) {
  essence::RequireArgCount(info, 6, "a, aShape, b, bShape, transposeA, transposeB");
  Napi::Float32Array a, b;
  MatMulPlan plan = ReadMatMul(info, a, b);

  size_t outSize = plan.batchIndexA.size() * static_cast<size_t>(plan.m) * plan.n;
  Napi::Float32Array out = essence::OutputArray(info, 6, outSize);
  RunMatMul(plan, a.Data(), b.Data(), out.Data());
  return out;
}

// fusedMatMul(a, aShape, b, bShape, transposeA, transposeB, bias, activation, leakyreluAlpha, preluWeights, out?):
// batchMatMul followed by a bias of 1 or N values added to every row and the activation. Other bias and prelu
// shapes are the caller's job (the TypeScript kernel falls back to the cpu kernel for them).
Napi::Value FusedMatMul(const Napi::CallbackInfo& info) {
  essence::RequireArgCount(
      info, 10, "a, aShape, b, bShape, transposeA, transposeB, bias, activation, leakyreluAlpha, preluWeights");
  Napi::Float32Array a, b;
  MatMulPlan plan = ReadMatMul(info, a, b);
  essence::Epilogue epilogue = essence::GetEpilogue(info, 6, static_cast<size_t>(plan.n));

  size_t rows = plan.batchIndexA.size() * static_cast<size_t>(plan.m);
  Napi::Float32Array out = essence::OutputArray(info, 10, rows * plan.n);
  RunMatMul(plan, a.Data(), b.Data(), out.Data());
  essence::ApplyEpilogue(epilogue, out.Data(), rows, static_cast<size_t>(plan.n));
  return out;
}

ESSENCE_EXPORT("batchMatMul", BatchMatMul);
ESSENCE_EXPORT("fusedMatMul", FusedMatMul);

}  // namespace
