#!/usr/bin/env python3
"""Writes the built-in Heze plan (data/heze/*.geojson) from coordinates chosen by the project.

Every coordinate below was typed here (WGS84 lon/lat, 3 decimals ≈ 100 m): county outlines were drawn by
eye as a schematic topology (shared borders are one arc, so counties neither overlap nor leave gaps), the
settlements, hubs and patch centres are the reference points listed in data/heze/README.md, and the
structure (core, belt, axes) and ecology (barriers, green network) are drawn from those. Run it again after
editing a coordinate: `python3 scripts/make-heze-plan.py` (it only needs the Python standard library).
"""
import json
import math
import os

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "heze")
PLAN_SOURCE = "《菏泽市新型城镇化与城乡融合发展规划(至2035年)》(菏政发〔2022〕21号)"

# ---- Boundaries: nodes where three outlines meet, and the arcs between them -----------------------------
A = (115.320, 35.490)  # 鄄城 / 牡丹 / Yellow River
B = (115.690, 35.758)  # 鄄城 / 郓城 / Yellow River
C = (116.115, 35.495)  # 郓城 / 巨野 / city edge
D = (116.180, 35.115)  # 巨野 / 成武 / city edge
E = (116.185, 34.942)  # 成武 / 单县 / city edge
F = (115.795, 34.578)  # 曹县 / 单县 / city edge
G = (115.130, 35.002)  # 东明 / 曹县 / city edge
H = (115.185, 35.425)  # 东明 / 牡丹 / Yellow River
I = (115.700, 35.438)  # 鄄城 / 郓城 / 牡丹
J = (115.798, 35.378)  # 郓城 / 巨野 / 牡丹
K = (115.792, 35.245)  # 牡丹 / 定陶 / 巨野
L = (115.787, 35.160)  # 定陶 / 巨野 / 成武
M = (115.765, 34.970)  # 定陶 / 曹县 / 成武
N = (115.855, 34.822)  # 曹县 / 成武 / 单县
O = (115.338, 35.042)  # 牡丹 / 定陶 / 曹县
P = (115.252, 35.052)  # 东明 / 牡丹 / 曹县

