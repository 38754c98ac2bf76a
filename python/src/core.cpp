// libplan._core: the compiled part of the Python package. It converts between NumPy/bytes and the
// library's plain types and calls the same library functions as the `plan` command; the GeoPandas side
// lives in libplan/__init__.py. Coordinates cross as NumPy arrays (one buffer, not an object per vertex)
// and every long computation runs with the GIL released.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstring>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "plan/analysis.hpp"
#include "plan/checks.hpp"
#include "plan/coverage.hpp"
#include "plan/error.hpp"
#include "plan/io.hpp"
#include "plan/isochrone.hpp"
#include "plan/osm.hpp"
#include "plan/provision.hpp"
#include "plan/reach.hpp"
#include "plan/report.hpp"
#include "plan/styles.hpp"

namespace py = pybind11;

namespace {

using Array = py::array_t<double, py::array::c_style | py::array::forcecast>;
using IdArray = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>;

// ---- conversions --------------------------------------------------------------------------------------

std::vector<plan::XY> xy_from(const Array& a, const char* what) {
  if (a.ndim() != 2 || a.shape(1) != 2)
    throw plan::UsageError(std::string(what) + ": expected an (n, 2) array of x, y coordinates");
  std::vector<plan::XY> out(static_cast<std::size_t>(a.shape(0)));
  const double* d = a.data();
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = {d[2 * i], d[2 * i + 1]};
  return out;
}

Array xy_array(const std::vector<plan::XY>& pts) {
  Array a({static_cast<py::ssize_t>(pts.size()), static_cast<py::ssize_t>(2)});
  double* d = a.mutable_data();
  for (std::size_t i = 0; i < pts.size(); ++i) d[2 * i] = pts[i].x, d[2 * i + 1] = pts[i].y;
  return a;
}

template <class T>
py::array_t<T> array_of(const std::vector<T>& v) {
  py::array_t<T> a(static_cast<py::ssize_t>(v.size()));
  if (!v.empty()) std::memcpy(a.mutable_data(), v.data(), v.size() * sizeof(T));
  return a;
}

py::array_t<bool> bool_array(const std::vector<char>& v) {
  py::array_t<bool> a(static_cast<py::ssize_t>(v.size()));
  bool* d = a.mutable_data();
  for (std::size_t i = 0; i < v.size(); ++i) d[i] = v[i] != 0;
  return a;
}

// Little-endian ISO WKB of one feature's geometry (multi when it has several parts).
class WkbWriter {
 public:
  std::string geometry(const plan::Geometry& g) {
    out_.clear();
    switch (g.kind) {
      case plan::GeometryKind::Point:
        if (g.points.size() == 1)
          point(g.points[0]);
        else
          multi(4, g.points.size(), [&](std::size_t i) { point(g.points[i]); });
        break;
      case plan::GeometryKind::Line:
        if (g.lines.size() == 1)
          line(g.lines[0]);
        else
          multi(5, g.lines.size(), [&](std::size_t i) { line(g.lines[i]); });
        break;
      case plan::GeometryKind::Polygon:
        if (g.polygons.size() == 1)
          polygon(g.polygons[0]);
        else
          multi(6, g.polygons.size(), [&](std::size_t i) { polygon(g.polygons[i]); });
        break;
    }
    return out_;
  }

 private:
  void header(std::uint32_t type) {
    out_.push_back(1);
    u32(type);
  }
  void u32(std::uint32_t v) { out_.append(reinterpret_cast<const char*>(&v), 4); }
  void xy(const plan::XY& p) { out_.append(reinterpret_cast<const char*>(&p), 16); }
  void point(const plan::XY& p) { header(1), xy(p); }
  void coords(const std::vector<plan::XY>& pts) {
    u32(static_cast<std::uint32_t>(pts.size()));
    for (const plan::XY& p : pts) xy(p);
  }
  void line(const plan::LineString& l) { header(2), coords(l); }
  void polygon(const plan::Polygon& p) {
    header(3);
    u32(static_cast<std::uint32_t>(1 + p.holes.size()));
    coords(p.outer);
    for (const plan::Ring& h : p.holes) coords(h);
  }
  template <class F>
  void multi(std::uint32_t type, std::size_t n, F&& part) {
    header(type);
    u32(static_cast<std::uint32_t>(n));
    for (std::size_t i = 0; i < n; ++i) part(i);
  }
  std::string out_;
};

py::list wkb_list(const std::vector<plan::Geometry>& geoms) {
  WkbWriter w;
  py::list out;
  for (const plan::Geometry& g : geoms) out.append(py::bytes(w.geometry(g)));
  return out;
}

py::list polygons_wkb(const plan::MultiPolygon& polygons) {
  std::vector<plan::Geometry> g;
  for (const plan::Polygon& p : polygons) g.push_back(plan::Geometry::polygon(p));
  return wkb_list(g);
}

py::object value_object(const plan::Value& v) {
  return std::visit(
      [](const auto& x) -> py::object {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::monostate>)
          return py::none();
        else
          return py::cast(x);
      },
      v);
}

