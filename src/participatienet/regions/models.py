"""The 18 programme regions and their municipalities (reference data, 1 January 2025)."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    """A programme region: one of the 15 reference regions, or Antwerpen, Gent or Brussel."""

    slug = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=80, unique=True)
    reference_region = models.CharField(_("reference region"), max_length=80, blank=True)
    provinces = models.CharField(_("provinces"), max_length=120, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("regions:detail", kwargs={"slug": self.slug})


class Municipality(models.Model):
    """A municipality (gemeente) with its NIS code, postcodes and centre coordinates."""

    nis_code = models.CharField(_("NIS code"), max_length=5, unique=True)
    name = models.CharField(_("name"), max_length=80)
    name_fr = models.CharField(_("French name"), max_length=80, blank=True)
    province = models.CharField(_("province"), max_length=40)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="municipalities",
        verbose_name=_("region"),
    )
    postcodes = models.CharField(
        _("postcodes"), max_length=200, help_text=_("Postcodes separated by spaces.")
    )
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        indexes = [models.Index(fields=["region", "name"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__gte=49.4, latitude__lte=51.6)
                & models.Q(longitude__gte=2.4, longitude__lte=6.5),
                name="municipality_in_belgium",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def postcode_list(self) -> list[str]:
        return self.postcodes.split()