ARCS = {
    # the city edge, clockwise
    "AB": [A, (115.350, 35.495), (115.340, 35.550), (115.380, 35.575), (115.410, 35.630), (115.445, 35.665),
           (115.500, 35.725), (115.530, 35.735), (115.580, 35.740), (115.640, 35.745), B],
    "BC": [B, (115.695, 35.800), (115.720, 35.825), (115.770, 35.855), (115.810, 35.850), (115.860, 35.870),
           (115.870, 35.810), (115.920, 35.800), (116.000, 35.765), (116.070, 35.715), (116.120, 35.670),
           (116.125, 35.640), (116.110, 35.600), (116.115, 35.550), C],
    "CD": [C, (116.150, 35.450), (116.200, 35.470), (116.210, 35.440), (116.220, 35.360), (116.190, 35.330),
           (116.215, 35.265), (116.265, 35.270), (116.280, 35.240), (116.265, 35.195), (116.230, 35.205),
           (116.210, 35.190), (116.200, 35.150), D],
    "DE": [D, (116.140, 35.110), (116.135, 35.090), (116.110, 35.050), (116.115, 35.010), (116.160, 34.980),
           (116.155, 34.950), E],
    "EF": [E, (116.200, 34.915), (116.290, 34.880), (116.330, 34.865), (116.400, 34.860), (116.395, 34.755),
           (116.365, 34.750), (116.360, 34.720), (116.385, 34.700), (116.365, 34.645), (116.320, 34.605),
           (116.275, 34.610), (116.240, 34.555), (116.200, 34.580), (116.145, 34.555), (116.110, 34.595),
           (116.080, 34.610), (116.030, 34.600), (115.995, 34.620), (115.975, 34.588), (115.900, 34.580),
           (115.830, 34.565), F],
    "FG": [F, (115.750, 34.590), (115.695, 34.600), (115.680, 34.560), (115.620, 34.575), (115.540, 34.575),
           (115.500, 34.590), (115.460, 34.630), (115.440, 34.680), (115.430, 34.720), (115.440, 34.750),
           (115.400, 34.825), (115.350, 34.838), (115.300, 34.860), (115.235, 34.855), (115.240, 34.905),
           (115.200, 34.920), (115.210, 34.955), (115.150, 34.960), G],
    "GH": [G, (115.070, 34.995), (115.030, 34.980), (115.000, 34.990), (114.950, 34.990), (114.920, 34.970),
           (114.880, 34.995), (114.845, 35.010), (114.845, 35.040), (114.815, 35.055), (114.830, 35.075),
           (114.875, 35.100), (114.870, 35.120), (114.835, 35.150), (114.840, 35.170), (114.875, 35.190),
           (114.925, 35.200), (114.930, 35.255), (114.960, 35.270), (115.005, 35.320), (115.015, 35.350),
           (115.035, 35.375), (115.070, 35.380), (115.080, 35.410), (115.110, 35.420), H],
    "HA": [H, (115.230, 35.430), (115.265, 35.458), A],
    # inner borders
    "AI": [A, (115.315, 35.435), (115.350, 35.430), (115.390, 35.415), (115.440, 35.415), (115.470, 35.390),
           (115.530, 35.385), (115.620, 35.380), (115.655, 35.405), I],
    "BI": [B, (115.655, 35.740), (115.680, 35.715), (115.678, 35.665), (115.720, 35.655), (115.720, 35.630),
           (115.695, 35.595), (115.700, 35.550), (115.705, 35.490), I],
    "IJ": [I, (115.715, 35.405), (115.790, 35.400), J],
    "CJ": [C, (116.060, 35.480), (116.030, 35.460), (116.025, 35.422), (115.995, 35.410), (115.970, 35.385),
           (115.890, 35.370), (115.840, 35.385), J],
    "JK": [J, (115.800, 35.340), (115.790, 35.300), K],
    "KL": [K, (115.780, 35.200), L],
    "DL": [D, (116.080, 35.115), (116.000, 35.108), (115.880, 35.120), (115.840, 35.145), L],
    "KO": [K, (115.730, 35.252), (115.690, 35.245), (115.630, 35.242), (115.575, 35.238), (115.560, 35.190),
           (115.510, 35.160), (115.500, 35.130), (115.425, 35.110), (115.400, 35.120), (115.360, 35.100), O],
    "LM": [L, (115.790, 35.100), (115.765, 35.030), (115.780, 34.995), M],
    "OM": [O, (115.400, 35.025), (115.430, 35.020), (115.470, 35.025), (115.495, 35.005), (115.545, 35.002),
           (115.580, 34.985), (115.610, 34.975), (115.700, 34.965), M],
    "MN": [M, (115.745, 34.950), (115.735, 34.920), (115.745, 34.865), (115.795, 34.842), (115.820, 34.845), N],
    "NE": [N, (115.900, 34.815), (115.950, 34.812), (115.990, 34.820), (116.000, 34.845), (115.995, 34.880),
           (116.015, 34.895), (116.015, 34.935), (116.040, 34.950), (116.100, 34.920), (116.135, 34.910), E],
    "NF": [N, (115.870, 34.790), (115.850, 34.785), (115.820, 34.760), (115.830, 34.690), (115.820, 34.660),
           (115.795, 34.650), F],
    "OP": [O, (115.330, 35.040), (115.280, 35.040), P],
    "GP": [G, (115.140, 35.015), (115.170, 35.045), (115.200, 35.050), P],
    "PH": [P, (115.250, 35.065), (115.235, 35.090), (115.230, 35.155), (115.255, 35.210), (115.260, 35.290),
           (115.245, 35.320), (115.235, 35.355), (115.185, 35.390), H],
}


def ring(*parts):
    """Joins arcs ('AB' forwards, '-AB' backwards) into a closed counter-clockwise ring."""
    pts = []
    for part in parts:
        arc = ARCS[part.lstrip("-")]
        arc = arc[::-1] if part.startswith("-") else arc
        pts.extend(arc if not pts else arc[1:])
    assert pts[0] == pts[-1], parts
    if signed_area(pts) < 0:
        pts = pts[::-1]
    return pts


def signed_area(pts):
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(pts, pts[1:])) / 2


