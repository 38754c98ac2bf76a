// Every subcommand's argument handling, up to the point where it would open its first file
// (cli::before_io, which throws in parse-only mode): option names and values, numbers, quantities
// (`15min`, `1.2km`, `--max-memory 2G`), lists (`--category a,b`, `--at LON,LAT`, `--class-map A=B`),
// coordinates of the demonstration data. The input is an argv: items separated by NUL or newline bytes,
// the first naming the command as `plan COMMAND ...` does. Nothing is read or written: the target runs in
// an empty directory and checks it stays empty. A usage error (plan::UsageError) or another plan::Error
// is a refusal with a message; any other exception would reach the user as a bare library message
// ("stod", "vector::_M_range_check") and is a finding.
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "commands.hpp"
#include "fuzz_support.hpp"
#include "parse_only.hpp"
#include "plan/error.hpp"

namespace {

std::filesystem::path work_dir;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  cli::set_parse_only(true);
  // --help prints to stdout: send it nowhere (libFuzzer reports on stderr).
  const int null = open("/dev/null", O_WRONLY);
  if (null >= 0) dup2(null, STDOUT_FILENO), close(null);
  char dir[] = "/tmp/fuzz_cli.XXXXXX";
  if (!mkdtemp(dir)) std::abort();
  work_dir = dir;
  std::filesystem::current_path(work_dir);  // (scripts/fuzz.sh gives libFuzzer absolute paths)
  std::atexit([] {
    std::error_code ec;
    std::filesystem::remove_all(work_dir, ec);
  });
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<std::string> argv(1);
  for (size_t i = 0; i < size; ++i) {
    const char c = static_cast<char>(data[i]);
    if (c == '\0' || c == '\n')
      argv.emplace_back();
    else
      argv.back().push_back(c);
  }
  const std::string name = argv.front();
  cli::Arguments args;
  for (size_t i = 1; i < argv.size(); ++i)
    if (argv[i] != "--timings") args.push_back(argv[i]);  // taken by main for every command
  for (const cli::Command& c : cli::commands()) {
    if (name != c.name) continue;
    try {
      const int code = c.run(args);
      FUZZ_CHECK(code == 0 || code == 2);  // --help, or the usage printed for no arguments
    } catch (const cli::ParseOnlyStop&) {
    } catch (const plan::UsageError& e) {
      FUZZ_CHECK(std::strlen(e.what()) > 0);
    } catch (const plan::Error& e) {
      FUZZ_CHECK(std::strlen(e.what()) > 0);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "plan %s: not a plan::Error: %s\n", name.c_str(), e.what());
      FUZZ_CHECK(!"an exception other than plan::Error escaped the argument handling");
    }
    break;
  }
  FUZZ_CHECK(std::filesystem::is_empty(work_dir));  // nothing was written
  return 0;
}
