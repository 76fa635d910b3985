# Instrumentation for our own targets, off by default:
#  OMILCRM_SANITIZE: AddressSanitizer and UndefinedBehaviorSanitizer (with float-cast-overflow,
#    which gcc's -fsanitize=undefined leaves out), every report fatal, and libstdc++'s checks of
#    operator[], front() and the like (scripts/sanitize.sh);
#  OMILCRM_FUZZ: clang's libFuzzer coverage, for the programs of tests/fuzz (scripts/fuzz.sh).
# The link options reach whatever links the target, in this build tree only.
function(omilcrm_sanitize target)
  if(OMILCRM_SANITIZE)
    set(_flags -fsanitize=address,undefined,float-cast-overflow -fno-sanitize-recover=all
      -fno-omit-frame-pointer)
    target_compile_options(${target} PRIVATE ${_flags})
    target_compile_definitions(${target} PRIVATE _GLIBCXX_ASSERTIONS)
    target_link_options(${target} PUBLIC $<BUILD_INTERFACE:${_flags}>)
  endif()
  if(OMILCRM_FUZZ)
    target_compile_options(${target} PRIVATE -fsanitize=fuzzer-no-link)
  endif()
endfunction()
