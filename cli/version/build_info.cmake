# Writes the build-info .cpp (cli/CMakeLists.txt runs it at every build): the release, the
# commit as `git describe --always --dirty` names it, "unknown" outside a git checkout (a
# tarball). configure_file leaves the file alone when its text is unchanged, so nothing
# recompiles unless the commit or the release changed.
set(SYNOPS_COMMIT unknown)
find_package(Git QUIET)
if(GIT_FOUND)
  execute_process(COMMAND ${GIT_EXECUTABLE} describe --always --dirty --abbrev=7 --exclude=*
                  WORKING_DIRECTORY ${SOURCE_DIR}
                  OUTPUT_VARIABLE described OUTPUT_STRIP_TRAILING_WHITESPACE
                  RESULT_VARIABLE failed ERROR_QUIET)
  if(NOT failed AND described)
    set(SYNOPS_COMMIT ${described})
  endif()
endif()
set(SYNOPS_RELEASE ${RELEASE})
configure_file(${TEMPLATE} ${OUTPUT} @ONLY)