std::optional<double> opt(const std::optional<double>& v) { return v; }

py::dict shares_dict(const plan::ReachShares& s) {
  py::dict d;
  d["homes"] = s.homes;
  d["reachable"] = s.reachable;
  d["covered"] = s.covered;
  d["covered_ratio"] = s.covered_ratio;
  d["population_total"] = opt(s.population_total);
  d["population_covered"] = opt(s.population_covered);
  d["population_covered_ratio"] = opt(s.population_covered_ratio);
  return d;
}

plan::ReadOptions read_options(const std::string& layer, const std::string& where, const std::string& crs,
                               const std::string& assume_crs, const std::string& offset,
                               const std::optional<std::string>& expect, bool skip_other_kinds) {
  plan::ReadOptions o;
  o.layer = layer;
  o.where = where;
  o.target_crs = crs;
  o.assume_crs = assume_crs;
  if (offset == "gcj02")
    o.offset = plan::LonLatOffset::Gcj02;
  else if (offset == "bd09")
    o.offset = plan::LonLatOffset::Bd09;
  else if (!offset.empty())
    throw plan::UsageError("offset must be 'gcj02', 'bd09' or empty, not '" + offset + "'");
  if (expect) {
    if (*expect == "point")
      o.expect = plan::GeometryKind::Point;
    else if (*expect == "line")
      o.expect = plan::GeometryKind::Line;
    else if (*expect == "polygon")
      o.expect = plan::GeometryKind::Polygon;
    else
      throw plan::UsageError("expect must be 'point', 'line' or 'polygon'");
  }
  o.skip_other_kinds = skip_other_kinds;
  return o;
}

std::vector<std::string> report_lines(const std::string& what, const plan::ReadReport& r) {
  std::vector<std::string> lines = r.warnings;
  if (r.skipped_empty)
    lines.push_back(what + ": skipped " + std::to_string(r.skipped_empty) + " feature(s) with no geometry");
  return lines;
}

plan::TravelMode mode_of(const std::string& mode) {
  if (mode == "walk") return plan::TravelMode::Walk;
  if (mode == "drive") return plan::TravelMode::Drive;
  throw plan::UsageError("mode must be walk or drive, not '" + mode + "'");
}

py::dict network_dict(const plan::StreetNetwork& n) {
  const plan::NetworkSummary& s = n.network.summary();
  py::dict d;
  d["nodes"] = s.nodes;
  d["edges"] = s.edges;
  d["total_km"] = s.total_km;
  d["components"] = s.components;
  if (n.network.mode() == plan::TravelMode::Drive) {
    const plan::DriveNetworkReport& r = n.drive_report;
    d["arcs"] = s.arcs;
    d["oneway_edges"] = s.oneway_edges;
    d["lines_read"] = r.lines;
    d["lines_drivable"] = r.kept;
    d["lines_closed_to_cars"] = r.not_drivable;
    d["oneway_lines"] = r.oneway_lines;
    d["maxspeed_used"] = r.maxspeed_used;
    d["maxspeed_ignored"] = r.maxspeed_ignored;
  }
  return d;
}

// ---- exceptions ---------------------------------------------------------------------------------------

PyObject* g_error = nullptr;
PyObject* g_data_error = nullptr;
PyObject* g_usage_error = nullptr;

void raise_data_error(const plan::DataError& e) {
  py::object exc = py::reinterpret_borrow<py::object>(g_data_error)(e.what());
  const plan::Location& w = e.where();
  exc.attr("file") = w.file.empty() ? py::object(py::none()) : py::str(w.file);
  exc.attr("layer") = w.layer.empty() ? py::object(py::none()) : py::str(w.layer);
  exc.attr("feature") = w.feature_id ? py::object(py::int_(*w.feature_id)) : py::object(py::none());
  exc.attr("field") = w.field.empty() ? py::object(py::none()) : py::str(w.field);
  exc.attr("problem") = py::str(e.problem().empty() ? std::string(e.what()) : e.problem());
  PyErr_SetObject(g_data_error, exc.ptr());
}

// The layers of a stop-coverage call as the library's input (the straight-line and network variants share
// it).
plan::CoverageInput coverage_input(const plan::Layer& stops, const plan::Layer& area,
                                   const plan::Layer* exclusions, const plan::Layer* population,
                                   const std::string& population_field) {
  plan::CoverageInput in;
  in.area = plan::all_polygons(area);
  in.stops = plan::all_points(stops);
  if (exclusions) {
    const plan::MultiPolygon ex = plan::all_polygons(*exclusions);
    in.exclusions.assign(ex.begin(), ex.end());
  }
  if (population) plan::add_population(*population, population_field, in);
  return in;
}

}  // namespace

// A plan as load_plan gave it, with what loading found.
struct LoadedPlan {
  plan::Plan plan;
  plan::LoadReport report;
};