COUNTIES = [
    # name_zh, pinyin, kind, arcs, population (2020 census where found), official area km²
    ("牡丹区", "Mudan Qu", "district", ["HA", "AI", "IJ", "JK", "KO", "OP", "PH"], 1098707, 1415),
    ("定陶区", "Dingtao Qu", "district", ["-KO", "KL", "LM", "-OM"], 540016, 846),
    ("曹县", "Cao Xian", "county", ["FG", "GP", "-OP", "OM", "MN", "NF"], 1384282, 1974),
    ("单县", "Shan Xian", "county", ["EF", "-NF", "NE"], 1026555, 1670),
    ("成武县", "Chengwu Xian", "county", ["DE", "-NE", "-MN", "-LM", "-DL"], None, 998),
    ("巨野县", "Juye Xian", "county", ["CD", "DL", "-KL", "-JK", "-CJ"], None, 1308),
    ("郓城县", "Yuncheng Xian", "county", ["BC", "CJ", "-IJ", "-BI"], None, 1643),
    ("鄄城县", "Juancheng Xian", "county", ["AB", "BI", "-AI"], None, 1032),
    ("东明县", "Dongming Xian", "county", ["GH", "-PH", "-GP"], None, 1370),
]
CITY = ("菏泽市", "Heze Shi", "city", ["AB", "BC", "CD", "DE", "EF", "FG", "GH", "HA"], 8795939, 12238.62)

# 专栏3 县城功能引导 (the plan's guidance for each county seat), as printed in the plan's text (lines
# 286–292 of the published text; spaces of the PDF extraction removed). 牡丹区 and 定陶区 form the central
# city and have no row of their own.
GUIDANCE = {
    "东明": "建设新型工业强县、现代农业大县、生态宜居名县,加快与中心城区一体化发展,共建菏泽市都市区",
    "巨野": "巨东城镇发展带核心城市之一,重要精细化工和新材料基地,以麒麟文化和环城水系为特色的生态宜居城市",
    "鄄城": "建设现代农业大县、新型工业强县、文化旅游名县,菏泽重要的加工制造业基地",
    "郓城": "建设现代化强县,国内著名的水浒文化旅游名城,菏泽重要物流商贸中心和先进制造业基地",
    "成武": "山东省输变电设备生产基地,菏泽市先进制造业基地,伯乐故里文化旅游名城",
    "曹县": "发挥区位交通优势和电商产业特色,建设先进制造业强县,打造三省交界地区商贸物流中心",
    "单县": "黄河故道以北的生态旅游服务中心,鲁西南地区重要的新能源及化工产业基地",
}
GUIDANCE_SOURCE = "专栏3 县城功能引导 (plan text lines 286–292)"


def guidance_of(name_zh):
    for key, text in GUIDANCE.items():
        if name_zh.startswith(key):
            return text
    return None


BOUNDARY_SOURCE = ("schematic outline drawn by the project (nodes at county tri-junctions, a few vertices per "
                   "border, checked by eye against a DataV rendering; not copied); population: 2020 census "
                   "where found, area: official 2018 table")

