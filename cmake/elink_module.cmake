# elink_add_module(NAME SOURCES ... DEPS ...): one static library per module under src/NAME.
# DEPS must list only the layers below NAME (DESIGN.md "Layers"); scripts/check_layering.sh checks
# the includes that linking would not catch.
function(elink_add_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(elink_${name} STATIC ${ARG_SOURCES})
  add_library(elink::${name} ALIAS elink_${name})
  target_include_directories(elink_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(elink_${name} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS} elink_warnings)
  if(ELINK_BUILD_HEADERS)
    # Every public header must compile on its own (libosmium BUILD_HEADERS).
    file(GLOB headers CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.hpp)
    set(hsrcs)
    foreach(h ${headers})
      get_filename_component(stem ${h} NAME_WE)
      set(out ${CMAKE_CURRENT_BINARY_DIR}/header_check/${stem}_hpp.cpp)
      file(WRITE ${out}.in "#include \"${name}/${stem}.hpp\"\n")
      configure_file(${out}.in ${out} COPYONLY)
      list(APPEND hsrcs ${out})
    endforeach()
    if(hsrcs)
      add_library(elink_${name}_headers OBJECT ${hsrcs})
      # Alone means alone: a unity build would compile them behind one another.
      set_target_properties(elink_${name}_headers PROPERTIES UNITY_BUILD OFF)
      target_link_libraries(elink_${name}_headers PRIVATE elink_${name} elink_warnings)
    endif()
  endif()
endfunction()

# elink_add_test(MODULE SOURCES ... [DEPS ...] [LABELS ...] [COST N]): one gtest executable per
# module. COST (ctest's) makes its tests start first in a parallel run: give it to executables
# whose tests are long, so that no long test is left to run alone at the end.
function(elink_add_test module)
  cmake_parse_arguments(ARG "" "COST" "SOURCES;DEPS;LABELS" ${ARGN})
  if(NOT ARG_COST)
    set(ARG_COST 0)
  endif()
  set(target ${module}_tests)
  add_executable(${target} ${ARG_SOURCES})
  target_link_libraries(${target} PRIVATE elink::${module} ${ARG_DEPS} GTest::gtest GTest::gtest_main
                        elink_warnings)
  target_compile_definitions(${target} PRIVATE
    ELINK_SOURCE_DIR="${PROJECT_SOURCE_DIR}" ELINK_BINARY_DIR="${PROJECT_BINARY_DIR}")
  elink_test_options(${target})
  include(GoogleTest)
  gtest_discover_tests(${target} PROPERTIES LABELS "${module};${ARG_LABELS}" COST ${ARG_COST}
                       DISCOVERY_TIMEOUT 60)
endfunction()

# The tests' own code is built for a quick build, not a quick run: ELINK_TEST_CXX_FLAGS (the
# presets give -O1 to release builds and -O0 to sanitizer builds) comes after the build type's
# flags, while the code under test keeps them (-O3, or -O1 with the sanitizers). It halves the
# compile time of the test files, which are most of a build.
function(elink_test_options target)
  if(ELINK_TEST_CXX_FLAGS)
    separate_arguments(flags UNIX_COMMAND "${ELINK_TEST_CXX_FLAGS}")
    target_compile_options(${target} PRIVATE ${flags})
  endif()
endfunction()
