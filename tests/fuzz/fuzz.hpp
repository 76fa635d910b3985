#pragma once
// The fuzz targets: each takes arbitrary bytes, feeds them to one parser and checks what the parser
// promises. A target returns normally when the parser either accepted the input (and the result
// keeps its invariants) or refused it with the exception it documents; anything else escapes:
// an invariant that does not hold throws Broken, and an unexpected exception is let through.
//
// Built two ways: with any compiler into one program, omilcrm_fuzz (driver.cpp), that runs a corpus
// and seeded random mutations of it (what ctest runs), and with clang into one libFuzzer program
// per target (OMILCRM_FUZZ, scripts/fuzz.sh), where OMILCRM_FUZZ_ENTRY defines
// LLVMFuzzerTestOneInput.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <string_view>

namespace omfuzz {

/// An invariant of the parser does not hold for this input.
class Broken : public std::logic_error {
public:
    using std::logic_error::logic_error;
};

/// Throws Broken with `what` when `ok` is false.
inline void expect(bool ok, const char* what) {
    if (!ok) throw Broken(what);
}

/// Each returns true when the parser accepted the input (the driver keeps such inputs to mutate
/// further), false when it refused it as documented.
bool csv(std::string_view input);
bool rut(std::string_view input);
bool open311(std::string_view input);

/// Bytes allocated and not yet freed, and the most there were since reset_peak(): meter.cpp counts
/// operator new, or every malloc under AddressSanitizer.
std::size_t live_bytes() noexcept;
std::size_t peak_bytes() noexcept;
void reset_peak() noexcept;

}  // namespace omfuzz

#ifdef OMILCRM_LIBFUZZER
// libFuzzer saves the input of any crash; an escaped exception is made one, with its message.
#define OMILCRM_FUZZ_ENTRY(target)                                                          \
    extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {     \
        try {                                                                               \
            target(std::string_view(reinterpret_cast<const char*>(data), size));            \
        } catch (const omfuzz::Broken& e) {                                                 \
            std::fprintf(stderr, "fuzz " #target ": invariant broken: %s\n", e.what());     \
            std::abort();                                                                   \
        } catch (const std::exception& e) {                                                 \
            std::fprintf(stderr, "fuzz " #target ": unexpected exception: %s\n", e.what()); \
            std::abort();                                                                   \
        }                                                                                   \
        return 0;                                                                           \
    }
#else
#define OMILCRM_FUZZ_ENTRY(target)
#endif
