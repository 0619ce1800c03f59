# ctest "vectors_up_to_date": the committed vector files must be exactly
# what gen_vectors prints (edit tools/gen_vectors.c, then regenerate).
foreach(kind valid invalid)
  if(kind STREQUAL "valid")
    set(args "")
    set(committed ${VECTORS})
  else()
    set(args "--invalid")
    set(committed ${INVALID})
  endif()
  execute_process(COMMAND ${GEN} ${args}
    OUTPUT_FILE ${OUT}/${kind}.generated.txt RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "gen_vectors ${args} failed (${rc})")
  endif()
  execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files
    ${OUT}/${kind}.generated.txt ${committed} RESULT_VARIABLE diff)
  if(NOT diff EQUAL 0)
    message(FATAL_ERROR "${committed} is out of date; regenerate it:\n"
      "  ${GEN} ${args} > ${committed}")
  endif()
endforeach()
message(STATUS "vector files match gen_vectors")
