"""Read the bundled reference data (municipalities.csv, regions.csv) into plain rows.

Used by the data migration; kept free of models so the migration can use historical models.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from django.utils.text import slugify

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class RegionRow:
    slug: str
    name: str
    reference_region: str
    provinces: str
    number_of_municipalities: int


@dataclass(frozen=True)
class MunicipalityRow:
    nis_code: str
    name: str
    name_fr: str
    province: str
    region_name: str
    postcodes: str
    latitude: float
    longitude: float


def read_regions(path: Path = DATA_DIR / "regions.csv") -> list[RegionRow]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            RegionRow(
                slug=slugify(row["programme_region"]),
                name=row["programme_region"],
                reference_region=row["reference_region"],
                provinces=row["provinces"],
                number_of_municipalities=int(row["number_of_municipalities"]),
            )
            for row in csv.DictReader(handle)
        ]


def read_municipalities(path: Path = DATA_DIR / "municipalities.csv") -> list[MunicipalityRow]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            MunicipalityRow(
                nis_code=row["nis_code"],
                name=row["name_nl"],
                name_fr=row["name_fr"],
                province=row["province"],
                region_name=row["programme_region"],
                postcodes=" ".join(row["postcodes"].split()),
                latitude=float(row["lat"]),
                longitude=float(row["lon"]),
            )
            for row in csv.DictReader(handle)
        ]