namespace {

// The exception classes (Error, DataError, UsageError) and the translation of the library's errors.
void bind_errors(py::module_& m) {
  g_error =
      PyErr_NewExceptionWithDoc("libplan.Error", "Any error raised by libplan.", PyExc_Exception, nullptr);
  g_data_error = PyErr_NewExceptionWithDoc(
      "libplan.DataError",
      "The data is unreadable or breaks a rule (missing file, no CRS, wrong geometry type, non-numeric "
      "field). Attributes file, layer, feature, field (None when unknown) and problem.",
      g_error, nullptr);
  py::tuple usage_bases = py::make_tuple(py::handle(g_error), py::handle(PyExc_ValueError));
  // UsageError is also a ValueError, as Python callers expect for bad arguments.
  g_usage_error = PyErr_NewExceptionWithDoc(
      "libplan.UsageError",
      "The call asked for something meaningless (negative radius, unknown CRS, existing output).",
      usage_bases.ptr(), nullptr);
  m.attr("Error") = py::handle(g_error);
  m.attr("DataError") = py::handle(g_data_error);
  m.attr("UsageError") = py::handle(g_usage_error);
  m.attr("DEFAULT_MAX_SNAP_M") = plan::kDefaultMaxSnapM;
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const plan::DataError& e) {
      raise_data_error(e);
    } catch (const plan::UsageError& e) {
      PyErr_SetString(g_usage_error, e.what());
    } catch (const plan::Error& e) {
      PyErr_SetString(g_error, e.what());
    }
  });
}

// The Layer class as Python sees it.
void bind_layers(py::module_& m) {
  py::class_<plan::Layer>(m, "Layer", "Features of one kind in one metric CRS, as the library read them.")
      .def_readonly("name", &plan::Layer::name)
      .def_readonly("source", &plan::Layer::source)
      .def_readonly("crs", &plan::Layer::crs)
      .def_property_readonly("kind",
                             [](const plan::Layer& l) { return std::string(plan::to_string(l.kind)); })
      .def("__len__", [](const plan::Layer& l) { return l.features.size(); })
      .def_property_readonly("fields",
                             [](const plan::Layer& l) {
                               std::vector<std::pair<std::string, std::string>> out;
                               for (const plan::Field& f : l.fields)
                                 out.emplace_back(f.name, f.type == plan::FieldType::Integer ? "int"
                                                          : f.type == plan::FieldType::Real  ? "float"
                                                                                             : "str");
                               return out;
                             })
      .def(
          "ids",
          [](const plan::Layer& l) {
            std::vector<std::int64_t> ids;
            for (const plan::Feature& f : l.features) ids.push_back(f.id);
            return array_of(ids);
          },
          "Feature ids (FIDs of a file; the index of a frame).")
      .def(
          "column",
          [](const plan::Layer& l, const std::string& name) {
            const auto i = l.field_index(name);
            if (!i) throw plan::DataError(plan::Location{l.source, l.name, {}, name}, "no such field");
            py::list out;
            for (const plan::Feature& f : l.features) out.append(value_object(f.values[*i]));
            return out;
          },
          "The values of a field, one per feature (None for null).")
      .def(
          "wkb",
          [](const plan::Layer& l) {
            std::vector<plan::Geometry> g;
            for (const plan::Feature& f : l.features) g.push_back(f.geometry);
            return wkb_list(g);
          },
          "Each feature's geometry as WKB, in Layer.crs.")
      .def(
          "points",
          [](const plan::Layer& l) {
            std::vector<plan::XY> at;
            for (const plan::Feature& f : l.features)
              at.push_back(f.geometry.points.empty() ? plan::XY{} : f.geometry.points.front());
            return xy_array(at);
          },
          "The first point of each feature of a point layer, as an (n, 2) array.");
}

