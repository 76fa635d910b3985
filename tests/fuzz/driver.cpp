// omilcrm_fuzz: runs a fuzz target without libFuzzer, so any compiler can: first every file of its
// corpus, then random mutations of them (bit flips, inserted and deleted bytes, tokens of the
// target's dictionary, splices of two inputs) from a fixed seed, until a time or run limit. Inputs
// the parser accepted join the pool that is mutated further. The same seed and --runs give the
// same inputs.
//
// The first failure (an invariant broken, an exception the parser does not document, a crash or a
// sanitizer report) writes the input to crash-<target>-<hash> and exits 1; `omilcrm_fuzz TARGET
// FILE` replays it.
#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

#include "fuzz.hpp"

#if defined(__SANITIZE_ADDRESS__)
#define OMFUZZ_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(undefined_behavior_sanitizer)
#define OMFUZZ_SANITIZER 1
#endif
#endif
#ifdef OMFUZZ_SANITIZER
#include <sanitizer/common_interface_defs.h>
#endif

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct Target {
    const char* name;
    bool (*run)(std::string_view);
    /// Tokens worth inserting: the syntax and the awkward bytes of the target's input.
    std::vector<std::string_view> dictionary;
};

const std::vector<Target>& targets() {
    static const std::vector<Target> all = {
        {"csv",
         omfuzz::csv,
         {"\"",
          "\"\"",
          ";",
          ",",
          "\r\n",
          "\n",
          "\r",
          "\t",
          "|",
          " ",
          "\xEF\xBB\xBF",
          "\xC3\xB3",
          "\xF3",
          "\xE9",
          "\xD1",
          "\x80",
          "\x81",
          "\x9F",
          "\xFF",
          "\xC0\x80",
          "\xED\xA0\x80",
          "\xF4\x90\x80\x80",
          "\xE2\x82",
          std::string_view("\0", 1),
          "RUT;Raz\xF3n Social;Comuna",
          "rut,name,commune",
          "\"a\nb\"",
          "\"\"\"\""}},
        {"rut",
         omfuzz::rut,
         {".",
          "-",
          "k",
          "K",
          "0",
          "9",
          " ",
          "\t",
          "99.999.999",
          "100.000.000",
          "76.086.428-5",
          "12345678-K",
          "4294967295",
          "18446744073709551616",
          "\xC2\xA0",
          ",",
          "\xD9\xA3",
          "--",
          "..",
          std::string_view("\0", 1)}},
        {"open311",
         omfuzz::open311,
         {"&",
          "=",
          "+",
          "%",
          "%00",
          "%0A",
          "%C3%B3",
          "%F3",
          "%FF",
          "%2",
          "%25",
          "service_code=",
          "lat=",
          "long=",
          "address_string=",
          "description=",
          "email=",
          "phone=",
          "first_name=",
          "last_name=",
          "attribute[",
          "]",
          "attribute[trees]=",
          "tree_pruning",
          "street_lights",
          "security_patrol",
          "other",
          "nan",
          "inf",
          "-33.0",
          "1e308",
          "-71.5",
          "0x1p3",
          "+56 9 8765 4321",
          "omil@concon.cl"}},
    };
    return all;
}

// The input being run, and where a failing one goes: "DIR/crash-TARGET-" and its hash. Written
// by the crash handlers too, so with open() and write() only.
std::string_view g_input;
char g_crash_prefix[2048];
char g_crash_path[2048 + 16];

std::uint64_t fnv1a(std::string_view s) {
    std::uint64_t h = 1469598103934665603ull;
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
    return h;
}

const char* save_input() {
    const std::size_t n = std::strlen(g_crash_prefix);
    std::memcpy(g_crash_path, g_crash_prefix, n);
    const std::uint64_t h = fnv1a(g_input);
    for (int i = 0; i < 16; ++i)
        g_crash_path[n + static_cast<std::size_t>(i)] = "0123456789abcdef"[(h >> (60 - 4 * i)) & 0xF];
    g_crash_path[n + 16] = '\0';
    const int fd = ::open(g_crash_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) return "(could not be saved)";
    std::size_t done = 0;
    while (done < g_input.size()) {
        const auto w = ::write(fd, g_input.data() + done, g_input.size() - done);
        if (w <= 0) break;
        done += static_cast<std::size_t>(w);
    }
    ::close(fd);
    return g_crash_path;
}

// After a crash or a sanitizer report: the input is saved and its path told.
void save_input_after_crash() {
    const char* path = save_input();
    constexpr char kSaved[] = "omilcrm_fuzz: the input is saved in ";
    [[maybe_unused]] auto a = ::write(2, kSaved, sizeof kSaved - 1);
    [[maybe_unused]] auto b = ::write(2, path, std::strlen(path));
    [[maybe_unused]] auto c = ::write(2, "\n", 1);
}

