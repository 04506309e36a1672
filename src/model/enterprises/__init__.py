"""Firms of the county."""

from model.enterprises.base import Enterprise
from model.enterprises.egg_farm import EggFarm

__all__ = ["EggFarm", "Enterprise"]
