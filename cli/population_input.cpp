#include "population_input.hpp"

#include "plan/error.hpp"
#include "plan/layer.hpp"

namespace cli {

void read_population(const Args& args, Inputs& inputs, plan::CoverageInput& in) {
  if (!args.get("population")) return;
  if (!args.get("population-field"))
    throw plan::UsageError("--population needs --population-field naming its numeric field");
  const plan::Layer pop = inputs.read(args, "population", std::nullopt);
  const std::string field = args.require("population-field");
  const std::vector<double> values = plan::population_field(pop, field);
  for (std::size_t i = 0; i < pop.features.size(); ++i) {
    const plan::Feature& f = pop.features[i];
    const double share = values[i];
    if (pop.kind == plan::GeometryKind::Polygon) {
      // A multipolygon's people are spread over all its parts in proportion to their area.
      const double total = plan::area_m2(f.geometry.polygons);
      for (const plan::Polygon& p : f.geometry.polygons)
        in.population_polygons.push_back({p, total > 0 ? share * plan::area_m2(p) / total : 0});
    } else if (pop.kind == plan::GeometryKind::Point) {
      for (const plan::XY& p : f.geometry.points)
        in.population_points.push_back({p, share / static_cast<double>(f.geometry.points.size())});
    } else {
      throw plan::DataError(plan::Location{pop.source, pop.name, {}, {}},
                            "population must be polygons or points, found lines");
    }
  }
}

}  // namespace cli
