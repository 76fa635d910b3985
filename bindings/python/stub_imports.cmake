# cmake -DSTUB=_core.pyi -P stub_imports.cmake
# The stub names pandas.DataFrame, pyarrow.Table and polars.DataFrame (Table.to_pandas, to_arrow,
# to_polars). pybind11-stubgen writes the import of a module only when it can import it while
# generating; these are optional extras, so the imports are made sure of here. Where one is not
# installed, mypy takes the type as Any (errors inside installed stubs are not reported).
file(READ "${STUB}" text)
set(imports "")
foreach(module pandas polars pyarrow)
  string(REGEX MATCH "\nimport ${module}\n" found "${text}")
  if(NOT found)
    string(APPEND imports "import ${module}\n")
  endif()
endforeach()
if(imports)
  string(REPLACE "from __future__ import annotations\n" "from __future__ import annotations\n${imports}" text "${text}")
  file(WRITE "${STUB}" "${text}")
endif()
