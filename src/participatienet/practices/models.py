"""Practices (praktijken) of the regional networks, shared across Flanders and Brussels in the
practice library (inspiratiegids), and the interest other regions show in them."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participatienet.offers.models import normalise
from participatienet.offers.schedule import bits_of_mask
from participatienet.practices.choices import PracticeStatus, PracticeTheme
from participatienet.practices.querysets import PracticeInterestQuerySet, PracticeQuerySet

#: Every theme bit set: a ``themes_mask`` above it holds unknown themes.
ALL_THEMES = (1 << len(PracticeTheme.values)) - 1


def theme_bits(main_theme: int | None, mask: int) -> list[int]:
    """The known themes of ``mask``, ``main_theme`` first."""
    bits = [bit for bit in bits_of_mask(mask) if bit in PracticeTheme.values]
    if main_theme in bits:
        bits.remove(main_theme)
        bits.insert(0, main_theme)
    return bits


def practice_search_text(*, title: str, texts: list[str], region: str, contact: str) -> str:
    """What the library's word search looks in; bulk inserts must fill it with this too."""
    return normalise(" ".join([title, *texts, region, contact]))


class Practice(models.Model):
    title = models.CharField(_("title"), max_length=150)
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="practices",
        verbose_name=_("region"),
    )
    main_theme = models.PositiveSmallIntegerField(
        _("main theme"),
        choices=PracticeTheme.choices,
        help_text=_("The printable guide prints the practice under its main theme."),
    )
    themes_mask = models.PositiveIntegerField(_("themes"), default=0)
    what = models.TextField(_("what"), help_text=_("What the practice is, in a few sentences."))
    why = models.TextField(_("why"), help_text=_("The question or bottleneck it answers."))
    how = models.TextField(_("how"), help_text=_("How it works: the steps, who does what."))
    lessons = models.TextField(
        _("lessons learned"),
        blank=True,
        help_text=_("What went well, what you would do differently, tips for another region."),
    )
    contact = models.ForeignKey(
        "network.ContactPoint",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="practices",
        verbose_name=_("contact point"),
    )
    contact_name = models.CharField(_("contact name"), max_length=120, blank=True)
    contact_email = models.EmailField(_("contact e-mail address"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=PracticeStatus.choices, default=PracticeStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    search_text = models.TextField(editable=False, default="")

    objects = PracticeQuerySet.as_manager()

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("practice")
        verbose_name_plural = _("practices")
        indexes = [
            models.Index(fields=["status", "region"]),
            models.Index(fields=["region", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(themes_mask__gt=0) & models.Q(themes_mask__lte=ALL_THEMES),
                name="practice_has_known_themes",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=PracticeStatus.PUBLISHED)
                | models.Q(published_at__isnull=False),
                name="practice_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: object, **kwargs: object) -> None:
        contact = ""
        if self.contact_id:
            contact = f"{self.contact.name} {self.contact.organisation.name}"
        self.search_text = practice_search_text(
            title=self.title,
            texts=[self.what, self.why, self.how, self.lessons],
            region=self.region.name if self.region_id else "",
            contact=f"{contact} {self.contact_name}",
        )
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = [*update_fields, "search_text"]
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def get_absolute_url(self) -> str:
        return reverse("practices:detail", kwargs={"pk": self.pk})

    @property
    def themes(self) -> list[PracticeTheme]:
        """The main theme first, then the others in their order."""
        return [PracticeTheme(bit) for bit in theme_bits(self.main_theme, self.themes_mask)]

    def clean(self) -> None:
        super().clean()
        if self.main_theme is not None and not self.themes_mask >> self.main_theme & 1:
            raise ValidationError({"main_theme": _("The main theme is one of the themes.")})


class PracticeLink(models.Model):
    """A link to read more: a report, a flyer, a video, the project's website."""

    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="links", verbose_name=_("practice")
    )
    label = models.CharField(_("label"), max_length=120)
    url = models.URLField(
        _("web address"), max_length=500, validators=[URLValidator(schemes=["http", "https"])]
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["practice", "position", "pk"]
        verbose_name = _("link")
        verbose_name_plural = _("links")

    def __str__(self) -> str:
        return self.label


class PracticeInterest(models.Model):
    """A region says "we want to try this" about another region's practice."""

    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="interests", verbose_name=_("practice")
    )
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="practice_interests",
        verbose_name=_("region"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("marked by"),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("marked at"), default=timezone.now)

    objects = PracticeInterestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("interest in a practice")
        verbose_name_plural = _("interests in practices")
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "region"], name="practice_interest_once_per_region"
            )
        ]

    def __str__(self) -> str:
        return f"{self.region} → {self.practice}"