// Reading layers: files and connection strings, in-memory tables, NumPy points.
void bind_reading(py::module_& m) {
  m.def(
      "read",
      [](const std::string& source, const std::string& layer, const std::string& where,
         const std::string& crs, const std::string& assume_crs, const std::string& offset,
         const std::optional<std::string>& expect, bool skip_other_kinds) {
        const plan::ReadOptions o =
            read_options(layer, where, crs, assume_crs, offset, expect, skip_other_kinds);
        plan::ReadReport report;
        plan::Layer l;
        {
          py::gil_scoped_release release;
          l = plan::read_layer(source, o, &report);
        }
        return py::make_tuple(std::move(l), report_lines(source, report));
      },
      py::arg("source"), py::arg("layer") = "", py::arg("where") = "", py::arg("crs") = "",
      py::arg("assume_crs") = "", py::arg("offset") = "", py::arg("expect") = py::none(),
      py::arg("skip_other_kinds") = false);

  m.def(
      "read_table",
      [](const std::string& name, const std::string& source_crs,
         const std::optional<std::vector<py::bytes>>& wkb, const std::optional<Array>& points,
         const std::optional<IdArray>& ids, const std::vector<std::pair<std::string, std::string>>& fields,
         const std::vector<py::list>& columns, const std::string& where, const std::string& crs,
         const std::string& assume_crs, const std::string& offset, const std::optional<std::string>& expect) {
        plan::FeatureTable t;
        t.name = name;
        t.crs = source_crs;
        if (wkb)
          for (const py::bytes& b : *wkb) t.wkb.push_back(std::string(b));
        if (points) t.points = xy_from(*points, name.c_str());
        if (ids) t.ids.assign(ids->data(), ids->data() + ids->size());
        for (const auto& [fname, ftype] : fields)
          t.fields.push_back({fname, ftype == "int"     ? plan::FieldType::Integer
                                     : ftype == "float" ? plan::FieldType::Real
                                                        : plan::FieldType::String});
        for (std::size_t c = 0; c < columns.size(); ++c) {
          std::vector<plan::Value> col;
          col.reserve(columns[c].size());
          for (py::handle v : columns[c]) {
            if (v.is_none())
              col.emplace_back(std::monostate{});
            else if (t.fields[c].type == plan::FieldType::Integer)
              col.emplace_back(v.cast<std::int64_t>());
            else if (t.fields[c].type == plan::FieldType::Real)
              col.emplace_back(v.cast<double>());
            else
              col.emplace_back(py::str(v).cast<std::string>());
          }
          t.columns.push_back(std::move(col));
        }
        const plan::ReadOptions o = read_options("", where, crs, assume_crs, offset, expect, false);
        plan::ReadReport report;
        plan::Layer l;
        {
          py::gil_scoped_release release;
          l = plan::read_features(t, o, &report);
        }
        return py::make_tuple(std::move(l), report_lines(name, report));
      },
      py::arg("name"), py::arg("source_crs"), py::arg("wkb"), py::arg("points"), py::arg("ids"),
      py::arg("fields"), py::arg("columns"), py::arg("where") = "", py::arg("crs") = "",
      py::arg("assume_crs") = "", py::arg("offset") = "", py::arg("expect") = py::none());

  // Bare points as coordinates in the measuring CRS, without a Layer (no per-point feature): what reach,
  // life circles and isochrones need of NumPy homes, facilities and origins.
  m.def(
      "read_points",
      [](const std::string& name, const Array& points, const std::string& crs, const std::string& assume_crs,
         const std::string& offset, const std::optional<std::string>& expect) {
        plan::FeatureTable t;
        t.name = name;
        t.points = xy_from(points, name.c_str());
        const plan::ReadOptions o = read_options("", "", crs, assume_crs, offset, expect, false);
        plan::PointArray r;
        {
          py::gil_scoped_release release;
          r = plan::read_point_array(t, o);
        }
        return py::make_tuple(xy_array(r.at), r.crs);
      },
      py::arg("name"), py::arg("points"), py::arg("crs") = "", py::arg("assume_crs") = "",
      py::arg("offset") = "", py::arg("expect") = py::none());
}

