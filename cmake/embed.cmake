# drydock_embed(OUT_VAR NAMESPACE FILES...): compiles data files into a generated .cc holding
#   const std::vector<drydock::EmbeddedFile>& <namespace>::embedded_files();
# so the binary works from any directory. Regenerated when a file changes.
function(drydock_embed out_var namespace)
  set(out "${CMAKE_CURRENT_BINARY_DIR}/${namespace}_embedded.cc")
  set(script "${PROJECT_SOURCE_DIR}/cmake/embed_files.cmake")
  set(rel_files "")
  foreach(f IN LISTS ARGN)
    list(APPEND rel_files "${f}")
  endforeach()
  add_custom_command(OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DNAMESPACE=${namespace}
            -DBASE=${CMAKE_CURRENT_SOURCE_DIR} "-DFILES=${rel_files}" -P "${script}"
    DEPENDS ${ARGN} "${script}"
    WORKING_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}"
    COMMENT "Embedding ${namespace} files")
  set(${out_var} "${out}" PARENT_SCOPE)
endfunction()
