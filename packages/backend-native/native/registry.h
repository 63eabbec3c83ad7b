// Registration of native functions: each kernel file registers its functions with a static
// EssenceNativeRegistrar, and addon.cc exports every registered function on module load, so kernel
// files never edit a shared list.
#pragma once

#include <napi.h>

#include <utility>
#include <vector>

namespace essence {

using NativeFunction = Napi::Value (*)(const Napi::CallbackInfo& info);

inline std::vector<std::pair<const char*, NativeFunction>>& RegisteredFunctions() {
  static std::vector<std::pair<const char*, NativeFunction>> functions;
  return functions;
}

struct NativeRegistrar {
  NativeRegistrar(const char* name, NativeFunction function) {
    RegisteredFunctions().emplace_back(name, function);
  }
};

}  // namespace essence

// Exports `function` to JavaScript as `binding.<name>`.
#define ESSENCE_EXPORT(name, function) \
  static ::essence::NativeRegistrar essence_registrar_##function(name, function)
