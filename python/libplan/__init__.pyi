# Type stubs of the libplan Python package (see __init__.py for the docstrings).
import os
from typing import Any, Callable, Dict, Iterable, List, Optional, Sequence, Tuple, Union

import numpy as np

Source = Union[str, os.PathLike, Any]  # a path/connection string, a GeoDataFrame/GeoSeries, Shapely geometries or an (n, 2) array
Threshold = Union[str, float, None]

__version__: str
DEFAULT_MAX_SNAP_M: float

class Error(Exception): ...

class DataError(Error):
    file: Optional[str]
    layer: Optional[str]
    feature: Optional[int]
    field: Optional[str]
    problem: str

class UsageError(Error, ValueError): ...

class _Result:
    summary: Dict[str, Any]
    warnings: List[str]
    crs: str
    def __getattr__(self, key: str) -> Any: ...

class CoverageResult(_Result):
    covered: Any
    gaps: Any
    network_covered: Any
    area_ratio: float
    covered_m2: float
    area_m2: float
    population_ratio: Optional[float]

class _HomesResult(_Result):
    columns: Dict[str, np.ndarray]
    @property
    def homes(self) -> Any: ...

class ReachResult(_HomesResult):
    covered_ratio: float
    population_covered_ratio: Optional[float]
    unreachable_ids: List[int]

class LifeCircleResult(_HomesResult):
    complete_ratio: float
    categories: List[Dict[str, Any]]

class ElderlyCareResult(_Result):
    meeting_ratio: float
    households_meeting_ratio: Optional[float]
    unsnapped_ids: List[int]
    columns: Dict[str, np.ndarray]
    @property
    def communities(self) -> Any: ...

class IsochroneResult(_Result):
    isochrones: Any

def coverage(stops: Source, area: Source, *, exclusions: Optional[Source] = ..., population: Optional[Source] = ...,
             population_field: Optional[str] = ..., radius_m: float = ..., exclusion_min_area_m2: float = ...,
             metric: str = ..., network: Optional[Source] = ..., half_width_m: float = ..., max_snap_m: float = ...,
             polygons: bool = ..., crs: Optional[str] = ..., assume_crs: Optional[str] = ...,
             gcj02: Iterable[str] = ..., bd09: Iterable[str] = ..., layers: Optional[Dict[str, str]] = ...,
             where: Optional[Dict[str, str]] = ...) -> CoverageResult: ...
def reach(network: Source, facilities: Source, homes: Source, *, within: Threshold = ...,
          category_field: Optional[str] = ..., category: Union[str, Sequence[str], None] = ...,
          population_field: Optional[str] = ..., mode: str = ..., speed_kmh: Optional[float] = ...,
          max_snap_m: float = ..., largest_component: bool = ..., crs: Optional[str] = ...,
          assume_crs: Optional[str] = ..., gcj02: Iterable[str] = ..., bd09: Iterable[str] = ...,
          layers: Optional[Dict[str, str]] = ..., where: Optional[Dict[str, str]] = ...) -> ReachResult: ...
def lifecircle(network: Source, facilities: Source, homes: Source, *, category_field: str = ...,
               profile: Union[str, os.PathLike, Dict[str, Any], None] = ..., population_field: Optional[str] = ...,
               speed_kmh: Optional[float] = ..., max_snap_m: float = ..., largest_component: bool = ...,
               crs: Optional[str] = ..., assume_crs: Optional[str] = ..., gcj02: Iterable[str] = ...,
               bd09: Iterable[str] = ..., layers: Optional[Dict[str, str]] = ...,
               where: Optional[Dict[str, str]] = ...) -> LifeCircleResult: ...
def elderly_care(network: Source, communities: Source, facilities: Source, *, households_field: str = ...,
                 floor_area_field: str = ..., m2_per_100_households: float = ..., within: Union[str, float] = ...,
                 speed_kmh: Optional[float] = ..., max_snap_m: float = ..., largest_component: bool = ...,
                 crs: Optional[str] = ..., assume_crs: Optional[str] = ..., gcj02: Iterable[str] = ...,
                 bd09: Iterable[str] = ..., layers: Optional[Dict[str, str]] = ...,
                 where: Optional[Dict[str, str]] = ...) -> ElderlyCareResult: ...
def isochrones(network: Source, *, origins: Optional[Source] = ..., at: Optional[Tuple[float, float]] = ...,
               within: Union[str, Sequence[Union[str, float]]] = ..., mode: str = ..., speed_kmh: Optional[float] = ...,
               half_width_m: float = ..., per_origin: bool = ..., max_snap_m: float = ..., largest_component: bool = ...,
               crs: Optional[str] = ..., assume_crs: Optional[str] = ..., gcj02: Iterable[str] = ...,
               bd09: Iterable[str] = ..., layers: Optional[Dict[str, str]] = ..., where: Optional[Dict[str, str]] = ...,
               progress: Optional[Callable[[float], None]] = ...) -> IsochroneResult: ...
def read(source: Union[str, os.PathLike], *, layer: str = ..., where: str = ..., crs: Optional[str] = ...,
         assume_crs: Optional[str] = ..., gcj02: bool = ..., bd09: bool = ...) -> Any: ...
def gb50180_profile() -> Dict[str, Any]: ...
def parse_threshold_m(text: str, speed_kmh: float) -> float: ...
def parse_time_threshold_s(text: str) -> float: ...

class Plan:
    name_zh: str
    name_en: str
    source: str
    crs: str
    errors: int
    warnings: int
    issues: List[str]
    read_warnings: List[str]

def load_plan(path: Union[str, os.PathLike], *, crs: Optional[str] = ..., strict: bool = ...) -> Plan: ...
def check_plan(plan: Union[Plan, str, os.PathLike], *, axis_tolerance_m: float = ...,
               crs: Optional[str] = ...) -> Dict[str, Any]: ...
def report(plan: Union[Plan, str, os.PathLike], *, values: Union[str, os.PathLike, None] = ...,
           year: Optional[int] = ..., compute: bool = ..., format: str = ...,
           crs: Optional[str] = ...) -> Union[Dict[str, Any], str]: ...
