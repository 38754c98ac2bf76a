"""The libplan algorithms of the Processing toolbox. Each one reads its QGIS parameters, hands the layers'
sources to the libplan Python package (which reads them exactly as the `plan` command does, so the figures
agree to the last digit) and writes the results into feature sinks and output numbers."""
import os
import tempfile

from qgis.core import (QgsCoordinateReferenceSystem, QgsFeature, QgsFeatureSink, QgsField, QgsFields, QgsGeometry,
                       QgsProcessing, QgsProcessingAlgorithm, QgsProcessingException, QgsProcessingOutputNumber,
                       QgsProcessingOutputString, QgsProcessingParameterBoolean, QgsProcessingParameterCrs,
                       QgsProcessingParameterDistance, QgsProcessingParameterEnum, QgsProcessingParameterFeatureSink,
                       QgsProcessingParameterField, QgsProcessingParameterFile, QgsProcessingParameterFileDestination,
                       QgsProcessingParameterNumber, QgsProcessingParameterPoint, QgsProcessingParameterString,
                       QgsProcessingParameterVectorLayer, QgsProviderRegistry, QgsUnitTypes, QgsVectorFileWriter,
                       QgsVectorLayer, QgsWkbTypes)
from qgis.PyQt.QtCore import QVariant
from qgis.PyQt.QtXml import QDomDocument

MODES = ["walk", "drive"]


def _libplan():
    try:
        import libplan
    except ImportError as e:  # the plugin is useless without the package: say how to get it
        raise QgsProcessingException(
            "the libplan Python package is not installed: build the project and run `cmake --install build` "
            f"(or put build/python on PYTHONPATH) ({e})")
    return libplan


def layer_source(layer, context, feedback, what):
    """(path, layer name, OGR SQL filter) of a QGIS vector layer. Layers read by OGR from a file or a
    connection string are passed as they are, so libplan reads the very features the command would;
    other layers (memory, PostGIS through QGIS's own provider, virtual) are first saved to a temporary
    GeoPackage."""
    if layer is None:
        return None
    if layer.providerType() == "ogr":
        parts = QgsProviderRegistry.instance().decodeUri("ogr", layer.source())
        path = parts.get("path") or layer.source().split("|")[0]
        return path, parts.get("layerName") or "", parts.get("subset") or layer.subsetString() or ""
    folder = context.temporaryFolder() if hasattr(context, "temporaryFolder") else tempfile.mkdtemp()
    path = os.path.join(folder or tempfile.mkdtemp(), f"libplan_{what}_{id(layer)}.gpkg")
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    error = QgsVectorFileWriter.writeAsVectorFormatV3(layer, path, context.transformContext(), options)
    if error[0] != QgsVectorFileWriter.NoError:
        raise QgsProcessingException(f"{what}: cannot save layer {layer.name()} for libplan: {error[1]}")
    feedback.pushInfo(f"{what}: layer {layer.name()} saved to {path} for libplan")
    return path, "", ""


def _qvariant_type(series):
    kind = getattr(series.dtype, "kind", "O")
    if kind == "b":
        return QVariant.Int
    if kind in "iu" or str(series.dtype) == "Int64":
        return QVariant.LongLong
    if kind == "f":
        return QVariant.Double
    return QVariant.String


def _plain(value):
    """A value a QgsFeature attribute takes: None for NaN/NA, Python numbers and strings."""
    if value is None:
        return None
    try:
        import pandas as pd
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, bool):
        return int(value)
    return value


def write_frame(alg, parameters, context, name, frame, wkb_type, style=None):
    """Writes a GeoDataFrame into the feature sink parameter `name`; returns the sink's id. `style`
    (name, description, QML) is the layer's QGIS style: a GeoPackage output keeps it in its layer_styles
    table as its default style, as the `plan` command's outputs do, so that it opens styled."""
    fields = QgsFields()
    columns = [c for c in frame.columns if c != frame.geometry.name]
    for c in columns:
        fields.append(QgsField(str(c), _qvariant_type(frame[c])))
    crs = QgsCoordinateReferenceSystem(str(frame.crs.to_string()) if frame.crs is not None else "")
    sink, dest = alg.parameterAsSink(parameters, name, context, fields, wkb_type, crs)
    if sink is None:
        raise QgsProcessingException(alg.invalidSinkError(parameters, name))
    values = [frame[c].tolist() for c in columns]
    for i, geom in enumerate(frame.geometry):
        f = QgsFeature(fields)
        if geom is not None and not geom.is_empty:
            g = QgsGeometry()
            g.fromWkb(geom.wkb)
            f.setGeometry(g)
        f.setAttributes([_plain(v[i]) for v in values])
        sink.addFeature(f, QgsFeatureSink.FastInsert)
    del sink  # closes the file, so that the style goes into a complete GeoPackage
    if style is not None:
        save_style(dest, *style)
    return dest


