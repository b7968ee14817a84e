# The browser build (emcmake cmake ..., see gui/web/CMakeLists.txt): fmt,
# CLI11, nlohmann-json, doctest and stb are Debian's header-only copies. Only
# their folders are put on the include path (all of /usr/include would pull
# glibc's headers in front of emscripten's).
set(GLASSBOX_SYSINC ${CMAKE_BINARY_DIR}/sysinc)
file(MAKE_DIRECTORY ${GLASSBOX_SYSINC})
foreach(dir fmt nlohmann CLI doctest stb)
  if(NOT EXISTS /usr/include/${dir})
    message(FATAL_ERROR "/usr/include/${dir} is missing: run ./run.sh web build (it installs it)")
  endif()
  if(NOT EXISTS ${GLASSBOX_SYSINC}/${dir})
    file(CREATE_LINK /usr/include/${dir} ${GLASSBOX_SYSINC}/${dir} SYMBOLIC)
  endif()
endforeach()

function(glassbox_header_only target)
  add_library(${target} INTERFACE IMPORTED GLOBAL)
  set_target_properties(${target} PROPERTIES INTERFACE_INCLUDE_DIRECTORIES ${GLASSBOX_SYSINC})
endfunction()
glassbox_header_only(fmt::fmt)
set_property(TARGET fmt::fmt PROPERTY INTERFACE_COMPILE_DEFINITIONS FMT_HEADER_ONLY)
glassbox_header_only(CLI11::CLI11)
glassbox_header_only(nlohmann_json::nlohmann_json)
glassbox_header_only(doctest::doctest)

# The lesson loader and the settings catch exceptions (a broken JSON file is
# reported, not fatal): emscripten must be told to catch them.
add_compile_options(-sDISABLE_EXCEPTION_CATCHING=0)
add_link_options(-sDISABLE_EXCEPTION_CATCHING=0 -sALLOW_MEMORY_GROWTH=1)
