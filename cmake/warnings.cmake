# drydock_warnings: an INTERFACE target every drydock target links PRIVATE.
add_library(drydock_warnings INTERFACE)
target_compile_options(drydock_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor)
if(DRYDOCK_WERROR)
  target_compile_options(drydock_warnings INTERFACE -Werror)
endif()
# GCC 12 reports false -Wrestrict positives from std::string inlined at -O2 (GCC bug 105329),
# in our code and in valijson's headers.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(drydock_warnings INTERFACE -Wno-restrict)
endif()