#ifdef OMFUZZ_SANITIZER
void on_sanitizer_death() { save_input_after_crash(); }
#endif
void on_signal(int sig) {
    save_input_after_crash();
    std::signal(sig, SIG_DFL);
    std::raise(sig);
}

// The input in C notation, cut at 300 bytes.
std::string shown(std::string_view s) {
    std::string out = "\"";
    for (std::size_t i = 0; i < s.size() && i < 300; ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c == '"' || c == '\\') out += {'\\', static_cast<char>(c)};
        else if (c == '\n') out += "\\n";
        else if (c == '\r') out += "\\r";
        else if (c == '\t') out += "\\t";
        else if (c < 0x20 || c >= 0x7F) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02X", c);
            out += buf;
        } else out += static_cast<char>(c);
    }
    out += s.size() > 300 ? "\"..." : "\"";
    return out + " (" + std::to_string(s.size()) + " bytes)";
}

enum class Outcome { Accepted, Refused, Failed };

// Runs the input; on a failure says what and where from (`origin()`), and saves the input.
template <class Origin>
Outcome run_one(const Target& t, std::string_view input, Origin&& origin) {
    g_input = input;
    std::string failure;
    try {
        return t.run(input) ? Outcome::Accepted : Outcome::Refused;
    } catch (const omfuzz::Broken& e) {
        failure = std::string("invariant broken: ") + e.what();
    } catch (const std::exception& e) {
        failure = std::string("unexpected exception: ") + e.what();
    } catch (...) {
        failure = "unexpected exception of a type not derived from std::exception";
    }
    const char* path = save_input();
    std::fprintf(stderr, "omilcrm_fuzz %s: FAILED on %s\n  %s\n  input: %s\n  replay: omilcrm_fuzz %s %s\n", t.name,
                 std::string(origin()).c_str(), failure.c_str(), shown(input).c_str(), t.name, path);
    return Outcome::Failed;
}

std::string read_bytes(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

class Mutator {
public:
    Mutator(std::uint64_t seed, const Target& t, std::size_t max_len) : rng_(seed), t_(t), max_len_(max_len) {}

    std::string mutate(const std::vector<std::string>& pool) {
        std::string s = pool[below(pool.size())];
        const std::size_t steps = 1 + below(4);
        for (std::size_t i = 0; i < steps; ++i) step(s, pool);
        if (s.size() > max_len_) s.resize(max_len_);
        return s;
    }

private:
    std::size_t below(std::size_t n) { return n ? std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_) : 0; }
    char byte() { return static_cast<char>(below(256)); }

    void step(std::string& s, const std::vector<std::string>& pool) {
        const std::size_t at = below(s.size() + 1);
        switch (below(9)) {
            case 0:  // flip a bit
                if (!s.empty()) s[below(s.size())] ^= static_cast<char>(1u << below(8));
                break;
            case 1:  // set a byte
                if (!s.empty()) s[below(s.size())] = byte();
                break;
            case 2:  // insert a few random bytes
                for (std::size_t n = 1 + below(4); n > 0; --n)
                    s.insert(s.begin() + static_cast<std::ptrdiff_t>(at), byte());
                break;
            case 3:
            case 4: {  // insert or overwrite with a token of the dictionary
                const auto token = t_.dictionary[below(t_.dictionary.size())];
                if (below(2) || at == s.size()) s.insert(at, token);
                else s.replace(at, token.size(), token);
                break;
            }
            case 5:  // delete a run of bytes
                if (!s.empty()) s.erase(below(s.size()), 1 + below(16));
                break;
            case 6: {  // copy a run of the input elsewhere in it
                if (s.empty()) break;
                const std::size_t from = below(s.size());
                const std::string chunk = s.substr(from, 1 + below(32));
                s.insert(below(s.size() + 1), chunk);
                break;
            }
            case 7: {  // splice: this input's head with another's tail
                const std::string& other = pool[below(pool.size())];
                s = s.substr(0, at) + other.substr(below(other.size() + 1));
                break;
            }
            default: {  // a run of another input inserted here
                const std::string& other = pool[below(pool.size())];
                if (other.empty()) break;
                const std::size_t from = below(other.size());
                s.insert(at, other.substr(from, 1 + below(64)));
                break;
            }
        }
    }

    std::mt19937_64 rng_;
    const Target& t_;
    std::size_t max_len_;
};

int usage() {
    std::fprintf(stderr,
                 "usage: omilcrm_fuzz TARGET [--corpus DIR] [--seconds S] [--runs N] [--seed N] [--max-len N]\n"
                 "                    [--crash-dir DIR] [FILE...]\n"
                 "  TARGET is csv, rut or open311. With FILEs, runs only them (to replay a failure);\n"
                 "  otherwise every file of DIR, then mutations of them for S seconds (default 10)\n"
                 "  or N runs, from seed N (default 1), at most --max-len bytes each (default 4096).\n");
    return 2;
}

}  // namespace

