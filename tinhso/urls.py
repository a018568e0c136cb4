from django.contrib import admin
from django.urls import include, path

from tinhso.api.api import api
from tinhso.portal.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("quan-tri/", admin.site.urls),
    path("api/v1/", api.urls),
    path("can-bo/", include("tinhso.backoffice.urls")),
    path("", include("tinhso.portal.urls")),
]

handler403 = "tinhso.portal.errors.forbidden"
handler404 = "tinhso.portal.errors.not_found"
handler500 = "tinhso.portal.errors.server_error"
