# ASan + UBSan for the whole build when ELINK_SANITIZE is on; any finding aborts the test.
if(ELINK_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
