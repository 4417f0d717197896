{
  "targets": [
    {
      "target_name": "bsdsock",
      "sources": [
        "native/addon.cc",
        "native/syscalls.cc",
        "native/poller.cc",
        "native/poller_thread.cc",
        "native/poller_core.cc",
        "native/ready_batch.cc",
        "native/poller_table.cc",
        "native/readiness.cc",
        "native/layout.cc",
        "native/constants_linux_tcp.cc",
        "native/resolver.cc",
        "native/constants_fallback.cc",
        "native/sendfile.cc",
        "native/msg.cc",
        "native/mmsg.cc",
        "native/environment.cc",
        "native/descriptor_posix.cc",
        "native/netdb_posix.cc"
      ],
      "include_dirs": [
        "<!(node -p \"require('node-addon-api').include_dir\")",
        "<(SHARED_INTERMEDIATE_DIR)"
      ],
      "defines": [
        "NAPI_VERSION=8",
        "NODE_ADDON_API_DISABLE_DEPRECATED",
        "NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS",
        "NODE_ADDON_API_CPP_EXCEPTIONS_ALL",
        "_GNU_SOURCE"
      ],
      "cflags_cc": [ "-std=c++17", "-fexceptions", "-Wall", "-Wextra", "-Wno-unused-parameter" ],
      "cflags_cc!": [ "-fno-exceptions" ],
      "xcode_settings": {
        "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
        "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
        "MACOSX_DEPLOYMENT_TARGET": "10.15"
      },
      "conditions": [
        [ "OS=='win'", {
          "sources!": [
            "native/syscalls.cc", "native/layout.cc", "native/poller_thread.cc", "native/readiness.cc",
            "native/sendfile.cc", "native/msg.cc", "native/mmsg.cc", "native/descriptor_posix.cc",
            "native/netdb_posix.cc"
          ],
          "sources": [
            "native/win/absent_win.cc", "native/win/descriptor_win.cc", "native/win/host_binding_win.cc",
            "native/win/layout_win.cc", "native/win/msg_win.cc", "native/win/name_lookup_win.cc",
            "native/win/netdb_win.cc", "native/win/sendfile_win.cc", "native/win/share_win.cc",
            "native/win/syscalls_win.cc", "native/win/utf16_win.cc", "native/win/wsa.cc"
          ],
          "include_dirs": [ "native/win/include" ],
          "defines": [ "_WIN32_WINNT=0x0A00" ],
          "libraries": [ "ws2_32.lib", "iphlpapi.lib" ],
          "msvs_settings": {
            "VCCLCompilerTool": { "ExceptionHandling": 1, "AdditionalOptions": [ "/std:c++17" ] }
          }
        } ]
      ],
      "actions": [
        {
          "action_name": "generate_constants",
          "inputs": [ "tools/gen-constants.mjs", "tools/constants-spec.mjs" ],
          "outputs": [ "<(SHARED_INTERMEDIATE_DIR)/bsdsock_constants.h" ],
          "action": [ "node", "tools/gen-constants.mjs", "<@(_outputs)" ]
        }
      ]
    }
  ]
}
