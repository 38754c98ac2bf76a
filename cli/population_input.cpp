#include "population_input.hpp"

#include "plan/analysis.hpp"
#include "plan/error.hpp"
#include "plan/layer.hpp"

namespace cli {

void add_population_options(Args& args) {
  args.add_input("population", "people: polygons (spread by area) or points");
  args.add_option("population-field", "F", "the numeric field of people of --population");
}

void read_population(const Args& args, Inputs& inputs, plan::CoverageInput& in) {
  if (!args.get("population")) return;
  if (!args.get("population-field"))
    throw plan::UsageError("--population needs --population-field naming its numeric field");
  const plan::Layer pop = inputs.read(args, "population", std::nullopt);
  plan::add_population(pop, args.require("population-field"), in);
}

}  // namespace cli
