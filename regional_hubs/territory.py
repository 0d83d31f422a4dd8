"""Territorial needs and potentials: the census indicators shown, and the promising-sector rule.

The figures come from ``TerritoryProfile`` (2024 census, loaded by
``services.load_indicators``). ``promising_sectors`` names the SSE sectors that suit a
territory by a rule simple enough to print on the page (see its docstring); the
cooperatives app may pass its counts of cooperatives by sector to strengthen it.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


@dataclass(frozen=True)
class Indicator:
    key: str  # a TerritoryProfile field
    label: str
    unit: str  # "percent" or "count"
    #: True when a higher value points at a greater need (unemployment, illiteracy...).
    higher_is_need: bool = False


INDICATORS = [
    Indicator("population", _("Legal population"), "count"),
    Indicator("rural_share", _("Rural population share"), "percent"),
    Indicator("youth_share", _("People aged 15 to 24"), "percent"),
    Indicator("activity_rate", _("Activity rate"), "percent"),
    Indicator("women_activity_rate", _("Women's activity rate"), "percent"),
    Indicator("unemployment_rate", _("Unemployment rate"), "percent", True),
    Indicator("women_unemployment_rate", _("Women's unemployment rate"), "percent", True),
    Indicator("illiteracy_rate", _("Illiteracy rate (15 and over)"), "percent", True),
    Indicator("women_illiteracy_rate", _("Women's illiteracy rate (15 and over)"), "percent",
              True),
    Indicator("cooperative_member_share", _("Cooperative members among the employed"),
              "percent"),
    Indicator("self_employed_share", _("Self-employed among the employed"), "percent"),
    Indicator("family_worker_share", _("Family workers among the employed"), "percent"),
    Indicator("establishments_total", _("Establishments"), "count"),
    Indicator("establishments_non_profit", _("Non-profit establishments"), "count"),
    Indicator("weekly_souks", _("Weekly souks"), "count"),
    Indicator("establishment_jobs", _("Jobs in establishments"), "count"),
]
INDICATOR_BY_KEY = {indicator.key: indicator for indicator in INDICATORS}
DEFAULT_MAP_INDICATOR = "unemployment_rate"
#: Indicators that make sense on a map (rates compare across territories of any size).
MAP_INDICATORS = [i for i in INDICATORS if i.unit == "percent"]


def indicator_rows(profile, *comparisons):
    """Rows of (indicator, value, comparison values...) for a figures table."""
    rows = []
    for indicator in INDICATORS:
        values = [getattr(p, indicator.key, None) if p is not None else None
                  for p in (profile, *comparisons)]
        rows.append({"indicator": indicator, "value": values[0], "comparisons": values[1:]})
    return rows


class SectorKey:
    """The slugs of the SSE sectors: the one list. The cooperatives' data migration that
    creates the Sector rows keeps a copy of its day (tests/cooperatives/test_sector_keys.py
    fails if they part); a new sector is a new key here and a new data migration there."""

    HANDICRAFTS = "handicrafts"
    LOCAL_PRODUCTS = "local_products"
    ARGAN = "argan"
    AGRICULTURE = "agriculture"
    RURAL_TOURISM = "rural_tourism"
    ARTISANAL_FISHING = "artisanal_fishing"
    SERVICES = "services"


SECTOR_LABELS = {
    SectorKey.HANDICRAFTS: _("Handicrafts"),
    SectorKey.LOCAL_PRODUCTS: _("Local and terroir products"),
    SectorKey.ARGAN: _("Argan"),
    SectorKey.AGRICULTURE: _("Agriculture"),
    SectorKey.RURAL_TOURISM: _("Rural and solidarity tourism"),
    SectorKey.ARTISANAL_FISHING: _("Artisanal fishing"),
    SectorKey.SERVICES: _("Local services"),
}

# Geographic facts the census does not carry, by province HCP code.
#: Provinces with a sea coast and landing sites for small-scale fishing.
COASTAL_PROVINCES = frozenset({
    "01.511", "01.573", "01.571", "01.227", "01.331", "01.051", "01.151",
    "02.381", "02.167", "02.113",
    "04.421", "04.441", "04.501", "04.281",
    "06.141", "06.371", "06.181", "06.111", "06.467",
    "07.211", "07.431",
    "09.001", "09.273", "09.163", "09.581",
    "10.261", "10.473", "10.521",
    "11.321", "11.121", "11.537",
    "12.391",
})
#: Provinces of the argan forest (the Arganeraie biosphere reserve and its edges).
ARGAN_PROVINCES = frozenset({
    "09.001", "09.273", "09.163", "09.541", "09.581", "07.211", "07.161", "10.473", "10.261",
})

#: A sector is named promising from this many points on.
PROMISING_SCORE = 2
#: Cooperatives of a sector already in the territory from which they count as a point.
EXISTING_COOPERATIVES_POINT = 1


def _has(codes, region_code, province_code):
    if province_code:
        return province_code in codes
    return any(code.startswith(f"{region_code}.") for code in codes)


def _above(profile, national, field):
    value, reference = getattr(profile, field, None), getattr(national, field, None)
    return value is not None and reference is not None and value >= reference


def _below(profile, national, field):
    value, reference = getattr(profile, field, None), getattr(national, field, None)
    return value is not None and reference is not None and value < reference


def _per_100k(profile, field):
    value, population = getattr(profile, field, None), getattr(profile, "population", None)
    if value is None or not population:
        return None
    return value * 100_000 / population


def _reason(text, profile, national, field):
    return text % {
        "value": _number(getattr(profile, field, None)),
        "national": _number(getattr(national, field, None)),
    }


def _number(value):
    from django.utils.formats import number_format

    if value is None:
        return "-"
    return number_format(value, decimal_pos=1 if isinstance(value, float) else 0,
                         use_l10n=True, force_grouping=True)


def promising_sectors(profile, national, *, region_code, province_code=None,
                      cooperatives_by_sector=None):
    """The sectors that suit a territory, with the reasons that make them promising.

    The rule, printed on the needs page as well. Each sector earns one point per criterion
    the territory meets; the national figure is the yardstick. A sector with at least
    ``PROMISING_SCORE`` points is promising; argan and artisanal fishing are only considered
    where the argan forest or a sea coast is.

    - Agriculture: rural share at or above the national share; family workers at or above.
    - Local and terroir products: rural share at or above national; weekly souks per
      100,000 people at or above national; cooperative members among the employed at or
      above national.
    - Argan (argan provinces only): the argan forest (one point); women's activity rate below
      national (a workforce that argan cooperatives traditionally employ).
    - Handicrafts: self-employed share at or above national; women's activity rate below
      national.
    - Rural and solidarity tourism: rural share at or above national; non-profit
      establishments per 100,000 people at or above national (an active associative fabric).
    - Artisanal fishing (coastal provinces only): the coast (one point); unemployment at or
      above national.
    - Local services: rural share below national (a mainly urban territory); unemployment at or
      above national; share of people aged 15 to 24 at or above national.
    - Any sector: at least ``EXISTING_COOPERATIVES_POINT`` cooperative of that sector already
      listed in the territory, when ``cooperatives_by_sector`` ({sector key: count}) is given.

    Returns a list of {"key", "label", "score", "reasons"} sorted by score, best first
    (ties keep the order above); ``reasons`` are translated sentences with the figures.
    """
    if profile is None or national is None:
        return []
    counts = cooperatives_by_sector or {}
    rural = _above(profile, national, "rural_share")
    women_inactive = _below(profile, national, "women_activity_rate")
    unemployed = _above(profile, national, "unemployment_rate")
    rural_reason = _reason(_("Rural population share of %(value)s%% (national: %(national)s%%)."),
                           profile, national, "rural_share")
    women_reason = _reason(
        _("Women's activity rate of %(value)s%% (national: %(national)s%%): many women "
          "outside the labour market."), profile, national, "women_activity_rate")
    unemployment_reason = _reason(
        _("Unemployment rate of %(value)s%% (national: %(national)s%%)."),
        profile, national, "unemployment_rate")

    souks, national_souks = _per_100k(profile, "weekly_souks"), _per_100k(national,
                                                                          "weekly_souks")
    associations = _per_100k(profile, "establishments_non_profit")
    national_associations = _per_100k(national, "establishments_non_profit")

    criteria = {
        SectorKey.AGRICULTURE: [
            (rural, rural_reason),
            (_above(profile, national, "family_worker_share"), _reason(
                _("Family workers make up %(value)s%% of the employed (national: "
                  "%(national)s%%)."), profile, national, "family_worker_share")),
        ],
        SectorKey.LOCAL_PRODUCTS: [
            (rural, rural_reason),
            (souks is not None and national_souks is not None and souks >= national_souks,
             _("%(value)s weekly souks per 100,000 people (national: %(national)s): outlets "
               "for local products.") % {"value": _number(souks),
                                         "national": _number(national_souks)}),
            (_above(profile, national, "cooperative_member_share"), _reason(
                _("Cooperative members make up %(value)s%% of the employed (national: "
                  "%(national)s%%)."), profile, national, "cooperative_member_share")),
        ],
        SectorKey.ARGAN: [
            (_has(ARGAN_PROVINCES, region_code, province_code),
             _("The territory lies in the argan forest.")),
            (women_inactive, women_reason),
        ],
        SectorKey.HANDICRAFTS: [
            (_above(profile, national, "self_employed_share"), _reason(
                _("Self-employed people make up %(value)s%% of the employed (national: "
                  "%(national)s%%)."), profile, national, "self_employed_share")),
            (women_inactive, women_reason),
        ],
        SectorKey.RURAL_TOURISM: [
            (rural, rural_reason),
            (associations is not None and national_associations is not None
             and associations >= national_associations,
             _("%(value)s non-profit establishments per 100,000 people (national: "
               "%(national)s).") % {"value": _number(associations),
                                    "national": _number(national_associations)}),
        ],
        SectorKey.ARTISANAL_FISHING: [
            (_has(COASTAL_PROVINCES, region_code, province_code),
             _("The territory has a sea coast.")),
            (unemployed, unemployment_reason),
        ],
        SectorKey.SERVICES: [
            (_below(profile, national, "rural_share"), _reason(
                _("Mainly urban territory: rural share of %(value)s%% (national: "
                  "%(national)s%%)."), profile, national, "rural_share")),
            (unemployed, unemployment_reason),
            (_above(profile, national, "youth_share"), _reason(
                _("People aged 15 to 24 make up %(value)s%% of the population (national: "
                  "%(national)s%%)."), profile, national, "youth_share")),
        ],
    }
    required = {SectorKey.ARGAN: 0, SectorKey.ARTISANAL_FISHING: 0}
    results = []
    for key, checks in criteria.items():
        if key in required and not checks[required[key]][0]:
            continue
        reasons = [str(reason) for met, reason in checks if met]
        count = counts.get(key, 0)
        if count >= EXISTING_COOPERATIVES_POINT:
            reasons.append(ngettext(
                "%(count)s cooperative of this sector is already listed here.",
                "%(count)s cooperatives of this sector are already listed here.",
                count) % {"count": _number(count)})
        if len(reasons) >= PROMISING_SCORE:
            results.append({"key": key, "label": str(SECTOR_LABELS[key]),
                            "score": len(reasons), "reasons": reasons})
    results.sort(key=lambda item: -item["score"])
    return results