def save_style(dest, name, description, qml):
    """Stores `qml` as the default style of the output `dest` (a path, or path|layername=…): in a
    GeoPackage through QGIS's own saveStyleToDatabase; beside a one-layer file (Shapefile, GeoJSON,
    FlatGeobuf) as `<stem>.qml`, which QGIS loads when it opens the file, as the `plan` command does.
    Other destinations (memory layers, databases) are left as they are."""
    path = str(dest).split("|")[0]
    if not os.path.exists(path):
        return
    stem, extension = os.path.splitext(path)
    if extension.lower() in (".shp", ".geojson", ".json", ".fgb"):
        with open(stem + ".qml", "w", encoding="utf-8") as sidecar:
            sidecar.write(qml)
        return
    if extension.lower() != ".gpkg":
        return
    layer = QgsVectorLayer(str(dest), name, "ogr")
    if not layer.isValid():
        return
    document = QDomDocument()
    document.setContent(qml)
    ok, _ = layer.importNamedStyle(document)
    if ok:
        layer.saveStyleToDatabase(name, description, True, "")


def output_style(libplan, kind, **kwargs):
    """(style name, description, QML) of a libplan output kind, as the command stores it."""
    names = {"covered": ("covered", "areas within reach of a stop"),
             "gaps": ("gaps", "areas of the study area beyond reach of every stop"),
             "isochrones": ("isochrone bands", "isochrones graded by threshold, nearest green"),
             "reach": ("distance classes", "homes coloured by distance class"),
             "lifecircle": ("life-circle completeness", "homes with every service of the life circle within reach")}
    name, description = names[kind]
    return name, description, libplan._core.style_qml(kind, **kwargs)


class _Algorithm(QgsProcessingAlgorithm):
    """What every libplan algorithm shares: group, help, the CRS option and the network inputs."""

    _name = ""
    _display = ""
    _help = ""

    def name(self):
        return self._name

    def displayName(self):  # noqa: N802 - QGIS API
        return self._display

    def group(self):
        return "libplan"

    def groupId(self):  # noqa: N802 - QGIS API
        return "libplan"

    def shortHelpString(self):  # noqa: N802 - QGIS API
        return self._help

    def createInstance(self):  # noqa: N802 - QGIS API
        return type(self)()

    def flags(self):
        # libplan releases the GIL and holds no QGIS objects: safe to run off the main thread.
        return super().flags()

    def add_crs(self):
        self.addParameter(QgsProcessingParameterCrs(
            "CRS", "Measuring CRS (metric; empty: the UTM zone of the first input's centre)", optional=True))

    def crs_of(self, parameters, context):
        crs = self.parameterAsCrs(parameters, "CRS", context)
        if not crs.isValid():
            return None
        return crs.authid() or crs.toWkt()

    def source(self, parameters, name, context, feedback):
        layer = self.parameterAsVectorLayer(parameters, name, context)
        return layer_source(layer, context, feedback, name.lower())

    def add_travel(self, modes=True):
        if modes:
            self.addParameter(QgsProcessingParameterEnum("MODE", "Travel mode", options=MODES, defaultValue=0))
        self.addParameter(QgsProcessingParameterNumber(
            "SPEED_KMH", "Walking speed (km/h; walking only)", QgsProcessingParameterNumber.Double, 4.0,
            minValue=0.1))
        snap = QgsProcessingParameterDistance("MAX_SNAP", "Maximum snap distance to a street", 250.0, minValue=0)
        snap.setDefaultUnit(QgsUnitTypes.DistanceMeters)
        self.addParameter(snap)
        self.addParameter(QgsProcessingParameterBoolean(
            "LARGEST_COMPONENT", "Snap only to the largest connected piece of the network", False))

    def travel(self, parameters, context, modes=True):
        mode = MODES[self.parameterAsEnum(parameters, "MODE", context)] if modes else "walk"
        speed = self.parameterAsDouble(parameters, "SPEED_KMH", context)
        return dict(mode=mode, speed_kmh=None if mode == "drive" else speed,
                    max_snap_m=self.parameterAsDouble(parameters, "MAX_SNAP", context),
                    largest_component=self.parameterAsBool(parameters, "LARGEST_COMPONENT", context))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 - QGIS API
        libplan = _libplan()
        try:
            return self.run(libplan, parameters, context, feedback)
        except libplan.Error as e:  # the library's message names file, layer, feature and field
            raise QgsProcessingException(str(e))


