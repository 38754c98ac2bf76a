#include "suggest_common.hpp"

#include <cmath>
#include <cstdio>

#include "output_fields.hpp"
#include "plan/error.hpp"

namespace cli {

void add_proposal_options(Args& args) {
  args.add_option("target", "100%", "propose sites until this share is covered (100%, 90 %, 0.9)");
  args.add_number("count", "K", "propose K sites (a whole number ≥ 1); with --target: at most K");
}

plan::ProposalOptions proposal_options(const Args& args) {
  plan::ProposalOptions o;
  if (!args.get("target") && !args.get("count"))
    throw plan::UsageError("say how many sites to propose: --target 100% (a share to reach) or --count K");
  if (const auto t = args.get("target")) {
    std::string text = *t;
    bool percent = false;
    while (!text.empty() && (text.back() == ' ' || text.back() == '%')) {
      percent = percent || text.back() == '%';
      text.pop_back();
    }
    double v = parse_number(text, "--target");
    if (percent) v /= 100;
    if (!(v > 0 && v <= 1))
      throw plan::UsageError("--target must be a share above 0 and at most 100 % (e.g. 100% or 0.9), got '" +
                             *t + "'");
    o.target_ratio = v;
  }
  if (const auto c = args.get("count")) {
    const double v = parse_number(*c, "--count");
    if (!(v >= 1) || v != std::floor(v) || v > 1e9)
      throw plan::UsageError("--count must be a whole number of sites, at least 1, got '" + *c + "'");
    o.count = static_cast<std::size_t>(v);
  }
  return o;
}

double parse_metres(const std::string& text, const std::string& what) {
  std::string t = text;
  double scale = 1;
  if (t.size() > 2 && t.substr(t.size() - 2) == "km") {
    scale = 1000;
    t.resize(t.size() - 2);
  } else if (t.size() > 1 && t.back() == 'm') {
    t.pop_back();
  }
  const double v = parse_number(t, what) * scale;
  if (!(v > 0) || !std::isfinite(v))
    throw plan::UsageError(what + " must be a positive distance such as 100m, got '" + text + "'");
  return v;
}

void print_proposal_summary(const plan::ProposalOptions& options, bool target_reached, std::size_t sites,
                            std::size_t min_sites_needed, double upper_bound, double total, const char* unit,
                            double scale, double final_ratio, std::size_t evaluations,
                            std::size_t candidates) {
  if (options.target_ratio) {
    if (target_reached) {
      std::printf("  target            %.2f %% reached with %zu new site(s)", 100 * *options.target_ratio,
                  sites);
      if (sites > 0) std::printf(" (no choice of fewer than %zu can reach it)", min_sites_needed);
      std::printf("\n");
    } else {
      std::printf(
          "  target            %.2f %% NOT reachable: all usable candidates together reach %.4f %% (%zu "
          "sites)\n",
          100 * *options.target_ratio, 100 * final_ratio, sites);
    }
  } else {
    std::printf("  proposed          %zu new site(s), coverage %.4f %%\n", sites, 100 * final_ratio);
  }
  if (sites > 0)
    std::printf("  upper bound       no %zu sites can cover more than %.3f %s (%.4f %%)\n", sites,
                upper_bound * scale, unit, total > 0 ? 100 * upper_bound / total : 0.0);
  std::printf("  method            %s\n", plan::proposal_guarantee().c_str());
  std::printf("  work              %zu exact gain evaluations for %zu candidates\n", evaluations, candidates);
}

void add_proposal_summary(nlohmann::ordered_json& j, const plan::ProposalOptions& options,
                          bool target_reached, std::size_t min_sites_needed, double upper_bound, double total,
                          std::size_t evaluations) {
  using json = nlohmann::ordered_json;
  j["target_ratio"] = optional_number(options.target_ratio);
  j["count"] = options.count ? json(*options.count) : json();
  j["target_reached"] = options.target_ratio ? json(target_reached) : json();
  j["min_sites_needed"] = options.target_ratio ? json(min_sites_needed) : json();
  j["upper_bound"] = upper_bound;
  j["upper_bound_ratio"] = total > 0 ? upper_bound / total : 0.0;
  j["gain_evaluations"] = evaluations;
}

int unreached_target_exit(const char* command, const plan::ProposalOptions& options, bool target_reached,
                          std::size_t candidates, double got, std::size_t sites, const char* verb,
                          const char* after, const char* added) {
  if (!options.target_ratio || target_reached) return 0;
  std::fprintf(
      stderr,
      "%s: the candidates cannot reach the target of %.2f %%: all %zu usable candidates together %s %.4f "
      "%%%s with %zu new %s\n",
      command, 100 * *options.target_ratio, candidates, verb, 100 * got, after, sites, added);
  return 3;
}

}  // namespace cli
