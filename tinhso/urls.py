from django.contrib import admin
from django.urls import include, path

from tinhso.api.api import api
from tinhso.core.vneid_sim import SIMULATOR_PATH
from tinhso.portal.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("quan-tri/", admin.site.urls),
    path("api/v1/", api.urls),
    path("can-bo/", include("tinhso.backoffice.urls")),
    # Answers only when settings.VNEID_SIMULATOR is on (each view checks, so tests can switch it).
    path(f"{SIMULATOR_PATH}/", include("tinhso.vneidsim.urls")),
    # The bank simulator: only with settings.BANK_SIMULATOR (its view checks).
    path("mo-phong-ngan-hang/", include("tinhso.banksim.urls")),
    path("", include("tinhso.portal.urls")),
]

handler403 = "tinhso.portal.errors.forbidden"
handler404 = "tinhso.portal.errors.not_found"
handler500 = "tinhso.portal.errors.server_error"
