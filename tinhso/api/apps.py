from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "tinhso.api"
    label = "tinhso_api"
