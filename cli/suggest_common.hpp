// What plan suggest-stops and plan suggest-facilities read and print alike.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>

#include "args.hpp"
#include "plan/proposals.hpp"

namespace cli {

// Declares --target and --count.
void add_proposal_options(Args& args);

// --target (a share: "100%", "90 %", "0.9") and --count (a whole number ≥ 1); at least one of them.
// Throws UsageError naming the option for a bad value.
plan::ProposalOptions proposal_options(const Args& args);

// "100m", "0.1km" or a bare number of metres. Throws UsageError naming `what` for anything else.
double parse_metres(const std::string& text, const std::string& what);

// The closing lines of the text report: target reached or not and with how many sites, the lower bound on
// the sites any choice needs, the upper bound on the best possible coverage with that many sites (in
// `unit`, values multiplied by `scale`), the method's guarantee and its work.
void print_proposal_summary(const plan::ProposalOptions& options, bool target_reached, std::size_t sites,
                            std::size_t min_sites_needed, double upper_bound, double total, const char* unit,
                            double scale, double final_ratio, std::size_t evaluations,
                            std::size_t candidates);

// The same summary in a command's --json document, appended to `j` in this order: target_ratio, count,
// target_reached, min_sites_needed, upper_bound, upper_bound_ratio, gain_evaluations.
void add_proposal_summary(nlohmann::ordered_json& j, const plan::ProposalOptions& options,
                          bool target_reached, std::size_t min_sites_needed, double upper_bound, double total,
                          std::size_t evaluations);

// The end of a run with a --target its candidates could not reach: says so on stderr with how far all of
// them got (`got`, a share, by `verb` … `after`: "reach", "" or "complete", " of life circles") and returns
// 3, the commands' exit code for it. Returns 0 when there was no target or it was reached.
int unreached_target_exit(const char* command, const plan::ProposalOptions& options, bool target_reached,
                          std::size_t candidates, double got, std::size_t sites, const char* verb,
                          const char* after, const char* added);

}  // namespace cli