# ---- Settlements "1+7+22+N" ------------------------------------------------------------------------------
TOWN_SRC_HIGH = "Vonng/adcode town centre (CC BY 4.0, GCJ-02 converted to WGS84), via facts.geojson"
SETTLEMENTS = [
    # name_zh, pinyin, kind, tier, county, lon, lat, guidance, source, confidence
    ("菏泽中心城区", "Heze Zhongxin Chengqu", "central_city", 1, "牡丹区", 115.475, 35.234, "", "municipal government seat, Vonng/adcode; cross-checked Wikipedia", "high"),
    ("东明县城", "Dongming Xiancheng", "county_seat", 2, "东明县", 115.092, 35.290, "", "DataV county centre (GCJ-02 converted), cross-checked GeoNames", "high"),
    ("巨野县城", "Juye Xiancheng", "county_seat", 2, "巨野县", 116.084, 35.391, "", "DataV county centre, cross-checked GeoNames", "high"),
    ("郓城县城", "Yuncheng Xiancheng", "county_seat", 2, "郓城县", 115.933, 35.595, "", "DataV county centre, cross-checked GeoNames", "high"),
    ("单县县城", "Shan Xiancheng", "county_seat", 2, "单县", 116.077, 34.792, "", "DataV county centre, cross-checked GeoNames", "high"),
    ("曹县县城", "Cao Xiancheng", "county_seat", 2, "曹县", 115.544, 34.824, "", "DataV county centre", "high"),
    ("鄄城县城", "Juancheng Xiancheng", "county_seat", 2, "鄄城县", 115.509, 35.561, "", "DataV county centre, cross-checked GeoNames", "high"),
    ("成武县城", "Chengwu Xiancheng", "county_seat", 2, "成武县", 115.892, 34.948, "", "DataV county centre, cross-checked GeoNames", "high"),
    ("庄寨镇", "Zhuangzhai Zhen", "key_town", 3, "曹县", 115.197, 35.009, "培育为新生中小城市", TOWN_SRC_HIGH, "medium"),
    ("龙堌镇", "Longgu Zhen", "key_town", 3, "巨野县", 116.050, 35.450, "", "placed from text (north of Juye seat, coal-mine area)", "low"),
    ("冉堌镇", "Rangu Zhen", "key_town", 3, "定陶区", 115.690, 34.995, "", "placed from text (Dingtao SE, tri-junction with Cao/Chengwu)", "low"),
    ("吴店镇", "Wudian Zhen", "key_town", 3, "牡丹区", 115.390, 35.324, "", TOWN_SRC_HIGH, "medium"),
    ("吕陵镇", "Lüling Zhen", "key_town", 3, "牡丹区", 115.330, 35.250, "", "placed from text (Dongyu North Branch course, W of city)", "low"),
    ("陈集镇", "Chenji Zhen", "key_town", 3, "定陶区", 115.634, 35.196, "", TOWN_SRC_HIGH, "medium"),
    ("马集镇", "Maji Zhen", "key_town", 3, "定陶区", 115.485, 35.033, "", TOWN_SRC_HIGH, "medium"),
    ("菜园集镇", "Caiyuanji Zhen", "key_town", 3, "东明县", 115.125, 35.373, "", TOWN_SRC_HIGH, "medium"),
    ("大屯镇", "Datun Zhen", "key_town", 3, "东明县", 115.208, 35.133, "", TOWN_SRC_HIGH, "medium"),
    ("旧城镇", "Jiucheng Zhen", "key_town", 3, "鄄城县", 115.509, 35.667, "", TOWN_SRC_HIGH, "medium"),
    ("郑营镇", "Zhengying Zhen", "key_town", 3, "鄄城县", 115.538, 35.500, "", TOWN_SRC_HIGH, "medium"),
    ("田桥镇", "Tianqiao Zhen", "key_town", 3, "巨野县", 115.973, 35.340, "", TOWN_SRC_HIGH, "medium"),
    ("大谢集镇", "Daxieji Zhen", "key_town", 3, "巨野县", 116.130, 35.168, "", TOWN_SRC_HIGH, "medium"),
    ("随官屯镇", "Suiguantun Zhen", "key_town", 3, "郓城县", 116.015, 35.477, "", TOWN_SRC_HIGH, "medium"),
    ("黄安镇", "Huang'an Zhen", "key_town", 3, "郓城县", 115.731, 35.460, "", TOWN_SRC_HIGH, "medium"),
    ("青堌集镇", "Qingguji Zhen", "key_town", 3, "曹县", 115.740, 34.670, "", "position unverified (SE Cao county near the old course)", "low"),
    ("梁堤头镇", "Liangditou Zhen", "key_town", 3, "曹县", 115.581, 34.632, "", TOWN_SRC_HIGH, "medium"),
    ("汶上集镇", "Wenshangji Zhen", "key_town", 3, "成武县", 115.830, 35.120, "", "placed from text (Chengwu/Dingtao/Juye tri-junction, 20 km from seat)", "low"),
    ("大田集镇", "Datianji Zhen", "key_town", 3, "成武县", 116.050, 35.083, "", "published seat 116°03′E 35°05′N (datum unknown)", "medium"),
    ("黄岗镇", "Huanggang Zhen", "key_town", 3, "单县", 116.041, 34.646, "", TOWN_SRC_HIGH, "medium"),
    ("终兴镇", "Zhongxing Zhen", "key_town", 3, "单县", 116.276, 34.754, "", TOWN_SRC_HIGH, "medium"),
    ("沙土镇", "Shatu Zhen", "key_town", 3, "牡丹区", 115.736, 35.280, "", TOWN_SRC_HIGH, "medium"),
]
SEAT = {s[0][:2]: (s[5], s[6]) for s in SETTLEMENTS}
CENTRE = (115.475, 35.234)

# ---- Structure "一核一带、五轴多极" -------------------------------------------------------------------------
CORE = [(115.060, 35.330), (115.200, 35.330), (115.330, 35.300), (115.450, 35.310), (115.580, 35.300),
        (115.680, 35.260), (115.700, 35.190), (115.640, 35.120), (115.560, 35.060), (115.460, 35.080),
        (115.360, 35.130), (115.230, 35.180), (115.100, 35.220), (115.040, 35.270), (115.060, 35.330)]
