#include <napi.h>

#include "common.h"
#include "registry.h"
#include "worker_pool.h"

namespace {

// Returns the thread policy ({ blasConfig, maxThreads, threadsPinned, blasParallelWork, blasParallelMinDim,
// convParallelWork, parallelCalls }) so JavaScript can report and test it.
Napi::Value NativeInfo(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object result = Napi::Object::New(env);
  result.Set("blasConfig", Napi::String::New(env, openblas_get_config()));
  result.Set("maxThreads", Napi::Number::New(env, essence::ThreadLimit().load()));
  result.Set("threadsPinned", Napi::Boolean::New(env, essence::ThreadsPinned()));
  result.Set("blasParallelWork", Napi::Number::New(env, essence::kBlasParallelWork));
  result.Set("blasParallelMinDim", Napi::Number::New(env, essence::kBlasParallelMinDim));
  result.Set("convParallelWork", Napi::Number::New(env, essence::kConvParallelWork));
  result.Set("parallelCalls",
             Napi::Number::New(env, static_cast<double>(essence::WorkerPool::Instance().ParallelCalls())));
  return result;
}

ESSENCE_EXPORT("nativeInfo", NativeInfo);

// setThreadLimit(threads): sets the thread limit of OpenBLAS and of the addon's own loops (1 to 64) and returns
// the previous limit.
Napi::Value SetThreadLimit(const Napi::CallbackInfo& info) {
  essence::RequireArgCount(info, 1, "threads");
  int threads = static_cast<int>(essence::GetInt(info, 0, "threads", 1, 64));
  int previous = essence::ThreadLimit().exchange(threads);
  return Napi::Number::New(info.Env(), previous);
}

ESSENCE_EXPORT("setThreadLimit", SetThreadLimit);

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  for (const auto& [name, function] : essence::RegisteredFunctions()) {
    exports.Set(name, Napi::Function::New(env, function, name));
  }
  return exports;
}

}  // namespace

NODE_API_MODULE(essence_native, Init)
