# DRYDOCK_FUZZ=ON: the libFuzzer build (clang only). Everything compiles with coverage
# instrumentation for libFuzzer and with AddressSanitizer and UndefinedBehaviorSanitizer, at -O1 as
# libFuzzer's documentation advises; only the libraries the fuzz targets need are built.
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "DRYDOCK_FUZZ needs clang (libFuzzer): configure with "
                      "-DCMAKE_CXX_COMPILER=clang++, as scripts/build.sh fuzz does")
endif()
add_compile_options(-O1 -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
                    -fno-sanitize-recover=undefined)
add_link_options(-fsanitize=address,undefined)