BELT_PATH = [SEAT["东明"], CENTRE, (115.700, 35.290), SEAT["巨野"]]
AXES = [
    ("菏曹发展轴", "He–Cao axis", "曹县", [CENTRE, (115.564, 35.074), SEAT["曹县"]]),
    ("菏郓发展轴", "He–Yun axis", "郓城", [CENTRE, (115.700, 35.420), SEAT["郓城"]]),
    ("菏成单发展轴", "He–Cheng–Shan axis", "成武、单县", [CENTRE, SEAT["成武"], SEAT["单县"]]),
    ("菏鄄发展轴", "He–Juan axis", "鄄城", [CENTRE, SEAT["鄄城"]]),
    ("菏庄发展轴", "He–Zhuang axis", "庄寨", [CENTRE, (115.330, 35.120), (115.197, 35.009)]),
]
POLES = {"曹县": "曹县", "郓城": "郓城县", "单县": "单县", "巨野": "巨野县", "鄄城": "鄄城县", "成武": "成武县"}

# ---- Ecology "两屏双网多点" -------------------------------------------------------------------------------
# The Yellow River within reach of Heze (WDB-II centreline, public domain, generalised, via facts.geojson).
YELLOW_RIVER = [(114.802, 35.003), (114.839, 35.017), (114.851, 35.037), (114.853, 35.090), (114.864, 35.133),
                (114.849, 35.161), (114.851, 35.172), (114.879, 35.191), (114.935, 35.214), (115.009, 35.288),
                (115.031, 35.345), (115.061, 35.377), (115.124, 35.392), (115.152, 35.419), (115.194, 35.408),
                (115.252, 35.421), (115.298, 35.469), (115.343, 35.486), (115.345, 35.492), (115.327, 35.531),
                (115.330, 35.543), (115.346, 35.558), (115.373, 35.549), (115.386, 35.560), (115.392, 35.611),
                (115.402, 35.632), (115.485, 35.671), (115.504, 35.691), (115.494, 35.720), (115.505, 35.725),
                (115.534, 35.712), (115.656, 35.739), (115.670, 35.749), (115.736, 35.839), (115.876, 35.865)]
OLD_COURSE = [(114.860, 34.920), (115.000, 34.820), (115.150, 34.740), (115.350, 34.670), (115.500, 34.610),
              (115.700, 34.575), (115.900, 34.600), (115.960, 34.640), (116.100, 34.600), (116.250, 34.560),
              (116.400, 34.450)]
# The part of the old course that runs through Heze (曹县 and 单县); upstream it lies in Henan.
OLD_COURSE_HEZE = [(115.420, 34.640), (115.500, 34.610), (115.700, 34.575), (115.900, 34.600), (115.960, 34.640),
                   (116.100, 34.600), (116.250, 34.560), (116.330, 34.500)]
