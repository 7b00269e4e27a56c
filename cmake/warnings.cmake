# Warning policy for every elink target (see CONTRIBUTING.md).
add_library(elink_warnings INTERFACE)
target_compile_options(elink_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Woverloaded-virtual -Wconversion -Wsign-conversion -Wnull-dereference -Wdouble-promotion
  -Wformat=2 -Wimplicit-fallthrough -Wmisleading-indentation
  # Options structs are filled with designated initializers that rely on member defaults;
  # g++ 12 flags those omitted fields, which is exactly the intended use.
  -Wno-missing-field-initializers)
if(ELINK_WERROR)
  target_compile_options(elink_warnings INTERFACE -Werror)
endif()
