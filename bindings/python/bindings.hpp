#pragma once
#include <pybind11/pybind11.h>

#include "casters.hpp"

namespace omilcrm::python {
void bind_errors(pybind11::module_& m);
void bind_values(pybind11::module_& m);
void bind_table(pybind11::module_& m);
void bind_database(pybind11::module_& m);
void bind_relationship(pybind11::module_& m);
void bind_requests(pybind11::module_& m);
void bind_database_handle(pybind11::module_& m);
}  // namespace omilcrm::python