def _inputs(self, parameters, context, feedback, names):
    """Sources and the layers/where dicts libplan takes, for the named layer parameters."""
    sources, layers, where = {}, {}, {}
    for key, name in names.items():
        s = self.source(parameters, key, context, feedback)
        if s is None:
            sources[name] = None
            continue
        sources[name], layers[name], where[name] = s
    layers = {k: v for k, v in layers.items() if v}
    where = {k: v for k, v in where.items() if v}
    return sources, layers, where


class StopCoverage(_Algorithm):
    _name = "stopcoverage"
    _display = "Stop coverage (500 m, indicator 11)"
    _help = ("The share of the study area within a radius (500 m) of a transit stop, straight line: the national "
             "transit-metropolis definition the Heze plan monitors as indicator 11 (中心城区公交站点500米覆盖率). "
             "Circles around all stops are merged (overlaps counted once) and divided by the area after removing "
             "exclusion polygons (water, parks, schools, military land) larger than the minimum exclusion area "
             "(1 km²). The union's area is exact (no buffer polygons). Optional population (polygons spread over "
             "their area, or points) gives the population ratio. Outputs: covered and gap polygons (circles drawn "
             "as 128-gons), the area ratio, covered and study area in m², the population ratio.")

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API
        self.addParameter(QgsProcessingParameterVectorLayer("STOPS", "Stops", [QgsProcessing.TypeVectorPoint]))
        self.addParameter(QgsProcessingParameterVectorLayer("AREA", "Study area", [QgsProcessing.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterVectorLayer("EXCLUSIONS", "Exclusions (water, parks …)",
                                                            [QgsProcessing.TypeVectorPolygon], optional=True))
        self.addParameter(QgsProcessingParameterNumber("EXCLUSION_MIN_AREA", "Minimum exclusion area (m²)",
                                                       QgsProcessingParameterNumber.Double, 1e6, minValue=0))
        radius = QgsProcessingParameterDistance("RADIUS", "Radius", 500.0, minValue=0.001)
        radius.setDefaultUnit(QgsUnitTypes.DistanceMeters)
        self.addParameter(radius)
        self.addParameter(QgsProcessingParameterVectorLayer("POPULATION", "Population (polygons or points)",
                                                            [QgsProcessing.TypeVectorAnyGeometry], optional=True))
        self.addParameter(QgsProcessingParameterField("POPULATION_FIELD", "Population field",
                                                      parentLayerParameterName="POPULATION",
                                                      type=QgsProcessingParameterField.Numeric, optional=True))
        self.add_crs()
        self.addParameter(QgsProcessingParameterFeatureSink("COVERED", "Covered", QgsProcessing.TypeVectorPolygon))
        self.addParameter(QgsProcessingParameterFeatureSink("GAPS", "Gaps", QgsProcessing.TypeVectorPolygon,
                                                            optional=True))
        for key, text in (("AREA_RATIO", "Area ratio"), ("COVERED_M2", "Covered area (m²)"),
                          ("AREA_M2", "Study area after exclusions (m²)"), ("POPULATION_RATIO", "Population ratio")):
            self.addOutput(QgsProcessingOutputNumber(key, text))
        self.addOutput(QgsProcessingOutputString("MEASURING_CRS", "Measuring CRS"))

    def run(self, libplan, parameters, context, feedback):
        sources, layers, where = _inputs(self, parameters, context, feedback,
                                         {"STOPS": "stops", "AREA": "area", "EXCLUSIONS": "exclusions",
                                          "POPULATION": "population"})
        field = self.parameterAsString(parameters, "POPULATION_FIELD", context) or None
        feedback.setProgress(10)
        r = libplan.coverage(sources["stops"], sources["area"], exclusions=sources["exclusions"],
                             population=sources["population"] if field else None, population_field=field,
                             radius_m=self.parameterAsDouble(parameters, "RADIUS", context),
                             exclusion_min_area_m2=self.parameterAsDouble(parameters, "EXCLUSION_MIN_AREA", context),
                             polygons=True, crs=self.crs_of(parameters, context), layers=layers, where=where)
        if feedback.isCanceled():
            return {}
        feedback.setProgress(80)
        feedback.pushInfo(f"area ratio {100 * r.area_ratio:.2f} %, covered {r.covered_m2 / 1e6:.3f} km² of "
                          f"{r.area_m2 / 1e6:.3f} km² (CRS {r.crs})")
        out = {"COVERED": write_frame(self, parameters, context, "COVERED", r.covered, QgsWkbTypes.Polygon,
                                      output_style(libplan, "covered"))}
        if parameters.get("GAPS") is not None:
            out["GAPS"] = write_frame(self, parameters, context, "GAPS", r.gaps, QgsWkbTypes.Polygon,
                                      output_style(libplan, "gaps"))
        out.update(AREA_RATIO=r.area_ratio, COVERED_M2=r.covered_m2, AREA_M2=r.area_m2,
                   POPULATION_RATIO=r.population_ratio, MEASURING_CRS=r.crs)
        feedback.setProgress(100)
        return out


class Reach(_Algorithm):
    _name = "reach"
    _display = "Walking reach to facilities"
    _help = ("Every home's nearest facility along the street network (one multi-source shortest-path pass), its "
             "distance and time, and the share of homes (and people) within the threshold. Homes and facilities "
             "snap to the nearest point of the nearest street; those farther than the maximum snap distance are "
             "unreachable and counted, never dropped. Threshold: a distance (1000m) or a time (15min at the "
             "walking speed); driving: a time (30min), along the roads cars use, one-way streets one way. "
             "Polygons (buildings, school grounds) count by their centroid. Output: the homes with facility_id, "
             "distance_m, minutes, covered, snap_m (and per category fields with several categories).")

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API
        self.addParameter(QgsProcessingParameterVectorLayer("NETWORK", "Street network (lines)",
                                                            [QgsProcessing.TypeVectorLine]))
        self.addParameter(QgsProcessingParameterVectorLayer("FACILITIES", "Facilities",
                                                            [QgsProcessing.TypeVectorAnyGeometry]))
        self.addParameter(QgsProcessingParameterField("CATEGORY_FIELD", "Category field",
                                                      parentLayerParameterName="FACILITIES", optional=True))
        self.addParameter(QgsProcessingParameterString("CATEGORY", "Categories (comma-separated; empty: all)",
                                                       optional=True))
        self.addParameter(QgsProcessingParameterVectorLayer("HOMES", "Homes", [QgsProcessing.TypeVectorAnyGeometry]))
        self.addParameter(QgsProcessingParameterField("POPULATION_FIELD", "Population field",
                                                      parentLayerParameterName="HOMES",
                                                      type=QgsProcessingParameterField.Numeric, optional=True))
        self.addParameter(QgsProcessingParameterString("WITHIN", "Threshold (15min, 1000m; driving: 30min)",
                                                       optional=True))
        self.add_travel()
        self.add_crs()
        self.addParameter(QgsProcessingParameterFeatureSink("OUTPUT", "Homes with reach", QgsProcessing.TypeVectorPoint))
        for key, text in (("COVERED_RATIO", "Share of homes covered"), ("HOMES", "Homes"),
                          ("COVERED", "Homes covered"), ("POPULATION_COVERED_RATIO", "Share of people covered")):
            self.addOutput(QgsProcessingOutputNumber(key, text))

    def run(self, libplan, parameters, context, feedback):
        sources, layers, where = _inputs(self, parameters, context, feedback,
                                         {"NETWORK": "network", "FACILITIES": "facilities", "HOMES": "homes"})
        travel = self.travel(parameters, context)
        feedback.setProgress(10)
        r = libplan.reach(sources["network"], sources["facilities"], sources["homes"],
                          within=self.parameterAsString(parameters, "WITHIN", context) or None,
                          category_field=self.parameterAsString(parameters, "CATEGORY_FIELD", context) or None,
                          category=self.parameterAsString(parameters, "CATEGORY", context) or None,
                          population_field=self.parameterAsString(parameters, "POPULATION_FIELD", context) or None,
                          crs=self.crs_of(parameters, context), layers=layers, where=where, **travel)
        if feedback.isCanceled():
            return {}
        feedback.setProgress(70)
        feedback.pushInfo(f"{r.covered} of {r.summary['homes']} homes covered ({100 * r.covered_ratio:.2f} %), "
                          f"{r.unreachable} unreachable (CRS {r.crs})")
        homes = r.homes
        wkb_type = QgsWkbTypes.Point if (homes.geom_type == "Point").all() else QgsWkbTypes.Unknown
        drive = travel["mode"] == "drive"
        threshold = r.summary["threshold_s" if drive else "threshold_m"]
        dest = write_frame(self, parameters, context, "OUTPUT", homes, wkb_type,
                           output_style(libplan, "reach", drive=drive, threshold=threshold))
        feedback.setProgress(100)
        return {"OUTPUT": dest, "COVERED_RATIO": r.covered_ratio, "HOMES": r.summary["homes"], "COVERED": r.covered,
                "POPULATION_COVERED_RATIO": r.population_covered_ratio}


class LifeCircles(_Algorithm):
    _name = "lifecircles"
    _display = "15-minute life circles (GB 50180)"
    _help = ("GB 50180-2018 life circles by walking distance along the streets: 15-minute circle (middle school, "
             "community health centre, elderly care, culture/sports ≤ 1000 m), 10-minute (primary school, market "
             "≤ 500 m), 5-minute (kindergarten, health station, daily shop ≤ 300 m). A home is complete when every "
             "category is within its own distance. The facilities' category field holds the category names (or "
             "give a JSON profile mapping other values, e.g. data/profiles/osm-amenity.json). Output: the homes "
             "with <category>_m, <category>_covered, complete and snap_m.")

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API
        self.addParameter(QgsProcessingParameterVectorLayer("NETWORK", "Street network (lines)",
                                                            [QgsProcessing.TypeVectorLine]))
        self.addParameter(QgsProcessingParameterVectorLayer("FACILITIES", "Facilities",
                                                            [QgsProcessing.TypeVectorAnyGeometry]))
        self.addParameter(QgsProcessingParameterField("CATEGORY_FIELD", "Category field (empty: category)",
                                                      defaultValue="category", parentLayerParameterName="FACILITIES",
                                                      optional=True))
        self.addParameter(QgsProcessingParameterVectorLayer("HOMES", "Homes", [QgsProcessing.TypeVectorAnyGeometry]))
        self.addParameter(QgsProcessingParameterField("POPULATION_FIELD", "Population field",
                                                      parentLayerParameterName="HOMES",
                                                      type=QgsProcessingParameterField.Numeric, optional=True))
        self.addParameter(QgsProcessingParameterFile("PROFILE", "Profile (JSON; empty: GB 50180-2018)",
                                                     extension="json", optional=True))
        self.add_travel(modes=False)
        self.add_crs()
        self.addParameter(QgsProcessingParameterFeatureSink("OUTPUT", "Homes with life circles",
                                                            QgsProcessing.TypeVectorPoint))
        self.addOutput(QgsProcessingOutputNumber("COMPLETE_RATIO", "Share of homes with a complete life circle"))
        self.addOutput(QgsProcessingOutputNumber("POPULATION_COMPLETE_RATIO", "Share of people"))

    def run(self, libplan, parameters, context, feedback):
        sources, layers, where = _inputs(self, parameters, context, feedback,
                                         {"NETWORK": "network", "FACILITIES": "facilities", "HOMES": "homes"})
        travel = self.travel(parameters, context, modes=False)
        travel.pop("mode")
        feedback.setProgress(10)
        r = libplan.lifecircle(sources["network"], sources["facilities"], sources["homes"],
                               category_field=self.parameterAsString(parameters, "CATEGORY_FIELD", context)
                               or "category",
                               profile=self.parameterAsFile(parameters, "PROFILE", context) or None,
                               population_field=self.parameterAsString(parameters, "POPULATION_FIELD", context) or None,
                               crs=self.crs_of(parameters, context), layers=layers, where=where, **travel)
        feedback.setProgress(70)
        for c in r.categories:
            feedback.pushInfo(f"{c['category']:<16} {c['circle']:<10} {c['threshold_m']:>6.0f} m  "
                              f"{100 * c['covered_ratio']:6.2f} % of homes")
        feedback.pushInfo(f"complete: {100 * r.complete_ratio:.2f} % of homes")
        homes = r.homes
        wkb_type = QgsWkbTypes.Point if (homes.geom_type == "Point").all() else QgsWkbTypes.Unknown
        dest = write_frame(self, parameters, context, "OUTPUT", homes, wkb_type, output_style(libplan, "lifecircle"))
        feedback.setProgress(100)
        return {"OUTPUT": dest, "COMPLETE_RATIO": r.complete_ratio,
                "POPULATION_COMPLETE_RATIO": r.population_complete_ratio}


class ElderlyCare(_Algorithm):
    _name = "elderlycare"
    _display = "Community elderly-care floor area (indicator 16)"
    _help = ("社区养老服务设施配建达标率: the share of residential communities that have the community elderly-care "
             "floor area the standard asks for within walking reach. Defaults are Shandong's: at least 20 m² of "
             "floor area per 100 households (《山东省养老服务条例》, 2020), within GB 50180-2018's five-minute "
             "circle, 300 m walking. Each facility's floor area is shared among the communities within reach of "
             "it by households (several small areas served jointly, 统筹配置), so no square metre counts twice. "
             "Communities stand at their point on surface. Output: the communities with households, "
             "required_m2, available_m2, facilities_within, meets and snap_m.")

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API
        self.addParameter(QgsProcessingParameterVectorLayer("NETWORK", "Street network (lines)",
                                                            [QgsProcessing.TypeVectorLine]))
        self.addParameter(QgsProcessingParameterVectorLayer("COMMUNITIES", "Residential communities",
                                                            [QgsProcessing.TypeVectorAnyGeometry]))
        self.addParameter(QgsProcessingParameterField("HOUSEHOLDS_FIELD", "Households field (empty: households)",
                                                      defaultValue="households",
                                                      parentLayerParameterName="COMMUNITIES",
                                                      type=QgsProcessingParameterField.Numeric, optional=True))
        self.addParameter(QgsProcessingParameterVectorLayer("FACILITIES", "Community elderly-care facilities",
                                                            [QgsProcessing.TypeVectorAnyGeometry]))
        self.addParameter(QgsProcessingParameterField("FLOOR_AREA_FIELD", "Floor area field, m² (empty: floor_area_m2)",
                                                      defaultValue="floor_area_m2",
                                                      parentLayerParameterName="FACILITIES",
                                                      type=QgsProcessingParameterField.Numeric, optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            "M2_PER_100_HOUSEHOLDS", "Floor area per 100 households (m²; Shandong 20)",
            QgsProcessingParameterNumber.Double, 20.0, minValue=0.01))
        within = QgsProcessingParameterDistance("WITHIN", "Walking distance a facility serves", 300.0, minValue=1)
        within.setDefaultUnit(QgsUnitTypes.DistanceMeters)
        self.addParameter(within)
        self.add_travel(modes=False)
        self.add_crs()
        self.addParameter(QgsProcessingParameterFeatureSink("OUTPUT", "Communities with their floor area",
                                                            QgsProcessing.TypeVectorAnyGeometry))
        self.addOutput(QgsProcessingOutputNumber("MEETING_RATIO", "Share of communities meeting the standard"))
        self.addOutput(QgsProcessingOutputNumber("HOUSEHOLDS_MEETING_RATIO", "Share of households"))

    def run(self, libplan, parameters, context, feedback):
        sources, layers, where = _inputs(self, parameters, context, feedback,
                                         {"NETWORK": "network", "COMMUNITIES": "communities",
                                          "FACILITIES": "facilities"})
        travel = self.travel(parameters, context, modes=False)
        travel.pop("mode")
        feedback.setProgress(10)
        r = libplan.elderly_care(
            sources["network"], sources["communities"], sources["facilities"],
            households_field=self.parameterAsString(parameters, "HOUSEHOLDS_FIELD", context) or "households",
            floor_area_field=self.parameterAsString(parameters, "FLOOR_AREA_FIELD", context) or "floor_area_m2",
            m2_per_100_households=self.parameterAsDouble(parameters, "M2_PER_100_HOUSEHOLDS", context),
            within=self.parameterAsDouble(parameters, "WITHIN", context), crs=self.crs_of(parameters, context),
            layers=layers, where=where, **travel)
        feedback.setProgress(70)
        feedback.pushInfo(f"meeting the standard: {r.meeting} of {r.summary['communities']} communities, "
                          f"{100 * r.meeting_ratio:.2f} %")
        communities = r.communities
        dest = write_frame(self, parameters, context, "OUTPUT", communities, QgsWkbTypes.Unknown)
        feedback.setProgress(100)
        return {"OUTPUT": dest, "MEETING_RATIO": r.meeting_ratio,
                "HOUSEHOLDS_MEETING_RATIO": r.households_meeting_ratio}


class Isochrones(_Algorithm):
    _name = "isochrones"
    _display = "Isochrones (walk / drive)"
    _help = ("The area within each threshold of the origins along the network: reached street parts, cut at the "
             "exact reach point, widened by the half-width and merged (or one polygon per origin). Walking "
             "thresholds are distances or times at the walking speed (5min,10min,15min); driving thresholds are "
             "times along the roads cars use (one-way streets one way, class speeds or maxspeed). A larger "
             "threshold's polygon contains the smaller one; unreached enclosed land stays a hole. Origins: a point "
             "layer, or one point. Output: polygons with origin, threshold_m (threshold_s driving), minutes, area_m2.")

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API
        self.addParameter(QgsProcessingParameterVectorLayer("NETWORK", "Street network (lines)",
                                                            [QgsProcessing.TypeVectorLine]))
        self.addParameter(QgsProcessingParameterVectorLayer("ORIGINS", "Origins (points)",
                                                            [QgsProcessing.TypeVectorAnyGeometry], optional=True))
        self.addParameter(QgsProcessingParameterPoint("AT", "Or one origin", optional=True))
        self.addParameter(QgsProcessingParameterString("WITHIN", "Thresholds", defaultValue="5min,10min,15min"))
        half = QgsProcessingParameterDistance("HALF_WIDTH", "Half-width of the reached streets", 50.0, minValue=0.001)
        half.setDefaultUnit(QgsUnitTypes.DistanceMeters)
        self.addParameter(half)
        self.addParameter(QgsProcessingParameterBoolean("PER_ORIGIN", "One polygon per origin", False))
        self.add_travel()
        self.add_crs()
        self.addParameter(QgsProcessingParameterFeatureSink("OUTPUT", "Isochrones", QgsProcessing.TypeVectorPolygon))

    def run(self, libplan, parameters, context, feedback):
        sources, layers, where = _inputs(self, parameters, context, feedback,
                                         {"NETWORK": "network", "ORIGINS": "from"})
        at = None
        if sources.get("from") is None:
            if parameters.get("AT") in (None, ""):
                raise QgsProcessingException("give the origins as a point layer or one point")
            point = self.parameterAsPoint(parameters, "AT", context, QgsCoordinateReferenceSystem("EPSG:4326"))
            at = (point.x(), point.y())
        travel = self.travel(parameters, context)

        def progress(fraction):
            if feedback.isCanceled():
                raise QgsProcessingException("cancelled")
            feedback.setProgress(10 + 80 * fraction)

        r = libplan.isochrones(sources["network"], origins=sources.get("from"), at=at,
                               within=self.parameterAsString(parameters, "WITHIN", context),
                               half_width_m=self.parameterAsDouble(parameters, "HALF_WIDTH", context),
                               per_origin=self.parameterAsBool(parameters, "PER_ORIGIN", context),
                               crs=self.crs_of(parameters, context), layers=layers, where=where,
                               progress=progress, **travel)
        for i in r.summary["isochrones"][:12]:
            feedback.pushInfo(f"{i['minutes']:6.1f} min  {i['area_m2'] / 1e6:10.3f} km²")
        drive = travel["mode"] == "drive"
        thresholds = sorted({float(t) for t in r.isochrones["threshold_s" if drive else "threshold_m"]})
        dest = write_frame(self, parameters, context, "OUTPUT", r.isochrones, QgsWkbTypes.MultiPolygon,
                           output_style(libplan, "isochrones", drive=drive, thresholds=thresholds))
        feedback.setProgress(100)
        return {"OUTPUT": dest}


def _write_text(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


class _PlanAlgorithm(_Algorithm):
    """An algorithm on a plan: the PLAN and CRS parameters and the loading, in one place. Its parameters are
    PLAN, the algorithm's own options (add_options), CRS, then its outputs (add_outputs)."""

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API
        # The plan's path as text: a file parameter refuses folders, and a plan is a folder or a .gpkg.
        self.addParameter(QgsProcessingParameterString("PLAN", "Plan (folder with plan.json, or .gpkg)"))
        self.add_options()
        self.add_crs()
        self.add_outputs()

    def add_options(self):
        pass

    def add_outputs(self):
        pass

    def load_plan(self, libplan, parameters, context):
        """The plan named by PLAN, loaded into the CRS parameter's CRS (or its own UTM zone)."""
        return libplan.load_plan(self.parameterAsString(parameters, "PLAN", context),
                                 crs=self.crs_of(parameters, context))


class PlanCheck(_PlanAlgorithm):
    _name = "plancheck"
    _display = "Plan check"
    _help = ("Validates a plan (a folder of GeoJSON layers with plan.json, or one GeoPackage) against the plan "
             "schema and answers the structure questions of a review, as `plan check`: settlements per tier and "
             "county against the plan's formula (Heze: 1+7+22+N); which axis each town lies on (within the axis "
             "tolerance) and whether it is in the development belt; settlements, hubs, corridors, core and belt "
             "entering an ecological barrier or patch, with the length or area inside; the lengths of the blue and "
             "green networks and the areas of barriers and patches. Schema problems name file, layer, feature and "
             "field. Outputs: the numbers of schema errors, warnings and intrusions, the formula, and optionally "
             "the whole check as the JSON document `plan check --json` prints.")

    def add_options(self):
        tolerance = QgsProcessingParameterDistance("AXIS_TOLERANCE", "Axis tolerance", 5000.0, minValue=0)
        tolerance.setDefaultUnit(QgsUnitTypes.DistanceMeters)
        self.addParameter(tolerance)

    def add_outputs(self):
        self.addParameter(QgsProcessingParameterFileDestination("OUTPUT", "Check (JSON)", "JSON files (*.json)",
                                                                optional=True))
        for key, text in (("ERRORS", "Schema errors"), ("WARNINGS", "Schema warnings"),
                          ("INTRUSIONS", "Intrusions into barriers and patches")):
            self.addOutput(QgsProcessingOutputNumber(key, text))
        self.addOutput(QgsProcessingOutputString("FORMULA", "Settlement formula"))

    def run(self, libplan, parameters, context, feedback):
        plan = self.load_plan(libplan, parameters, context)
        feedback.setProgress(40)
        check = libplan.check_plan(plan, axis_tolerance_m=self.parameterAsDouble(parameters, "AXIS_TOLERANCE",
                                                                                   context))
        for issue in plan.issues:
            feedback.reportError(issue) if issue.startswith("error") else feedback.pushInfo(issue)
        for finding in check["findings"]:
            feedback.pushInfo(finding)
        out = {"ERRORS": check["schema"]["errors"], "WARNINGS": check["schema"]["warnings"],
               "INTRUSIONS": len(check["intrusions"]), "FORMULA": check["formula"]}
        dest = self.parameterAsFileOutput(parameters, "OUTPUT", context)
        if dest:
            import json
            _write_text(dest, json.dumps(check, ensure_ascii=False, indent=2) + "\n")
            out["OUTPUT"] = dest
        feedback.setProgress(100)
        return out


REPORT_FORMATS = ["md", "html", "json"]


class PlanReport(_PlanAlgorithm):
    _name = "planreport"
    _display = "Plan indicator report"
    _help = ("The indicator report of a plan, as `plan report`: every indicator with its targets, current "
             "value, status and the method behind each computed value, as Markdown, one self-contained HTML page "
             "with a map of the plan, or JSON. Values come from an observations CSV (id,year,value,...; every "
             "year within the plan period) and, unless switched off, from the plan's own data: indicators 9, 11, "
             "14, 15 and 17 from the demonstration city in the plan's demo/ folder (SYNTHETIC, labelled so) and "
             "19 when settlements carry populations. CSV values replace computed ones. Outputs: the report file, "
             "the number of indicators and the count per status.")

    def add_options(self):
        import datetime
        self.addParameter(QgsProcessingParameterFile("VALUES", "Observed values (CSV)", extension="csv",
                                                     optional=True))
        self.addParameter(QgsProcessingParameterNumber("YEAR", "Report year", QgsProcessingParameterNumber.Integer,
                                                       datetime.datetime.now(datetime.timezone.utc).year,
                                                       minValue=2000, maxValue=2100))
        self.addParameter(QgsProcessingParameterBoolean("COMPUTE", "Compute indicators from the plan's data", True))
        self.addParameter(QgsProcessingParameterEnum("FORMAT", "Format", options=REPORT_FORMATS, defaultValue=1))

    def add_outputs(self):
        self.addParameter(QgsProcessingParameterFileDestination(
            "OUTPUT", "Report", "HTML files (*.html);;Markdown files (*.md);;JSON files (*.json)"))
        self.addOutput(QgsProcessingOutputNumber("INDICATORS", "Indicators"))
        self.addOutput(QgsProcessingOutputString("STATUS", "Indicators per status"))

    def run(self, libplan, parameters, context, feedback):
        plan = self.load_plan(libplan, parameters, context)
        if plan.warnings:
            feedback.pushInfo(f"{plan.warnings} schema warning(s); the Plan check algorithm lists them")
        feedback.setProgress(20)
        values = self.parameterAsFile(parameters, "VALUES", context) or None
        year = self.parameterAsInt(parameters, "YEAR", context)
        compute = self.parameterAsBool(parameters, "COMPUTE", context)
        fmt = REPORT_FORMATS[self.parameterAsEnum(parameters, "FORMAT", context)]
        document = libplan.report(plan, values=values, year=year, compute=compute, format="json")
        feedback.setProgress(70)
        text = document if fmt == "json" else libplan.report(plan, values=values, year=year, compute=compute,
                                                              format=fmt)
        dest = self.parameterAsFileOutput(parameters, "OUTPUT", context)
        if fmt == "json":
            import json
            text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        _write_text(dest, text)
        rows = document["indicators"]
        summary = ", ".join(f"{k} {v}" for k, v in document["status_counts"].items())
        feedback.pushInfo(f"{len(rows)} indicators ({summary}); wrote {dest}")
        feedback.setProgress(100)
        return {"OUTPUT": dest, "INDICATORS": len(rows), "STATUS": summary}


ALGORITHMS = [StopCoverage, Reach, LifeCircles, ElderlyCare, Isochrones, PlanCheck, PlanReport]
