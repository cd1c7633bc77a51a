# modelhub_module(NAME <name> SRCS ... [TESTS ...] [DEPS ...] [PRIVATE_DEPS ...])
#
# Declares the static library modelhub::<name> with include root src/, the warnings every target
# gets, and a gtest binary <name>_test that links only this module (plus what it declares), so an
# undeclared dependency between modules fails at link time.
include_guard(GLOBAL)

function(modelhub_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow)
  if(MODELHUB_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

function(modelhub_module)
  cmake_parse_arguments(M "" "NAME" "SRCS;TESTS;DEPS;PRIVATE_DEPS" ${ARGN})
  set(lib modelhub_${M_NAME})
  add_library(${lib} STATIC ${M_SRCS})
  add_library(modelhub::${M_NAME} ALIAS ${lib})
  target_include_directories(${lib} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(${lib} PUBLIC ${M_DEPS} PRIVATE ${M_PRIVATE_DEPS})
  modelhub_warnings(${lib})
  if(M_TESTS AND BUILD_TESTING)
    add_executable(${M_NAME}_test ${M_TESTS})
    target_link_libraries(${M_NAME}_test PRIVATE ${lib} GTest::gtest_main GTest::gmock)
    modelhub_warnings(${M_NAME}_test)
    add_test(NAME unit.${M_NAME} COMMAND ${M_NAME}_test)
    set_tests_properties(unit.${M_NAME} PROPERTIES LABELS unit)
    set_property(GLOBAL APPEND PROPERTY MODELHUB_TEST_TARGETS ${M_NAME}_test)
  endif()
endfunction()
