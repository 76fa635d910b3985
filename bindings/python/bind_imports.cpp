// Reading offices' spreadsheets and importing from them.
#include <pybind11/stl.h>

#include <cctype>
#include <fstream>
#include <sstream>

#include <omilcrm/imports.hpp>
#include <omilcrm/offices.hpp>

#include "bindings.hpp"
#include "records.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace omilcrm::python {

namespace {

// A path (str or os.PathLike) is read from disk; bytes are the file's contents.
csv::Document document_of(const py::object& source, std::optional<std::string> delimiter,
                          std::optional<std::string> encoding) {
    std::string bytes;
    if (py::isinstance<py::bytes>(source)) {
        bytes = source.cast<std::string>();
    } else {
        const std::string path = py::str(py::module_::import("os").attr("fspath")(source)).cast<std::string>();
        std::string lower = path;
        for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (lower.size() > 5 && lower.compare(lower.size() - 5, 5, ".xlsx") == 0) {
            // An Excel workbook: its first sheet, read by openpyxl into CSV text.
            bytes = py::module_::import("omilcrm._sheets").attr("xlsx_bytes")(path).cast<std::string>();
            return csv::parse(bytes, ',', csv::Encoding::Utf8);
        }
        bytes = csv::read_file(path);
    }
    std::optional<char> d;
    if (delimiter) {
        if (delimiter->size() != 1 && *delimiter != "\\t")
            throw ValidationError("delimiter", *delimiter, "expected one character");
        d = *delimiter == "\\t" ? '\t' : (*delimiter)[0];
    }
    std::optional<csv::Encoding> e;
    if (encoding) e = csv::parse_encoding(*encoding);
    return csv::parse(bytes, d, e);
}

ImportReport run(Imports& r, const std::string& kind, Ref<Office> office, const py::object& source, bool dry_run,
                 bool skip_invalid, const std::optional<std::map<std::string, std::string>>& mapping,
                 const std::optional<std::string>& delimiter, const std::optional<std::string>& encoding,
                 const py::object& progress) {
    const csv::Document doc =
        py::isinstance<csv::Document>(source) ? source.cast<csv::Document>() : document_of(source, delimiter, encoding);
    ImportOptions o;
    o.office_id = office.id;
    o.dry_run = dry_run;
    o.skip_invalid = skip_invalid;
    if (mapping) o.mapping = *mapping;
    o.progress = python_progress(progress, kind.c_str());
    return r.run(kind, doc, o);
}

// What each import reads, for its docstring.
const std::map<std::string, std::string> kImportDoc = {
    {"employers",
     "Employers, matched by RUT: new ones added, changed values updated (the change log keeps the old "
     "ones). Spanish headers (RUT, Razón Social, Comuna, ...) are recognised."},
    {"contacts", "Contacts of the office's employers (by the employer's RUT), matched by e-mail or name."},
    {"memberships", "Cluster membership periods: RUT, cluster (Parque), joined, left."},
    {"interactions",
     "The interaction log: RUT, date, time, kind (visita, llamada, ...), staff (by name), contacts, "
     "summary, outcome, next step. A changed outcome is a correction (revision kept)."},
    {"requests",
     "Service requests: RUT, category, description, address, received, status, status_on; each new "
     "one opened and routed as on its received day, then taken to the file's status."},
    {"vacancies",
     "Vacancies: RUT, title, ISCO occupation, positions, wages, type, shift, education, ... matched by "
     "employer, title and capture date."},
    {"seekers", "Job seekers by RUT, with their consent (consent_on and consent_scope required for new ones)."},
};

}  // namespace