RIVERS = [
    # name_zh, pinyin, kind, line, confidence
    ("东鱼河", "Dongyu He", "river", [(114.963, 35.153), (115.100, 35.120), (115.280, 35.080), (115.450, 35.035), (115.600, 35.010), (115.690, 34.995), (115.800, 34.975), (115.890, 34.955), (116.050, 34.930), (116.250, 34.900), (116.450, 34.930)], "low"),
    ("东鱼河北支", "Dongyu He Beizhi", "river", [(115.021, 35.222), (115.199, 35.269), (115.330, 35.250), (115.420, 35.225), (115.450, 35.195), (115.530, 35.170), (115.630, 35.100), (115.730, 35.040), (115.810, 34.985)], "low"),
    ("万福河", "Wanfu He", "river", [(115.625, 35.130), (115.800, 35.150), (115.962, 35.162), (116.050, 35.115), (116.150, 35.105), (116.300, 35.100)], "low"),
    ("洙赵新河", "Zhuzhao Xinhe", "river", [(115.130, 35.370), (115.250, 35.360), (115.400, 35.335), (115.550, 35.330), (115.700, 35.350), (115.820, 35.390), (115.920, 35.400), (116.030, 35.420), (116.150, 35.430), (116.300, 35.430)], "low"),
    ("洙水河", "Zhushui He", "river", [(115.500, 35.240), (115.634, 35.196), (115.748, 35.175), (115.850, 35.200), (115.950, 35.280), (116.050, 35.350), (116.120, 35.385), (116.180, 35.395), (116.340, 35.395)], "low"),
    ("鄄郓河", "Juanyun He", "river", [(115.400, 35.560), (115.510, 35.550), (115.620, 35.550), (115.720, 35.560), (115.830, 35.580), (115.920, 35.600)], "low (course is a guess)"),
    ("郓城新河", "Yuncheng Xinhe", "river", [(115.749, 35.700), (115.850, 35.690), (115.950, 35.675), (116.047, 35.659), (116.150, 35.670)], "low"),
    ("北总干渠", "Bei Zongganqu", "canal", [(115.000, 35.240), (115.150, 35.260), (115.300, 35.290), (115.450, 35.310), (115.600, 35.330)], "low (course is a guess)"),
    ("高村南干渠", "Gaocun Nanganqu", "canal", [(115.130, 35.380), (115.150, 35.300), (115.180, 35.200), (115.220, 35.100)], "low (course is a guess)"),
]
PATCHES = [
    # name_zh, pinyin, kind, lon, lat, radius_m (area known: from it; else schematic), confidence
    ("东明黄河国家湿地公园", "Dongming Huanghe Wetland Park", "wetland_park", 114.940, 35.030, 1005, "medium; 317.6 ha"),
    ("曹县黄河故道国家湿地公园", "Caoxian Old Course Wetland Park", "wetland_park", 115.580, 34.620, 1500, "low; size schematic"),
    ("单县浮龙湖国家湿地公园", "Fulong Lake Wetland Park", "wetland_park", 115.960, 34.645, 2500, "medium; size schematic"),
    ("成武东鱼河国家湿地公园", "Chengwu Dongyu He Wetland Park", "wetland_park", 115.880, 34.965, 1000, "low; size schematic"),
    ("曹州牡丹园", "Caozhou Peony Garden", "scenic_area", 115.480, 35.280, 700, "medium; size schematic"),
    ("鄄城雷泽湖湿地", "Leize Lake wetland", "wetland_park", 115.530, 35.580, 1000, "low; size schematic"),
    ("郓城宋江湖湿地", "Songjiang Lake wetland", "wetland_park", 115.940, 35.615, 1000, "low; size schematic"),
    ("成武文亭湖", "Wenting Lake", "wetland_park", 115.890, 34.955, 600, "low; size schematic"),
    ("巨野新巨龙采煤塌陷湿地", "Xinjulong subsidence wetland", "wetland_park", 116.050, 35.440, 1500, "low; size schematic"),
    ("东明黄河森林公园", "Dongming Huanghe Forest Park", "forest_park", 115.120, 35.360, 1500, "low; size schematic"),
]

# ---- Transport --------------------------------------------------------------------------------------------
CORRIDORS = [
    # name_zh, pinyin, kind, status, line
    ("京九铁路", "Jingjiu Railway", "railway", "existing", [(115.990, 35.680), (115.920, 35.570), (115.780, 35.450), (115.630, 35.330), (115.490, 35.225), (115.520, 35.150), (115.570, 35.070), (115.570, 34.950), (115.550, 34.840), (115.580, 34.700), (115.620, 34.550)]),
    ("新菏兖日铁路", "Xin–He–Yan–Ri Railway", "railway", "existing", [(114.900, 35.220), (115.100, 35.250), (115.300, 35.235), (115.490, 35.225), (115.700, 35.270), (115.900, 35.330), (116.070, 35.380), (116.330, 35.400)]),
    ("鲁南高铁", "Lunan HSR (Rizhao–Lankao)", "high_speed_railway", "existing", [(114.830, 34.790), (115.000, 34.900), (115.200, 35.010), (115.380, 35.100), (115.557, 35.185), (115.750, 35.250), (115.920, 35.370), (116.120, 35.455), (116.350, 35.480)]),
    ("雄商高铁", "Xiong'an–Shangqiu HSR", "high_speed_railway", "planned", [(116.050, 35.850), (116.080, 35.780), (115.920, 35.570), (115.750, 35.380), (115.557, 35.185), (115.520, 35.000), (115.500, 34.840), (115.560, 34.600)]),
    ("菏徐铁路", "Heze–Xuzhou Railway", "railway", "planned", [(116.300, 34.760), (116.080, 34.800), (115.890, 34.950), (115.720, 35.020), (115.570, 35.070)]),
    ("G35济广高速", "G35 Jinan–Guangzhou Expressway", "expressway", "existing", [(116.050, 35.800), (115.970, 35.600), (115.850, 35.450), (115.680, 35.300), (115.600, 35.200), (115.620, 35.050), (115.630, 34.900), (115.620, 34.700), (115.620, 34.500)]),
    ("G1511日兰高速", "G1511 Rizhao–Lankao Expressway", "expressway", "existing", [(116.300, 35.440), (116.200, 35.440), (116.050, 35.420), (115.850, 35.360), (115.650, 35.300), (115.470, 35.290), (115.350, 35.200), (115.220, 35.050), (115.000, 34.930), (114.840, 34.840)]),
    ("G3W德上高速", "G3W Dezhou–Shangrao Expressway", "expressway", "existing", [(115.550, 35.850), (115.520, 35.620), (115.470, 35.450), (115.400, 35.300), (115.380, 35.150), (115.420, 35.000), (115.450, 34.800), (115.500, 34.550)]),
]
GREEN_ALONG = {"京九铁路": 100, "新菏兖日铁路": 100, "鲁南高铁": 100, "G35济广高速": 100, "G1511日兰高速": 100,
               "G3W德上高速": 100}