// Plans: load, check, report, styles.
void bind_plan(py::module_& m) {
  py::class_<LoadedPlan>(m, "Plan",
                         "A plan loaded by load_plan: its layers in one metric CRS and what loading found.")
      .def_property_readonly("name_zh", [](const LoadedPlan& p) { return p.plan.meta.name_zh; })
      .def_property_readonly("name_en", [](const LoadedPlan& p) { return p.plan.meta.name_en; })
      .def_property_readonly("source", [](const LoadedPlan& p) { return p.plan.source; })
      .def_property_readonly("crs", [](const LoadedPlan& p) { return p.plan.crs; })
      .def_property_readonly("errors", [](const LoadedPlan& p) { return p.report.errors(); })
      .def_property_readonly("warnings", [](const LoadedPlan& p) { return p.report.warnings(); })
      .def_property_readonly("issues",
                             [](const LoadedPlan& p) {
                               std::vector<std::string> out;
                               for (const plan::SchemaIssue& i : p.report.issues) out.push_back(i.describe());
                               return out;
                             })
      .def_property_readonly("read_warnings", [](const LoadedPlan& p) { return p.report.read_warnings; });
  m.def(
      "load_plan",
      [](const std::string& path, const std::string& crs, bool strict) {
        plan::LoadOptions o;
        o.crs = crs;
        o.strict = strict;
        LoadedPlan p;
        {
          py::gil_scoped_release release;
          p.plan = plan::load_plan(path, o, &p.report);
        }
        return p;
      },
      py::arg("path"), py::arg("crs") = "", py::arg("strict") = false);
  m.def(
      "check_plan_json",
      [](const LoadedPlan& p, double axis_tolerance_m) {
        if (!(axis_tolerance_m >= 0))
          throw plan::UsageError("axis_tolerance_m must be a distance in metres >= 0");
        plan::CheckOptions o;
        o.axis_tolerance_m = axis_tolerance_m;
        py::gil_scoped_release release;
        return plan::render_check_json(p.plan, p.report, plan::check_plan(p.plan, o), axis_tolerance_m);
      },
      py::arg("plan"), py::arg("axis_tolerance_m") = 5000.0);
  m.def(
      "report_text",
      [](const LoadedPlan& p, const std::string& values_csv, int year, bool compute,
         const std::string& format) {
        if (format != "md" && format != "html" && format != "json")  // before the work, not after
          throw plan::UsageError("format must be md, html or json, not '" + format + "'");
        if (year < 2000 || year > 2100) throw plan::UsageError("year must be a year such as 2025");
        py::gil_scoped_release release;
        // As `plan report`: CSV values checked against the plan's indicators and period, the check included.
        std::vector<plan::IndicatorValue> values;
        if (!values_csv.empty()) {
          values = plan::read_indicator_values(values_csv, plan::values_rules(p.plan));
        }
        plan::ReportOptions options;
        options.year = year;
        options.compute = compute;
        options.check = plan::check_plan(p.plan, plan::CheckOptions{});
        const plan::Report r = plan::build_report(p.plan, values, options);
        return plan::render_report(r, p.plan, format);
      },
      py::arg("plan"), py::arg("values_csv") = "", py::arg("year") = 2025, py::arg("compute") = true,
      py::arg("format") = "json");

  // The QGIS styles (QML) the command stores in its GeoPackage outputs, for outputs written elsewhere.
  m.def(
      "style_qml",
      [](const std::string& kind, const std::string& layer, bool drive, double threshold,
         const std::vector<double>& thresholds, std::size_t count) {
        if (kind == "covered") return plan::coverage_style(layer, plan::CoverageClass::Covered).qml;
        if (kind == "gaps") return plan::coverage_style(layer, plan::CoverageClass::Gap).qml;
        if (kind == "network_covered")
          return plan::coverage_style(layer, plan::CoverageClass::NetworkCovered).qml;
        if (kind == "isochrones")
          return plan::isochrone_style(layer, drive ? "threshold_s" : "threshold_m", thresholds,
                                       drive ? "min" : "m", drive ? 1.0 / 60 : 1.0)
              .qml;
        if (kind == "reach") return plan::reach_style(layer, drive, threshold).qml;
        if (kind == "lifecircle") return plan::completeness_style(layer).qml;
        if (kind == "proposals") return plan::ranked_style(layer, "rank", count).qml;
        throw plan::UsageError("no style for outputs of kind '" + kind + "'");
      },
      py::arg("kind"), py::arg("layer") = "", py::arg("drive") = false, py::arg("threshold") = 0.0,
      py::arg("thresholds") = std::vector<double>{}, py::arg("count") = 0);
}

// Small helpers the Python side composes: layers of a source, thresholds, fields, places.
void bind_field_helpers(py::module_& m) {
  m.def("list_layers", &plan::list_layers, py::arg("source"));
  m.def("is_osm_source", &plan::is_osm_source, py::arg("source"));
  m.def("parse_threshold_m", &plan::parse_threshold_m, py::arg("text"), py::arg("speed_kmh"));
  m.def("parse_time_threshold_s", &plan::parse_time_threshold_s, py::arg("text"));
  m.def("population_field",
        [](const plan::Layer& l, const std::string& f) { return array_of(plan::population_field(l, f)); });
  m.def("text_values", &plan::text_values, py::arg("layer"), py::arg("field"));

  m.def(
      "place_locations", [](const plan::Layer& l) { return xy_array(plan::place_locations(l)); },
      py::arg("layer"));
  m.def(
      "places",
      [](std::vector<plan::Layer> layers) {
        plan::Places p = plan::places(std::move(layers));
        return py::make_tuple(std::move(p.layer), xy_array(p.at), p.several_layers);
      },
      py::arg("layers"));
}