void bind_imports(py::module_& m) {
    py::class_<csv::Document>(m, "CsvDocument", "A spreadsheet read into a header and rows (text, UTF-8).")
        .def_readonly("header", &csv::Document::header, "The first line's cells, a list of str.")
        .def_property_readonly(
            "rows",
            [](const csv::Document& d) {
                // Every row as wide as the header, as a spreadsheet shows it (the library keeps
                // only the cells a row has).
                py::list out;
                for (const auto& r : d.rows) {
                    py::list row;
                    for (std::size_t c = 0; c < std::max(r.size(), d.header.size()); ++c)
                        row.append(py::str(std::string(c < r.size() ? r[c] : std::string())));
                    out.append(std::move(row));
                }
                return out;
            },
            "The rows, each a list as long as the header (missing cells are '').")
        .def_readonly("lines", &csv::Document::lines,
                      "The file line where each row starts (1 is the header), a list of int.")
        .def_property_readonly(
            "delimiter", [](const csv::Document& d) { return std::string(1, d.delimiter); },
            "The delimiter read or given: ',' or ';'.")
        .def_property_readonly(
            "encoding", [](const csv::Document& d) { return std::string(csv::to_string(d.encoding)); },
            "The encoding read or given: 'utf-8' or 'windows-1252'.")
        .def("__len__", [](const csv::Document& d) { return d.rows.size(); })
        .def("__repr__", [](const csv::Document& d) {
            return "CsvDocument(" + std::to_string(d.rows.size()) +
                   " rows, delimiter=" + q(std::string(1, d.delimiter)) +
                   ", encoding=" + q(std::string(csv::to_string(d.encoding))) + ")";
        });
    m.def("read_csv", &document_of, "source"_a, py::kw_only(), "delimiter"_a = py::none(), "encoding"_a = py::none(),
          "Reads a CSV file (a path, or its bytes): UTF-8 or Windows-1252 and ',' or ';' are detected unless "
          "given; blank lines are skipped.");

    py::class_<RowProblem>(m, "RowProblem", "Why a row was rejected: line, column (as the file names it), value.")
        .def_readonly("line", &RowProblem::line, "The file line of the row (1 is the header).")
        .def_readonly("column", &RowProblem::column, "The column refused, as the file names it.")
        .def_readonly("value", &RowProblem::value, "The value refused, as the file has it.")
        .def_readonly("why", &RowProblem::why, "Why it was refused.")
        .def("__repr__", [](const RowProblem& p) {
            return "RowProblem(line=" + std::to_string(p.line) + ", column=" + q(p.column) + ", value=" + q(p.value) +
                   ", why=" + q(p.why) + ")";
        });
    py::class_<ImportDuplicate> likely(
        m, "ImportDuplicate",
        "A new row of the employers import that looks like an employer the office already has (or an earlier "
        "row of the file): a warning, the row is imported. line, employer_id (the row's; 0 when nothing was "
        "written), existing_id, score (0 to 1) and reasons ('same_name, same_phone').");
    def_fields(likely);
    likely.def("__repr__", [](const ImportDuplicate& d) {
        return record_repr(d, "ImportDuplicate", {"line", "employer_id", "existing_id", "score", "reasons"});
    });
    py::class_<ImportReport>(m, "ImportReport", "What an import did, or would do (dry run).")
        .def_readonly("rows", &ImportReport::rows, "Data rows read (blank lines not counted).")
        .def_readonly("created", &ImportReport::created, "Records added (or that a dry run would add).")
        .def_readonly("updated", &ImportReport::updated, "Records changed (or that a dry run would change).")
        .def_readonly("unchanged", &ImportReport::unchanged, "Rows that matched a record already as the file has it.")
        .def_readonly("problems", &ImportReport::problems, "One RowProblem per rejected row, in file order.")
        .def_readonly("ignored_columns", &ImportReport::ignored_columns,
                      "Headers that mean nothing to this import, a list of str.")
        .def_readonly("written", &ImportReport::written,
                      "Whether anything was written: False for a dry run, or when a bad row stopped an "
                      "all-or-nothing import.")
        .def_readonly("likely_duplicates", &ImportReport::likely_duplicates,
                      "Employers import only: the new rows that look like an employer the office already has, "
                      "a list of ImportDuplicate (warnings: the rows are imported; db.duplicates.merge joins them "
                      "once checked).")
        .def_readonly("rejected_csv", &ImportReport::rejected_csv,
                      "The rejected rows as CSV text, with the file's header and a last 'problem' column, ready "
                      "to be fixed and imported again.")
        .def("__repr__", [](const ImportReport& r) {
            return "ImportReport(rows=" + std::to_string(r.rows) + ", created=" + std::to_string(r.created) +
                   ", updated=" + std::to_string(r.updated) + ", unchanged=" + std::to_string(r.unchanged) +
                   ", problems=" + std::to_string(r.problems.size()) + ", written=" + (r.written ? "True" : "False") +
                   ")";
        });
    py::class_<Imports> imports(m, "Imports", "Imports from the spreadsheets offices keep.");
    imports.def("__repr__", [](const Imports&) { return std::string("<omilcrm.Imports>"); })
        .def(
            "export_employers", [](const Imports& r, Ref<Office> office) { return r.export_employers(office.id); },
            "office"_a,
            "The office's employers in the columns employers() reads: exported, imported into another file "
            "and exported again, the same.")
        .def("run", &run, "kind"_a, "office"_a, "source"_a, py::kw_only(), "dry_run"_a = false,
             "skip_invalid"_a = false, "mapping"_a = py::none(), "delimiter"_a = py::none(), "encoding"_a = py::none(),
             "progress"_a = py::none(),
             "The import of `kind` (see kinds()) from a CSV or .xlsx file (path), its bytes, or a CsvDocument. All "
             "or nothing unless skip_invalid; dry_run writes nothing; mapping={'File header': 'field'}; progress: "
             "a callable progress(done, total) or True for a progress bar. Ctrl-C stops it and rolls it back.")
        .def(
            "export",
            [](Imports& r, const std::string& kind, Ref<Office> office, bool personal,
               std::optional<std::string> purpose, std::optional<Ref<StaffMember>> staff) {
                ExportOptions o{.personal = personal, .purpose = purpose.value_or("")};
                if (staff) o.staff_id = staff->id;
                return r.export_rows(kind, office.id, o);
            },
            "kind"_a, "office"_a, py::kw_only(), "personal"_a = false, "purpose"_a = py::none(), "staff"_a = py::none(),
            "The office's rows of `kind` in exactly the columns its import reads: exported, imported into another "
            "file and exported again, the same. Job seekers only with personal=True and a purpose (logged).")
        .def_static("kinds", &Imports::kinds, "The import kinds, in the order to import them.")
        .def_static("fields", &Imports::fields, "kind"_a, "The fields of an import and the headers each accepts.");
    // One method per kind: db.imports.vacancies(office, "vacantes.xlsx", skip_invalid=True).
    static std::vector<std::string> docs;  // pybind11 keeps a pointer to each docstring
    docs.reserve(Imports::kinds().size());
    for (const auto& kind : Imports::kinds()) {
        docs.push_back(kImportDoc.at(kind) +
                       " From a CSV or .xlsx file (path), its bytes, or a CsvDocument. All or "
                       "nothing unless skip_invalid; dry_run writes nothing; progress: a callable "
                       "progress(done, total) or True for a progress bar. Ctrl-C stops it and rolls it back.");
        imports.def(
            kind.c_str(),
            [kind](Imports& r, Ref<Office> office, const py::object& source, bool dry_run, bool skip_invalid,
                   std::optional<std::map<std::string, std::string>> mapping, std::optional<std::string> delimiter,
                   std::optional<std::string> encoding, const py::object& progress) {
                return run(r, kind, office, source, dry_run, skip_invalid, mapping, delimiter, encoding, progress);
            },
            "office"_a, "source"_a, py::kw_only(), "dry_run"_a = false, "skip_invalid"_a = false,
            "mapping"_a = py::none(), "delimiter"_a = py::none(), "encoding"_a = py::none(), "progress"_a = py::none(),
            docs.back().c_str());
    }
}

}  // namespace omilcrm::python
