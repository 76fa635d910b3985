#pragma once
#include <pybind11/pybind11.h>

#include <omilcrm/error.hpp>

#include "casters.hpp"

namespace omilcrm::python {

/// The id behind `v` (an id or a record of type T) for the dict key `key`; ValidationError
/// naming the key otherwise.
template <class T>
Id ref_of(const std::string& key, const pybind11::handle& v) {
    try {
        return v.cast<Ref<T>>().id;
    } catch (const pybind11::cast_error&) {
        throw ValidationError(key, pybind11::repr(v).cast<std::string>(),
                              "expected an id or a " +
                                  pybind11::type_id<T>().substr(pybind11::type_id<T>().rfind(':') + 1));
    }
}

void bind_errors(pybind11::module_& m);
void bind_values(pybind11::module_& m);
void bind_table(pybind11::module_& m);
void bind_database(pybind11::module_& m);
void bind_relationship(pybind11::module_& m);
void bind_requests(pybind11::module_& m);
void bind_jobs(pybind11::module_& m);
void bind_database_handle(pybind11::module_& m);
}  // namespace omilcrm::python
