# Renders every lesson headless, run to its end (its result stated), into
# docs/screenshots/lessons/NN-slug.png (English) and NN-slug.ko.png (Korean):
# 1920x1080 at font scale 2 (the projector case), dark theme, as 256-colour
# PNGs (--palette). Run it with `cmake --build BUILD --target lesson_screenshots`
# (it needs an X server; without $DISPLAY it uses xvfb-run). Not part of CI:
# the PNGs are committed, and docs/lessons.md shows them.
# -DGLASSBOX=<the dashboard> -DSOURCE=<source tree> [-DOUT_DIR=<folder>] [-DLESSONS=id;id]
if(NOT OUT_DIR)
  set(OUT_DIR ${SOURCE}/docs/screenshots/lessons)
endif()
file(MAKE_DIRECTORY ${OUT_DIR})
set(prefix)
if("$ENV{DISPLAY}" STREQUAL "")
  find_program(XVFB_RUN xvfb-run REQUIRED)
  set(prefix ${XVFB_RUN} -a)
endif()
if(NOT LESSONS)
  file(GLOB jsons ${SOURCE}/assets/lessons/*.json)
  list(SORT jsons)
  foreach(j ${jsons})
    get_filename_component(id ${j} NAME_WE)
    list(APPEND LESSONS ${id})
  endforeach()
endif()
foreach(id ${LESSONS})
  foreach(lang en ko)
    if(lang STREQUAL "en")
      set(png ${OUT_DIR}/${id}.png)
    else()
      set(png ${OUT_DIR}/${id}.ko.png)
    endif()
    execute_process(
      COMMAND ${prefix} ${GLASSBOX} --lesson ${id} --steps 20000000 --size 1920x1080 --font-scale 2
              --lang ${lang} --theme dark --palette --screenshot ${png}
      RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "lesson ${id} (${lang}): glassbox exited with ${rc}\n${out}${err}")
    endif()
    file(SIZE ${png} bytes)
    math(EXPR kib "${bytes} / 1024")
    message(STATUS "${png}: ${kib} KiB")
    if(bytes GREATER 256000)
      message(WARNING "${png} is ${kib} KiB: keep lesson screenshots under 250 KB")
    endif()
  endforeach()
endforeach()
