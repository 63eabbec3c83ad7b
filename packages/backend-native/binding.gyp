{
  "targets": [
    {
      "target_name": "essence_native",
      "sources": [
        "<!@(node -p \"require('fs').readdirSync('native').filter(f=>f.endsWith('.cc')).sort().map(f=>'native/'+f).join(' ')\")"
      ],
      "include_dirs": [
        "<!(node -p \"require('node-addon-api').include_dir\")",
        "native",
        "/usr/include/x86_64-linux-gnu",
        "/usr/include/openblas"
      ],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS", "NODE_ADDON_API_DISABLE_DEPRECATED"],
      "cflags!": ["-fno-exceptions", "-O2"],
      "cflags_cc!": ["-fno-exceptions", "-fno-rtti", "-std=gnu++17", "-std=gnu++1y", "-std=gnu++20", "-O2"],
      "cflags": ["-O3", "-march=x86-64-v2", "-fno-math-errno", "-fvisibility=hidden", "-Wall", "-Wextra"],
      "cflags_cc": ["-std=c++17", "-fexceptions", "-O3", "-march=x86-64-v2", "-fno-math-errno", "-Wall", "-Wextra"],
      "libraries": ["-lopenblas", "-lpthread"]
    }
  ]
}
