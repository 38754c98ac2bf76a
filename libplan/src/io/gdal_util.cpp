#include "io/gdal_util.hpp"

#include <gdal.h>
#include <ogrsf_frmts.h>

#include <atomic>
#include <mutex>
#include <type_traits>
#include <variant>

namespace plan::io {

void ensure_gdal_registered() {
  static std::once_flag once;
  std::call_once(once, [] { GDALAllRegister(); });
}

namespace {
std::atomic<bool> plain{false};
}

void set_plain_ogr(bool on) { plain = on; }
bool plain_ogr() { return plain; }

std::string last_gdal_error(const std::string& fallback) {
  const char* msg = CPLGetLastErrorMsg();
  return (msg && *msg) ? std::string(msg) : fallback;
}

std::unique_ptr<OGRSpatialReference> make_srs(const std::string& definition) {
  auto srs = std::make_unique<OGRSpatialReference>();
  QuietGdalErrors quiet;
  if (srs->SetFromUserInput(definition.c_str()) != OGRERR_NONE) return nullptr;
  srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return srs;
}

std::string crs_code(const OGRSpatialReference& srs) {
  OGRSpatialReference copy(srs);
  const char* auth = copy.GetAuthorityName(nullptr);
  const char* code = copy.GetAuthorityCode(nullptr);
  if (!auth || !code) {
    copy.AutoIdentifyEPSG();
    auth = copy.GetAuthorityName(nullptr);
    code = copy.GetAuthorityCode(nullptr);
  }
  if (auth && code) return std::string(auth) + ":" + code;
  char* wkt = nullptr;
  copy.exportToWkt(&wkt);
  std::string s = wkt ? wkt : "";
  CPLFree(wkt);
  return s;
}

void set_field(OGRFeature& feature, int index, const Value& value) {
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>)
          feature.SetFieldNull(index);
        else if constexpr (std::is_same_v<T, std::int64_t>)
          feature.SetField(index, static_cast<GIntBig>(v));
        else if constexpr (std::is_same_v<T, double>)
          feature.SetField(index, v);
        else
          feature.SetField(index, v.c_str());
      },
      value);
}

std::vector<OGRLayer*> feature_layers(GDALDataset& ds) {
  std::vector<OGRLayer*> out;
  for (OGRLayer* l : ds.GetLayers())
    if (!EQUAL(l->GetName(), "layer_styles")) out.push_back(l);
  return out;
}

}  // namespace plan::io
