# ctest "pxcodec_round_trip": pxcodec encode turns each canonical text of
# vectors.txt into its hex, pxcodec decode turns each hex back into its
# text, and each frame of invalid.txt decodes to its "ERROR ..." line.
function(split_columns file hex_var text_var)
  file(STRINGS ${file} lines)
  set(hex "")
  set(text "")
  foreach(line IN LISTS lines)
    if(line MATCHES "^#" OR line STREQUAL "")
      continue()
    endif()
    string(REPLACE "\t" ";" cols "${line}")
    list(GET cols 1 h)
    list(GET cols 2 t)
    string(APPEND hex "${h}\n")
    string(APPEND text "${t}\n")
  endforeach()
  set(${hex_var} "${hex}" PARENT_SCOPE)
  set(${text_var} "${text}" PARENT_SCOPE)
endfunction()

function(run_pxcodec mode input expected)
  file(WRITE ${OUT}/pxcodec_${mode}.in "${input}")
  execute_process(COMMAND ${PXCODEC} ${mode} ${ARGN}
    INPUT_FILE ${OUT}/pxcodec_${mode}.in
    OUTPUT_VARIABLE got RESULT_VARIABLE rc)
  if(NOT got STREQUAL expected)
    file(WRITE ${OUT}/pxcodec_${mode}.expected "${expected}")
    file(WRITE ${OUT}/pxcodec_${mode}.got "${got}")
    message(FATAL_ERROR "pxcodec ${mode} ${ARGN}: output differs; see "
      "${OUT}/pxcodec_${mode}.expected and .got")
  endif()
endfunction()

split_columns(${VECTORS} hex text)
run_pxcodec(encode "${text}" "${hex}")
run_pxcodec(decode "${hex}" "${text}")

split_columns(${INVALID} bad_hex bad_text)
run_pxcodec(decode "${bad_hex}" "${bad_text}")

# Strict input handling: one ERROR line per bad line, and processing goes on.
set(in "GET_FAULT_REPORT link_id=1 request_id=2 colour=red\n")
string(APPEND in "GET_FAULT_REPORT link_id=1\n")
string(APPEND in "SET_STATE link_id=1 cmd_seq=1 compressor_pct=101 outputs=0 mode=1\n")
string(APPEND in "SET_STATE link_id=1 cmd_seq=1 compressor_pct=300 outputs=0 mode=1\n")
string(APPEND in "# comments and blank lines pass through\n\n")
string(APPEND in "GET_FAULT_REPORT link_id=1 request_id=2\n")
set(want "ERROR unknown-field colour\n")
string(APPEND want "ERROR missing-field request_id\n")
string(APPEND want "ERROR out-of-range compressor_pct\n")
string(APPEND want "ERROR out-of-range compressor_pct\n")
string(APPEND want "# comments and blank lines pass through\n\n")
string(APPEND want "0304010202053a5428b900\n")
run_pxcodec(encode "${in}" "${want}")

# --no-range-check builds refused frames but still checks wire types.
set(in "SET_STATE link_id=1 cmd_seq=1 compressor_pct=101 outputs=0 mode=1\n")
string(APPEND in "SET_STATE link_id=1 cmd_seq=1 compressor_pct=300 outputs=0 mode=1\n")
file(WRITE ${OUT}/pxcodec_norange.in "${in}")
execute_process(COMMAND ${PXCODEC} encode --no-range-check
  INPUT_FILE ${OUT}/pxcodec_norange.in OUTPUT_VARIABLE got)
if(NOT got MATCHES "^[0-9a-f]+00\nERROR out-of-range compressor_pct\n$")
  message(FATAL_ERROR "pxcodec encode --no-range-check: unexpected output:\n${got}")
endif()

# Bad hex lines.
set(in "zz00\n0b04\n0b00040100\n")
set(want "ERROR bad-hex\nERROR framing\nERROR framing\n")
run_pxcodec(decode "${in}" "${want}")
message(STATUS "pxcodec agrees with the vector files")
