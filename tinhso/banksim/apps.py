from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BanksimConfig(AppConfig):
    name = "tinhso.banksim"
    label = "banksim"
    verbose_name = _("Bank simulator")
