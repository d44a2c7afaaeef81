"""Validators for organisation data."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_KBO = re.compile(r"^[01]\d{9}$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ./()-]{7,18}[0-9]$")


def normalise_kbo_number(value: str) -> str:
    """``0123 456 749`` or ``BE0123.456.749`` → ``0123.456.749``; digits only are kept."""
    digits = re.sub(r"\D", "", value or "")
    if len(digits) == 9:  # old numbers without the leading 0
        digits = "0" + digits
    return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}" if len(digits) == 10 else value


def validate_kbo_number(value: str) -> None:
    """A Belgian enterprise number: 10 digits starting with 0 or 1, with a modulo-97 check."""
    digits = re.sub(r"\D", "", value or "")
    if len(digits) == 9:
        digits = "0" + digits
    if not _KBO.match(digits) or 97 - int(digits[:8]) % 97 != int(digits[8:]):
        raise ValidationError(
            _("This is not a valid KBO number (10 digits, e.g. 0123.456.749)."), code="kbo"
        )


def validate_phone(value: str) -> None:
    """A phone number: digits with spaces, dots, dashes or brackets, optionally +country."""
    if value and not _PHONE.match(value.strip()):
        raise ValidationError(
            _("Enter a phone number such as 09 123 45 67 or +32 470 12 34 56."), code="phone"
        )
