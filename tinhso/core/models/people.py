from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from tinhso.core.vietnamese import person_sort_key


class User(AbstractUser):
    """Anyone who logs in: a citizen (or a business's representative) or an official."""

    class Kind(models.TextChoices):
        CITIZEN = "citizen", _("Citizen")
        OFFICIAL = "official", _("Official")

    full_name = models.CharField(_("full name"), max_length=150)
    kind = models.CharField(_("account type"), max_length=10, choices=Kind.choices, default=Kind.CITIZEN)
    phone = models.CharField(_("telephone"), max_length=20, blank=True)
    phone_verified_at = models.DateTimeField(_("telephone verified"), null=True, blank=True)
    email_verified_at = models.DateTimeField(_("e-mail verified"), null=True, blank=True)
    citizen_id = models.CharField(_("personal identification number"), max_length=12, null=True, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    address_unit = models.ForeignKey(
        "core.AdministrativeUnit",
        verbose_name=_("commune or ward"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    address_line = models.CharField(_("house number, street, hamlet"), max_length=200, blank=True)
    sort_key = models.CharField(max_length=800, db_collation="C", editable=False, default="")

    REQUIRED_FIELDS = ["email", "full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["sort_key"]
        constraints = [
            # one account per telephone number, e-mail address and citizen: they are login identifiers
            models.UniqueConstraint(
                fields=["phone"], condition=~models.Q(phone=""), name="unique_user_phone"
            ),
            models.UniqueConstraint(Lower("email"), condition=~models.Q(email=""), name="unique_user_email"),
            models.UniqueConstraint(fields=["citizen_id"], name="unique_user_citizen_id"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or self.username

    def get_short_name(self) -> str:
        return self.full_name.split()[-1] if self.full_name else self.username

    @property
    def is_official(self) -> bool:
        return self.kind == self.Kind.OFFICIAL

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.sort_key = person_sort_key(self.full_name or self.username)[:800]
        super().save(*args, **kwargs)


class Role(models.TextChoices):
    ONE_STOP_OFFICER = "one_stop_officer", _("One-stop officer")
    SPECIALIST = "specialist", _("Specialist")
    DEPARTMENT_HEAD = "department_head", _("Department head")
    AGENCY_LEADER = "agency_leader", _("Agency leader")
    CLERK = "clerk", _("Clerk")
    SYSADMIN = "sysadmin", _("System administrator")


class Position(models.Model):
    """An official's role in one agency (optionally one internal department). One person may hold several."""

    user = models.ForeignKey(
        User, verbose_name=_("official"), on_delete=models.CASCADE, related_name="positions"
    )
    agency = models.ForeignKey(
        "core.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="positions"
    )
    department = models.ForeignKey(
        "core.Department",
        verbose_name=_("internal department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="positions",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    title = models.CharField(_("job title"), max_length=120, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        constraints = [
            models.UniqueConstraint(fields=["user", "agency", "role"], name="one_role_per_agency"),
        ]
        indexes = [models.Index(fields=["agency", "role", "is_active"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.agency}"
