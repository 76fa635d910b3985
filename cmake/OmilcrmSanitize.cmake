# OMILCRM_SANITIZE (off by default): our own targets built with AddressSanitizer and
# UndefinedBehaviorSanitizer, any undefined behaviour fatal, and libstdc++'s checks of operator[],
# front() and the like (scripts/sanitize.sh). The link options reach whatever links the target, in
# this build tree only.
function(omilcrm_sanitize target)
  if(OMILCRM_SANITIZE)
    set(_flags -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
    target_compile_options(${target} PRIVATE ${_flags})
    target_compile_definitions(${target} PRIVATE _GLIBCXX_ASSERTIONS)
    target_link_options(${target} PUBLIC $<BUILD_INTERFACE:${_flags}>)
  endif()
endfunction()
