# ASan + UBSan for the whole build when ELINK_SANITIZE is on; any finding aborts the test.
if(ELINK_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
# libFuzzer builds (clang, -DELINK_FUZZ=ON): every library is instrumented for coverage so that the
# fuzzer sees inside the code under test; the harnesses link libFuzzer's main (tests/fuzz).
if(ELINK_FUZZ)
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
