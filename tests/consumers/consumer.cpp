// A program outside the project that uses the installed (or embedded) library.
#include <omilcrm/omilcrm.hpp>

#include <iostream>

int main() {
    auto db = omilcrm::Database::open(":memory:");
    auto office = db.offices().add({.name = "OMIL Concón", .commune = "concon"});
    const auto& commune = omilcrm::territory::commune(office.commune_code);
    std::cout << commune.name << ' ' << commune.code << ' ' << omilcrm::Rut("760864285").str() << '\n';
    return 0;
}
