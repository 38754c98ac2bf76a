// The command line of every `plan` command as a user meets it: --help (also beside a wrong option), and
// unknown options, missing values and bad numbers refused with exit code 2 and the option named. None of
// these runs reads a file: the paths given do not exist.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "test_support.hpp"

using test_support::run_plan;

namespace {

// Every command as `plan --help` lists it, with what must precede its options (tile and roads take a
// measure or a subcommand first).
const std::vector<std::string> kCommands = {
    "coverage",           "reach",     "lifecircle", "isochrone",     "suggest-stops",
    "suggest-facilities", "demo-data", "tile reach", "tile coverage", "roads density",
    "roads connect",      "check",     "report",     "convert",       "elderly-care"};

bool mentions(const std::string& text, const std::string& what) {
  return text.find(what) != std::string::npos;
}

}  // namespace

TEST(CliOptions, TopLevelHelpListsEveryCommand) {
  const auto r = run_plan("--help");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  for (const char* c : {"coverage", "reach", "lifecircle", "isochrone", "suggest-stops", "suggest-facilities",
                        "demo-data", "tile", "roads", "check", "report", "convert"})
    EXPECT_TRUE(mentions(r.out, c)) << c << " missing from:\n" << r.out;
}

TEST(CliOptions, EveryCommandPrintsItsHelpAndExitsZero) {
  for (const std::string& c : kCommands) {
    const auto r = run_plan(c + " --help");
    EXPECT_EQ(r.exit_code, 0) << c << ": " << r.err;
    EXPECT_TRUE(mentions(r.out, "Usage: plan " + c)) << c << ":\n" << r.out;
    EXPECT_TRUE(mentions(r.out, "--timings")) << c << ":\n" << r.out;
  }
}

TEST(CliOptions, HelpWinsBesideAWrongOptionOrValue) {
  for (const std::string& c : kCommands) {
    for (const char* wrong : {"--bogus", "--radius", "--max-snap 500abc"}) {
      const auto r = run_plan(c + " " + wrong + " --help");
      EXPECT_EQ(r.exit_code, 0) << c << " " << wrong << ": " << r.err;
      EXPECT_TRUE(mentions(r.out, "Usage: plan " + c)) << c << " " << wrong;
    }
  }
  EXPECT_EQ(run_plan("reach -h --bogus").exit_code, 0);
}

TEST(CliOptions, HelpKeepsTheCommandsExplanationAndDescribesEachOption) {
  const auto r = run_plan("reach --help");
  // The prose: what the command does (footer), each option with its own line.
  EXPECT_TRUE(mentions(r.out, "one multi-source shortest-path pass")) << r.out;
  EXPECT_TRUE(mentions(r.out, "--max-memory SIZE (2G, 512MiB, ...)")) << r.out;
  for (const char* o :
       {"--network DS", "--network-layer L", "--network-where SQL", "--homes DS", "--within 15min|1000m",
        "--speed-kmh KMH", "--max-snap M", "--out OUT", "--json", "--gcj02 NAMES", "--crs EPSG:N"})
    EXPECT_TRUE(mentions(r.out, o)) << o << " missing from:\n" << r.out;
}

TEST(CliOptions, SharedOptionsAreDescribedTheSameWayInEveryCommand) {
  // --max-snap's line (after the option's name) as each command's help prints it.
  auto line_of = [](const std::string& help, const std::string& option) {
    const auto at = help.find("  " + option + " ");
    return at == std::string::npos ? std::string() : help.substr(at, help.find('\n', at) - at);
  };
  const std::string reach = line_of(run_plan("reach --help").out, "--speed-kmh");
  ASSERT_FALSE(reach.empty());
  for (const char* c : {"lifecircle", "isochrone", "suggest-facilities", "tile reach"})
    EXPECT_EQ(line_of(run_plan(std::string(c) + " --help").out, "--speed-kmh"), reach) << c;
  const std::string crs = line_of(run_plan("coverage --help").out, "--assume-crs");
  ASSERT_FALSE(crs.empty());
  for (const char* c : {"reach", "suggest-stops", "roads density", "check", "report"})
    EXPECT_EQ(line_of(run_plan(std::string(c) + " --help").out, "--assume-crs"), crs) << c;
}