HUBS = [
    ("菏泽牡丹机场", "Heze Mudan Airport", "airport", "existing", 115.737, 35.212, "Wikipedia coordinates", "high"),
    ("菏泽东站", "Heze East Station", "station", "existing", 115.557, 35.185, "Wikipedia coordinates", "high"),
    ("菏泽站", "Heze Station", "station", "existing", 115.490, 35.225, "placed from text", "low"),
    ("巨野北站", "Juye North Station", "station", "existing", 116.120, 35.455, "placed from text", "low"),
    ("郓城站", "Yuncheng Station", "station", "existing", 115.920, 35.570, "placed from text", "low"),
    ("曹县西站", "Caoxian West Station", "station", "planned", 115.500, 34.840, "placed from text (Xiongshang HSR, under construction)", "low"),
    ("巨野港区", "Juye Port Area", "port", "planned", 116.170, 35.390, "placed from text (Qilin terminal, Zhushui He)", "medium"),
    ("郓城港区", "Yuncheng Port Area", "port", "planned", 116.030, 35.660, "placed from text", "low"),
    ("成武港区", "Chengwu Port Area", "port", "planned", 116.050, 35.110, "placed from text", "low"),
    ("定陶港区", "Dingtao Port Area", "port", "planned", 115.625, 35.130, "placed from text (Dutang terminal)", "low"),
]

# ---- geometry helpers (equirectangular metres around Heze; enough for schematic shapes) ---------------------
LAT0 = 35.2
MX = 111320 * math.cos(math.radians(LAT0))
MY = 110574


def offset_side(line, dist_m, side):
    """The line shifted by dist_m to one side (+1 right, -1 left of its direction), vertex normals averaged."""
    out = []
    for i, (x, y) in enumerate(line):
        a = line[max(i - 1, 0)]
        b = line[min(i + 1, len(line) - 1)]
        dx, dy = (b[0] - a[0]) * MX, (b[1] - a[1]) * MY
        n = math.hypot(dx, dy)
        nx, ny = dy / n * side, -dx / n * side
        out.append((round(x + nx * dist_m / MX, 4), round(y + ny * dist_m / MY, 4)))
    return out


def band(line, left_m, right_m, coarse=1):
    """A band along a line. Offset edges follow every `coarse`-th vertex so that a wiggly centreline does
    not fold the offset edge over itself."""
    guide = line[::coarse] + ([line[-1]] if (len(line) - 1) % coarse else [])
    left = offset_side(guide, left_m, -1) if left_m else list(line)
    right = offset_side(guide, right_m, +1) if right_m else list(line)
    pts = left + right[::-1] + [left[0]]
    return pts if signed_area(pts) > 0 else pts[::-1]


def circle(lon, lat, r_m, n=16):
    pts = [(round(lon + r_m * math.cos(2 * math.pi * k / n) / MX, 5), round(lat + r_m * math.sin(2 * math.pi * k / n) / MY, 5))
           for k in range(n)]
    return pts + [pts[0]]


# ---- writing ------------------------------------------------------------------------------------------------
def feature(fid, geometry, **props):
    return {"type": "Feature", "id": fid, "properties": props, "geometry": geometry}


def poly(ring_pts):
    return {"type": "Polygon", "coordinates": [[list(p) for p in ring_pts]]}


def line(pts):
    return {"type": "LineString", "coordinates": [list(p) for p in pts]}


def point(lon, lat):
    return {"type": "Point", "coordinates": [lon, lat]}


def base(name_zh, pinyin, kind, status, source):
    return dict(name_zh=name_zh, name_pinyin=pinyin, kind=kind, status=status, source=source)


