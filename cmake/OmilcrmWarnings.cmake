# Warnings for our own targets; errors when OMILCRM_WARNINGS_AS_ERRORS is on (CI).
function(omilcrm_warnings target)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic
      # Designated initializers leave fields at their defaults on purpose.
      -Wno-missing-field-initializers)
    if(OMILCRM_WARNINGS_AS_ERRORS)
      target_compile_options(${target} PRIVATE -Werror)
    endif()
  endif()
endfunction()
