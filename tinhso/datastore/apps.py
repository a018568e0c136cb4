from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DatastoreConfig(AppConfig):
    name = "tinhso.datastore"
    label = "datastore"
    verbose_name = _("Personal data store")
    default_auto_field = "django.db.models.BigAutoField"