def write(name, features):
    doc = {"type": "FeatureCollection", "name": name, "features": features}
    with open(os.path.join(OUT, name + ".geojson"), "w", encoding="utf-8") as f:
        f.write('{"type": "FeatureCollection", "name": "%s", "features": [\n' % name)
        f.write(",\n".join(json.dumps(x, ensure_ascii=False, separators=(", ", ": ")) for x in doc["features"]))
        f.write("\n]}\n")


def main():
    bnd = []
    for i, (zh, py, kind, arcs, pop, area) in enumerate([CITY] + COUNTIES, start=1):
        bnd.append(feature(i, poly(ring(*arcs)), **base(zh, py, kind, "existing", BOUNDARY_SOURCE),
                           population=pop, area_km2=area, guidance=guidance_of(zh),
                           guidance_source=GUIDANCE_SOURCE if guidance_of(zh) else None))
    write("boundaries", bnd)

    write("core", [feature(1, poly(CORE), **base("菏泽都市区", "Heze Dushiqu", "core", "planned",
                                                   PLAN_SOURCE + " 一核: central city with Dongming; outline schematic"))])
    write("belt", [feature(1, poly(band(BELT_PATH, 7000, 7000)),
                           **base("巨东城镇发展带", "Ju–Dong Chengzhen Fazhandai", "belt", "planned",
                                  PLAN_SOURCE + " 一带: Juye–central city–Dongming; 14 km wide schematic band"))])
    write("axes", [feature(i, line(pts), **base(zh, en, "axis", "planned", PLAN_SOURCE + " 五轴; drawn seat to seat"),
                           from_zh="菏泽中心城区", to_zh=to) for i, (zh, en, to, pts) in enumerate(AXES, start=1)])
    write("poles", [feature(i, point(*SEAT[c[:2]]), **base(c + "增长极", c + " pole", "pole", "planned", PLAN_SOURCE + " 多极"),
                            county=POLES[c]) for i, c in enumerate(POLES, start=1)])

    barriers = [
        feature(1, poly(band(YELLOW_RIVER, 0, 5000, coarse=4)),
                **base("沿黄生态屏障", "Yanhuang Shengtai Pingzhang", "barrier", "planned",
                       PLAN_SOURCE + " 两屏; the Yellow River centreline (WDB-II, generalised) and a 5 km band on the Heze side")),
        feature(2, poly(band(OLD_COURSE_HEZE, 3000, 3000)),
                **base("黄河故道生态屏障", "Huanghe Gudao Shengtai Pingzhang", "barrier", "planned",
                       PLAN_SOURCE + " 两屏; schematic old-course centreline ±3 km")),
    ]
    write("barriers", barriers)
    write("blue_network", [feature(i, line(pts), **base(zh, py, kind, "existing", "course after facts.geojson (text descriptions), confidence " + conf))
                           for i, (zh, py, kind, pts, conf) in enumerate(RIVERS, start=1)])
    green = []
    for zh, py, kind, status, pts in CORRIDORS:
        if zh in GREEN_ALONG:
            green.append(feature(len(green) + 1, line(pts), **base(zh + "绿色廊道", py + " green corridor", "green_corridor", "planned",
                                                                   PLAN_SOURCE + " 绿网 along the main transport corridors; width assumed"),
                                 width_m=GREEN_ALONG[zh]))
    write("green_network", green)
    write("patches", [feature(i, poly(circle(lon, lat, r)), **base(zh, py, kind, "existing", "centre from facts.geojson; outline a schematic circle; " + conf))
                      for i, (zh, py, kind, lon, lat, r, conf) in enumerate(PATCHES, start=1)])
    write("corridors", [feature(i, line(pts), **base(zh, py, kind, status, "alignment schematic between the towns it serves (facts.geojson), confidence low"))
                        for i, (zh, py, kind, status, pts) in enumerate(CORRIDORS, start=1)])
    write("hubs", [feature(i, point(lon, lat), **base(zh, py, kind, status, src + ", confidence " + conf))
                   for i, (zh, py, kind, status, lon, lat, src, conf) in enumerate(HUBS, start=1)])
    write("settlements", [feature(i, point(lon, lat), **base(zh, py, kind, "existing", src + ", confidence " + conf),
                                  tier=tier, county=county, guidance=guidance or None)
                          for i, (zh, py, kind, tier, county, lon, lat, guidance, src, conf) in enumerate(SETTLEMENTS, start=1)])


if __name__ == "__main__":
    main()
