from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicequalityConfig(AppConfig):
    name = "tinhso.servicequality"
    label = "servicequality"
    verbose_name = _("Service-quality index")
    default_auto_field = "django.db.models.BigAutoField"