#ifdef OMFUZZ_SANITIZER
// UBSan's defaults for this program (UBSAN_OPTIONS still overrides them): stop at the first report,
// with its stack, by abort() so that the input is saved.
extern "C" const char* __ubsan_default_options() { return "halt_on_error=1:abort_on_error=1:print_stacktrace=1"; }
#endif

int main(int argc, char** argv) {
    if (argc < 2) return usage();
    const Target* target = nullptr;
    for (const auto& t : targets())
        if (std::string_view(argv[1]) == t.name) target = &t;
    if (!target) return usage();

    std::string corpus_dir, crash_dir = ".";
    double seconds = 10;
    std::uint64_t runs = 0, seed = 1;
    std::size_t max_len = 4096;
    std::vector<std::string> files;
    for (int i = 2; i < argc; ++i) {
        const std::string_view a = argv[i];
        auto value = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
        const char* v = nullptr;
        if (a == "--corpus" && (v = value())) corpus_dir = v;
        else if (a == "--seconds" && (v = value())) seconds = std::stod(v);
        else if (a == "--runs" && (v = value())) runs = std::stoull(v);
        else if (a == "--seed" && (v = value())) seed = std::stoull(v);
        else if (a == "--max-len" && (v = value())) max_len = std::stoul(v);
        else if (a == "--crash-dir" && (v = value())) crash_dir = v;
        else if (!a.starts_with("--")) files.emplace_back(a);
        else return usage();
    }

    const std::string prefix = (fs::path(crash_dir) / (std::string("crash-") + target->name + "-")).string();
    if (prefix.size() >= sizeof g_crash_prefix) return usage();
    std::memcpy(g_crash_prefix, prefix.c_str(), prefix.size() + 1);

#ifdef OMFUZZ_SANITIZER
    // AddressSanitizer calls this before it exits. With gcc, UBSan is a runtime of its own that
    // does not: it aborts instead (abort_on_error, below), and SIGABRT saves the input.
    __sanitizer_set_death_callback(on_sanitizer_death);
    std::signal(SIGABRT, on_signal);
#else
    for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT}) std::signal(sig, on_signal);
#endif

    if (!files.empty()) {
        for (const auto& f : files) {
            if (!fs::is_regular_file(f)) {
                std::fprintf(stderr, "omilcrm_fuzz: %s is not a file\n", f.c_str());
                return 2;
            }
            const std::string input = read_bytes(f);
            if (run_one(*target, input, [&] { return f; }) == Outcome::Failed) return 1;
        }
        std::printf("omilcrm_fuzz %s: %zu files passed\n", target->name, files.size());
        return 0;
    }

    std::vector<std::string> pool;
    if (!corpus_dir.empty()) {
        std::vector<fs::path> paths;
        for (const auto& e : fs::directory_iterator(corpus_dir))
            if (e.is_regular_file()) paths.push_back(e.path());
        std::sort(paths.begin(), paths.end());
        for (const auto& p : paths) {
            pool.push_back(read_bytes(p));
            if (run_one(*target, pool.back(), [&] { return p.string(); }) == Outcome::Failed) return 1;
        }
    }
    const std::size_t corpus_size = pool.size();
    if (pool.empty()) pool.emplace_back();

    // Accepted inputs join the pool up to this many; past it they replace one at random.
    const std::size_t pool_limit = std::max<std::size_t>(1024, corpus_size + 256);
    Mutator mutator(seed, *target, max_len);
    std::mt19937_64 keep(seed ^ 0x9E3779B97F4A7C15ull);
    const auto start = Clock::now();
    const auto deadline = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
    std::uint64_t done = 0, accepted = 0;
    while (runs ? done < runs : Clock::now() < deadline) {
        std::string input = mutator.mutate(pool);
        const Outcome o = run_one(*target, input, [&] {
            return "mutation " + std::to_string(done + 1) + " of seed " + std::to_string(seed) + " (--runs " +
                   std::to_string(done + 1) + " replays it)";
        });
        if (o == Outcome::Failed) return 1;
        ++done;
        if (o == Outcome::Accepted) {
            ++accepted;
            if (pool.size() < pool_limit) pool.push_back(std::move(input));
            else pool[corpus_size + keep() % (pool_limit - corpus_size)] = std::move(input);
        }
    }
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    std::printf(
        "omilcrm_fuzz %s: %zu corpus files and %llu mutations (seed %llu) in %.1f s, %.0f%% accepted, "
        "no failure\n",
        target->name, corpus_size, static_cast<unsigned long long>(done), static_cast<unsigned long long>(seed),
        elapsed, done ? 100.0 * static_cast<double>(accepted) / static_cast<double>(done) : 0.0);
    return 0;
}
