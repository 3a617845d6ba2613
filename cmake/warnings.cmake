# drydock_warnings: an INTERFACE target every drydock target links PRIVATE.
add_library(drydock_warnings INTERFACE)
target_compile_options(drydock_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor)
if(DRYDOCK_WERROR)
  target_compile_options(drydock_warnings INTERFACE -Werror)
endif()
