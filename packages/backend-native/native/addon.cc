#include <napi.h>

#include "common.h"
#include "registry.h"

namespace {

// Returns the thread policy ({ blasConfig, maxThreads, threadsPinned, blasParallelWork, blasParallelMinDim })
// so JavaScript can report and test it.
Napi::Value NativeInfo(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object result = Napi::Object::New(env);
  result.Set("blasConfig", Napi::String::New(env, openblas_get_config()));
  result.Set("maxThreads", Napi::Number::New(env, essence::MaxThreads()));
  result.Set("threadsPinned", Napi::Boolean::New(env, essence::ThreadsPinned()));
  result.Set("blasParallelWork", Napi::Number::New(env, essence::kBlasParallelWork));
  result.Set("blasParallelMinDim", Napi::Number::New(env, essence::kBlasParallelMinDim));
  return result;
}

ESSENCE_EXPORT("nativeInfo", NativeInfo);

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  for (const auto& [name, function] : essence::RegisteredFunctions()) {
    exports.Set(name, Napi::Function::New(env, function, name));
  }
  return exports;
}

}  // namespace

NODE_API_MODULE(essence_native, Init)
