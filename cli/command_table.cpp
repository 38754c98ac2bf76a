#include "commands.hpp"

namespace cli {

const std::vector<Command>& commands() {
  static const std::vector<Command> table = {
      {"coverage", "share of an area (and its people) within R metres of transit stops", run_coverage},
      {"reach", "each home's nearest facility along the walking network, share within a threshold",
       run_reach},
      {"lifecircle", "15/10/5-minute life-circle completeness (GB 50180-2018) along the walking network",
       run_lifecircle},
      {"elderly-care",
       "share of residential communities with the elderly-care floor area of the standard within walking "
       "reach",
       run_elderly_care},
      {"isochrone", "areas within walking distances or times of origins, as polygons", run_isochrone},
      {"suggest-stops", "where new stops raise stop coverage most, in order, to a target or a count",
       run_suggest_stops},
      {"suggest-facilities", "where new facilities bring most homes within walking reach, in order",
       run_suggest_facilities},
      {"demo-data", "write the synthetic demonstration city used by the built-in example", run_demo_data},
      {"tile", "reach, life circles or coverage tile by tile (exact halos), for regions beyond one process",
       run_tile},
      {"roads", "road network density of an area; key towns joined by roads of a highway grade", run_roads},
      {"check", "validate a plan and answer the structure questions of a review", run_check},
      {"report", "the plan's indicators with targets, current values and statuses", run_report},
      {"convert", "save a plan folder as one GeoPackage, or a GeoPackage as a folder", run_convert},
  };
  return table;
}

}  // namespace cli
