# Warning policy for every elink target (see CONTRIBUTING.md).
add_library(elink_warnings INTERFACE)
target_compile_options(elink_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Woverloaded-virtual -Wconversion -Wsign-conversion -Wdouble-promotion
  -Wformat=2 -Wimplicit-fallthrough -Wmisleading-indentation
  # Options structs are filled with designated initializers that rely on member defaults;
  # g++ 12 flags those omitted fields, which is exactly the intended use.
  -Wno-missing-field-initializers
  # g++ 12 at -O3 reports -Wrestrict inside libstdc++'s std::string operator+ (GCC bug 105329)
  # and -Wnull-dereference inside std::vector/std::string growth: false positives in code we do
  # not own, so -Wrestrict is off and -Wnull-dereference is not enabled.
  -Wno-restrict)
if(ELINK_WERROR)
  target_compile_options(elink_warnings INTERFACE -Werror)
endif()