TEST(CliOptions, UnknownOptionIsAUsageErrorNamingIt) {
  for (const std::string& c : kCommands) {
    const auto r = run_plan(c + " --bogus-option 1");
    EXPECT_EQ(r.exit_code, 2) << c << ": " << r.err;
    EXPECT_TRUE(mentions(r.err, "--bogus-option")) << c << ": " << r.err;
  }
}

TEST(CliOptions, MissingValueIsAUsageErrorNamingTheOption) {
  for (const char* args : {"coverage --stops s.gpkg --area a.gpkg --radius", "reach --network",
                           "isochrone --within", "check data --axis-tolerance", "tile reach --tile-size"}) {
    const auto r = run_plan(args);
    EXPECT_EQ(r.exit_code, 2) << args << ": " << r.err;
    const std::string option = std::string(args).substr(std::string(args).rfind(' ') + 1);
    EXPECT_TRUE(mentions(r.err, option)) << args << ": " << r.err;
  }
}

TEST(CliOptions, NumbersAreReadWholeAndChecked) {
  // "500abc" was read as 500 by atof-style parsers; 1.5 sites, a negative radius or speed are no values.
  const std::string cov = "coverage --stops s.gpkg --area a.gpkg ";
  for (const auto& [args, option] : std::vector<std::pair<std::string, std::string>>{
           {cov + "--radius 500abc", "--radius"},
           {cov + "--radius -5", "--radius"},
           {cov + "--radius 0", "--radius"},
           {cov + "--exclusion-min-area -1", "--exclusion-min-area"},
           {"reach --network n --facilities f --homes h --speed-kmh 4x", "--speed-kmh"},
           {"reach --network n --facilities f --homes h --max-snap -1", "--max-snap"},
           {"isochrone --network n --at 1,2 --within 5min --half-width 0", "--half-width"},
           {"suggest-stops --stops s --area a --streets t --count 1.5", "--count"},
           {"suggest-stops --stops s --area a --streets t --count 3abc", "--count"},
           {"demo-data out --seed 2.5", "--seed"},
           {"demo-data --province --out p.gpkg --homes 10k", "--homes"},
           {"report data --year 2025.5", "--year"},
           {"check data --axis-tolerance five", "--axis-tolerance"}}) {
    const auto r = run_plan(args);
    EXPECT_EQ(r.exit_code, 2) << args << ": " << r.err;
    EXPECT_TRUE(mentions(r.err, option)) << args << ": " << r.err;
  }
}

TEST(CliOptions, AnOptionGivenTwiceIsAUsageError) {
  const auto r = run_plan("coverage --stops s.gpkg --area a.gpkg --radius 400 --radius 500");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_TRUE(mentions(r.err, "--radius")) << r.err;
}

TEST(CliOptions, ValuesWithUnitsStayTextForTheLibraryToRead) {
  // 15min, 1000m, 2G are not numbers for the parser; their own readers check them before any file.
  const auto bad_time = run_plan("reach --network n --facilities f --homes h --within 15minutes");
  EXPECT_EQ(bad_time.exit_code, 2) << bad_time.err;
  EXPECT_TRUE(mentions(bad_time.err, "15minutes")) << bad_time.err;
  const auto bad_size = run_plan("reach --network n --facilities f --homes h --within 15min --max-memory 2Q");
  EXPECT_EQ(bad_size.exit_code, 2) << bad_size.err;
  EXPECT_TRUE(mentions(bad_size.err, "--max-memory")) << bad_size.err;
}

TEST(CliOptions, NegativeCoordinatesAreValuesNotOptions) {
  // --lon -10 is a value: refused for its range by the command, not as an unknown option "-1".
  const auto r = run_plan("demo-data out --lat -89");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_TRUE(mentions(r.err, "--lat within -80..84")) << r.err;
}

TEST(CliOptions, UnexpectedWordsAreRefused) {
  EXPECT_EQ(run_plan("coverage stray").exit_code, 2);
  EXPECT_EQ(run_plan("check one two").exit_code, 2);
  EXPECT_EQ(run_plan("tile nothing").exit_code, 2);
  EXPECT_EQ(run_plan("roads nothing").exit_code, 2);
}
