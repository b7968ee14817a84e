# Runs the dashboard's headless mode and checks its screenshot and state dump.
# -DGLASSBOX= -DCHECK= -DOUT=<path without extension> -DARGS=<list> -DCHECKS=<list>
execute_process(COMMAND ${GLASSBOX} ${ARGS} --screenshot ${OUT}.png --dump-state ${OUT}.json
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "glassbox exited with ${rc}\n${out}\n${err}")
endif()
execute_process(COMMAND ${CHECK} ${OUT}.png ${OUT}.json ${CHECKS}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}${err}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "screenshot check failed (${rc})")
endif()