// Street networks, and stop coverage over areas or along the streets.
void bind_networks_and_coverage(py::module_& m) {
  py::class_<plan::StreetNetwork>(m, "StreetNetwork", "A walking or driving network built from a line layer.")
      .def_property_readonly(
          "mode", [](const plan::StreetNetwork& n) { return std::string(plan::to_string(n.network.mode())); })
      .def_property_readonly("summary", &network_dict);
  m.def(
      "street_network",
      [](const plan::Layer& lines, const std::string& mode) {
        const plan::TravelMode tm = mode_of(mode);
        py::gil_scoped_release release;
        return plan::street_network(lines, tm);
      },
      py::arg("lines"), py::arg("mode") = "walk");

  m.def(
      "coverage",
      [](const plan::Layer& stops, const plan::Layer& area, const plan::Layer* exclusions,
         const plan::Layer* population, const std::string& population_field, double radius_m,
         double exclusion_min_area_m2, bool want_polygons) {
        plan::CoverageResult r;
        {
          py::gil_scoped_release release;
          const plan::CoverageInput in =
              coverage_input(stops, area, exclusions, population, population_field);
          plan::CoverageOptions o;
          o.radius_m = radius_m;
          o.exclusion_min_area_m2 = exclusion_min_area_m2;
          o.want_polygons = want_polygons;
          r = plan::compute_coverage(in, o);
        }
        py::dict d;
        d["definition"] = r.definition;
        d["radius_m"] = r.radius_m;
        d["stops_used"] = r.stops_used;
        d["exclusions_removed"] = r.exclusions_removed;
        d["area_m2"] = r.area_m2;
        d["excluded_m2"] = r.excluded_m2;
        d["covered_m2"] = r.covered_m2;
        d["area_ratio"] = r.area_ratio;
        d["population_total"] =
            r.has_population ? py::object(py::float_(r.population_total)) : py::object(py::none());
        d["population_covered"] =
            r.has_population ? py::object(py::float_(r.population_covered)) : py::object(py::none());
        d["population_ratio"] = r.population_ratio;
        if (want_polygons) {
          d["covered"] = polygons_wkb(r.covered);
          d["gaps"] = polygons_wkb(r.gaps);
        }
        return d;
      },
      py::arg("stops"), py::arg("area"), py::arg("exclusions"), py::arg("population"),
      py::arg("population_field"), py::arg("radius_m"), py::arg("exclusion_min_area_m2"),
      py::arg("want_polygons"));

  m.def("network_coverage",
        [](const plan::StreetNetwork& net, const plan::Layer& stops, const plan::Layer& area,
           const plan::Layer* exclusions, const plan::Layer* population, const std::string& population_field,
           double radius_m, double exclusion_min_area_m2, double half_width_m, double max_snap_m) {
          plan::NetworkCoverageResult n;
          {
            py::gil_scoped_release release;
            const plan::CoverageInput in =
                coverage_input(stops, area, exclusions, population, population_field);
            plan::CoverageOptions o;
            o.radius_m = radius_m;
            o.exclusion_min_area_m2 = exclusion_min_area_m2;
            n = plan::compute_network_coverage(net.network, in, o, half_width_m, max_snap_m);
          }
          py::dict d;
          d["network_definition"] = n.definition;
          d["half_width_m"] = n.half_width_m;
          d["stops_off_network"] = n.stops_unsnapped.size();
          d["network_covered_m2"] = n.covered_m2;
          d["network_area_m2"] = n.area_m2;
          d["network_area_ratio"] = n.area_ratio;
          d["network_population_ratio"] = n.population_ratio;
          d["network_covered"] = polygons_wkb(n.covered);
          return d;
        });
}

// Reach: every home's nearest facility along the network.
void bind_reach(py::module_& m) {
  m.def("reach",
        [](const plan::StreetNetwork& net, const Array& facilities,
           const std::vector<std::string>& facility_category, const std::vector<std::string>& categories,
           const Array& homes, const std::optional<Array>& population, double threshold, double max_snap_m,
           bool largest_component) {
          const std::vector<plan::XY> f = xy_from(facilities, "facilities"), h = xy_from(homes, "homes");
          std::vector<double> pop;
          if (population) pop.assign(population->data(), population->data() + population->size());
          plan::ReachRun r;
          {
            py::gil_scoped_release release;
            r = plan::compute_reach(net.network, f, facility_category, categories, h, pop, threshold,
                                    max_snap_m, largest_component);
          }
          py::dict d;
          d["used"] = array_of(std::vector<std::uint64_t>(r.used.begin(), r.used.end()));
          std::vector<std::int64_t> nearest(r.nearest.facility.size());
          for (std::size_t i = 0; i < nearest.size(); ++i)
            nearest[i] = r.nearest.facility[i] == plan::kNoIndex
                             ? -1
                             : static_cast<std::int64_t>(r.used[r.nearest.facility[i]]);
          d["facility"] = array_of(nearest);  // index into the facilities given, -1 for none
          d["distance_m"] = array_of(r.nearest.distance_m);
          d["cost"] = array_of(r.nearest.cost);
          d["covered"] = bool_array(r.covered);
          std::vector<double> snap(r.home_snaps.size());
          for (std::size_t i = 0; i < snap.size(); ++i)
            snap[i] = r.home_snaps[i].snapped ? r.home_snaps[i].snap_m : plan::kUnreached;
          d["snap_m"] = array_of(snap);
          std::vector<char> fsnapped;
          for (const plan::SnapPoint& s : r.facility_snaps) fsnapped.push_back(s.snapped);
          d["facility_snapped"] = bool_array(fsnapped);
          d["shares"] = shares_dict(r.shares);
          py::list cats;
          for (const plan::CategoryRun& c : r.categories) {
            py::dict cd;
            cd["category"] = c.name;
            cd["facilities"] = c.facilities;
            cd["distance_m"] = array_of(c.nearest.distance_m);
            cd["cost"] = array_of(c.nearest.cost);
            cd["covered"] = bool_array(c.covered);
            cd["shares"] = shares_dict(c.shares);
            cats.append(cd);
          }
          d["categories"] = cats;
          return d;
        });
}

