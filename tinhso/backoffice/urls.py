from django.urls import path

from tinhso.backoffice import views

app_name = "backoffice"

urlpatterns = [
    path("", views.home, name="home"),
    path("can-bo/", views.officials, name="officials"),
    path("co-quan/", views.agencies, name="agencies"),
    path("khoa-api/", views.tokens, name="tokens"),
    path("khoa-api/<int:token_id>/thu-hoi/", views.token_revoke, name="token-revoke"),
]
