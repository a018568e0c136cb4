from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "tinhso.portal"
    label = "portal"