// Life circles: the GB 50180 profile and the measure.
void bind_life_circles(py::module_& m) {
  m.def("gb50180_profile_json", [] {
    const plan::LifeCircleProfile p = plan::gb50180_profile();
    py::dict d;
    d["name"] = p.name;
    d["source"] = p.source;
    py::list cats;
    for (const plan::LifeCircleCategory& c : p.categories) {
      py::dict cd;
      cd["name"] = c.name, cd["circle"] = c.circle, cd["max_distance_m"] = c.max_distance_m,
      cd["match"] = c.match;
      cats.append(cd);
    }
    d["categories"] = cats;
    return d;
  });

  m.def("lifecircle",
        [](const plan::StreetNetwork& net, const Array& facilities, const std::vector<std::string>& category,
           const Array& homes, const std::optional<Array>& population,
           const std::optional<std::string>& profile_json, const std::string& profile_file, double speed_kmh,
           double max_snap_m, bool largest_component) {
          const std::vector<plan::XY> f = xy_from(facilities, "facilities"), h = xy_from(homes, "homes");
          std::vector<double> pop;
          if (population) pop.assign(population->data(), population->data() + population->size());
          const plan::LifeCircleProfile profile =
              profile_json ? plan::profile_from_json(*profile_json, profile_file, speed_kmh)
                           : plan::gb50180_profile();
          plan::LifeCircleResult r;
          std::vector<plan::SnapPoint> hsnap;
          {
            py::gil_scoped_release release;
            const plan::SnapIndex index(net.network, 0, largest_component);
            const std::vector<plan::SnapPoint> fsnap = plan::snap_points(index, f, max_snap_m);
            hsnap = plan::snap_points(index, h, max_snap_m);
            r = plan::compute_life_circles(net.network, fsnap, category, hsnap, pop, profile);
          }
          py::dict d;
          d["profile"] = profile.name;
          d["definition"] =
              profile.source.empty() ? std::string("life circles along the street network") : profile.source;
          py::list cats;
          for (const plan::CategoryReach& c : r.categories) {
            py::dict cd;
            cd["category"] = c.category.name;
            cd["circle"] = c.category.circle;
            cd["threshold_m"] = c.category.max_distance_m;
            cd["facilities"] = c.facilities;
            cd["facilities_unreachable"] = c.unsnapped.size();
            cd["distance_m"] = array_of(c.nearest.distance_m);
            cd["covered"] = bool_array(c.covered);
            cd["shares"] = shares_dict(c.shares);
            cats.append(cd);
          }
          d["categories"] = cats;
          d["complete"] = bool_array(r.complete);
          d["complete_shares"] = shares_dict(r.complete_shares);
          std::vector<double> snap(hsnap.size());
          for (std::size_t i = 0; i < snap.size(); ++i)
            snap[i] = hsnap[i].snapped ? hsnap[i].snap_m : plan::kUnreached;
          d["snap_m"] = array_of(snap);
          return d;
        });
}

// The community floor-area standard (indicator 16, community elderly care).
void bind_floor_area_standard(py::module_& m) {
  m.def(
      "representative_points", [](const plan::Layer& l) { return xy_array(plan::representative_points(l)); },
      py::arg("layer"));
  m.def(
      "floor_area_standard",
      [](const plan::StreetNetwork& net, const Array& communities, const Array& households,
         const Array& facilities, const Array& floor_area_m2, double m2_per_100_households, double within_m,
         double max_snap_m, bool largest_component) {
        const std::vector<plan::XY> c = xy_from(communities, "communities"),
                                    f = xy_from(facilities, "facilities");
        const std::vector<double> h(households.data(), households.data() + households.size());
        const std::vector<double> area(floor_area_m2.data(), floor_area_m2.data() + floor_area_m2.size());
        plan::FloorAreaResult r;
        std::vector<plan::SnapPoint> csnap, fsnap;
        {
          py::gil_scoped_release release;
          const plan::SnapIndex index(net.network, 0, largest_component);
          csnap = plan::snap_points(index, c, max_snap_m);
          fsnap = plan::snap_points(index, f, max_snap_m);
          r = plan::floor_area_standard(net.network, csnap, h, fsnap, area,
                                        {m2_per_100_households, within_m});
        }
        const std::size_t n = r.communities.size();
        std::vector<double> required(n), available(n), snap(n);
        std::vector<std::int64_t> within(n);
        std::vector<char> meets(n);
        for (std::size_t i = 0; i < n; ++i) {
          const plan::CommunityProvision& p = r.communities[i];
          required[i] = p.required_m2, available[i] = p.available_m2, meets[i] = p.meets;
          within[i] = static_cast<std::int64_t>(p.facilities_within);
          snap[i] = csnap[i].snapped ? csnap[i].snap_m : plan::kUnreached;
        }
        std::vector<char> fsnapped(fsnap.size());
        for (std::size_t i = 0; i < fsnap.size(); ++i) fsnapped[i] = fsnap[i].snapped;
        py::dict d;
        d["required_m2"] = array_of(required), d["available_m2"] = array_of(available);
        d["facilities_within"] = array_of(within), d["meets"] = bool_array(meets);
        d["snap_m"] = array_of(snap), d["facility_snapped"] = bool_array(fsnapped);
        d["meeting"] = r.meeting, d["meeting_ratio"] = r.meeting_ratio, d["unsnapped"] = r.unsnapped;
        d["households"] = r.households, d["households_meeting"] = r.households_meeting;
        d["households_meeting_ratio"] = r.households_meeting_ratio
                                            ? py::object(py::float_(*r.households_meeting_ratio))
                                            : py::object(py::none());
        d["required_total_m2"] = r.required_m2, d["floor_area_m2"] = r.floor_area_m2;
        d["allocated_m2"] = r.allocated_m2;
        return d;
      },
      py::arg("network"), py::arg("communities"), py::arg("households"), py::arg("facilities"),
      py::arg("floor_area_m2"), py::arg("m2_per_100_households"), py::arg("within_m"), py::arg("max_snap_m"),
      py::arg("largest_component"));
}

