from django.urls import path

from tinhso.backoffice import views, views_notifications

app_name = "backoffice"

urlpatterns = [
    path("", views.home, name="home"),
    path("can-bo/", views.officials, name="officials"),
    path("co-quan/", views.agencies, name="agencies"),
    path("khoa-api/", views.tokens, name="tokens"),
    path("khoa-api/<int:token_id>/thu-hoi/", views.token_revoke, name="token-revoke"),
    path("thong-bao/", views_notifications.inbox, name="inbox"),
    path("thong-bao/doc-tat-ca/", views_notifications.inbox_read_all, name="inbox-read-all"),
    path("thong-bao/<int:notification_id>/", views_notifications.notification_detail, name="notification"),
]
