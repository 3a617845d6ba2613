# drydock_embed(OUT_VAR NAMESPACE FILES...): compiles text files into a generated .cc holding
#   const std::vector<drydock::EmbeddedFile>& <namespace>::embedded_files();
# so the binary works from any directory. FILES are relative to the current source folder.
# The .cc is regenerated when a file changes.
function(drydock_embed out_var namespace)
  set(out "${CMAKE_CURRENT_BINARY_DIR}/${namespace}_embedded.cc")
  set(script "${PROJECT_SOURCE_DIR}/cmake/embed_files.cmake")
  # The list goes to the script joined with '|': a ';' would split the command's argument.
  string(REPLACE ";" "|" joined "${ARGN}")
  set(deps "")
  foreach(f IN LISTS ARGN)
    list(APPEND deps "${CMAKE_CURRENT_SOURCE_DIR}/${f}")
  endforeach()
  add_custom_command(OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} "-DOUT=${out}" "-DNAMESPACE=${namespace}"
            "-DBASE=${CMAKE_CURRENT_SOURCE_DIR}" "-DFILES=${joined}" -P "${script}"
    DEPENDS ${deps} "${script}"
    COMMENT "Embedding ${namespace} files"
    VERBATIM)
  # A file is one string literal, longer than the 65,536 characters -Wpedantic asks of compilers
  # (clang says so; GCC and clang both take it).
  set_source_files_properties("${out}" PROPERTIES COMPILE_OPTIONS -Wno-overlength-strings)
  set(${out_var} "${out}" PARENT_SCOPE)
endfunction()