// Isochrones along a network; coordinate transforms.
void bind_isochrones(py::module_& m) {
  m.def(
      "isochrones",
      [](const plan::StreetNetwork& net, const Array& origins, const std::vector<double>& thresholds,
         double half_width_m, bool per_origin, double max_snap_m, bool largest_component,
         const py::object& progress) {
        const std::vector<plan::XY> at = xy_from(origins, "origins");
        plan::IsochroneOptions o;
        o.thresholds = thresholds;
        o.half_width_m = half_width_m;
        o.per_origin = per_origin;
        std::vector<plan::Isochrone> isos;
        std::vector<plan::SnapPoint> snapped;
        std::optional<py::error_already_set> failed;
        std::mutex failure_mutex;
        {
          py::gil_scoped_release release;
          const plan::SnapIndex index(net.network, 0, largest_component);
          snapped = plan::snap_points(index, at, max_snap_m);
          std::function<void(double)> cb;
          // The callback may run on the library's worker threads and may raise (a cancelled QGIS task): the
          // first error is kept, later calls are skipped, and it is raised once the work has stopped.
          if (!progress.is_none())
            cb = [&progress, &failed, &failure_mutex](double f) {
              std::lock_guard<std::mutex> lock(failure_mutex);
              if (failed) return;
              py::gil_scoped_acquire acquire;
              try {
                progress(f);
              } catch (py::error_already_set& e) {
                failed.emplace(std::move(e));
              }
            };
          isos = plan::compute_isochrones(net.network, snapped, o, cb);
        }
        if (failed) throw std::move(*failed);
        std::vector<char> ok;
        for (const plan::SnapPoint& s : snapped) ok.push_back(s.snapped);
        py::list out;
        std::vector<plan::Geometry> geoms;
        for (const plan::Isochrone& iso : isos) geoms.push_back(plan::Geometry::multipolygon(iso.polygon));
        py::list wkb = wkb_list(geoms);
        for (std::size_t i = 0; i < isos.size(); ++i) {
          py::dict d;
          d["origin"] = isos[i].origin == plan::kNoIndex ? py::object(py::none())
                                                         : py::object(py::int_(isos[i].origin));
          d["threshold"] = isos[i].threshold;
          d["area_m2"] = isos[i].area_m2;
          d["parts"] = isos[i].polygon.size();
          d["wkb"] = isos[i].polygon.empty() ? py::object(py::none()) : py::object(wkb[i]);
          out.append(d);
        }
        return py::make_tuple(out, bool_array(ok));
      },
      py::arg("network"), py::arg("origins"), py::arg("thresholds"), py::arg("half_width_m"),
      py::arg("per_origin"), py::arg("max_snap_m"), py::arg("largest_component"),
      py::arg("progress") = py::none());

  m.def("transform_points", [](const Array& pts, const std::string& from, const std::string& to) {
    const std::vector<plan::XY> p = xy_from(pts, "points");
    std::vector<plan::XY> out;
    {
      py::gil_scoped_release release;
      out = plan::transform_points(p, from, to);
    }
    return xy_array(out);
  });
}

}  // namespace

PYBIND11_MODULE(_core, m) {
  m.doc() = "The compiled core of libplan (use the functions of the libplan package instead).";

  bind_errors(m);
  bind_layers(m);
  bind_reading(m);
  bind_plan(m);
  bind_field_helpers(m);
  bind_networks_and_coverage(m);
  bind_reach(m);
  bind_life_circles(m);
  bind_floor_area_standard(m);
  bind_isochrones(m);
}
